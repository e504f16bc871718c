import datetime
import random
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from assessments.actions.selectors import organisation_plan
from assessments.demo.respondents import PROFILE_2026, SEED, draw_respondents
from assessments.models import Answer, Consensus, ImprovementAction, Round
from assessments.reporting.report import build_report
from assessments.reporting.trend import organisation_trend


def test_load_demo_twice_loads_the_demo_once(db):
    first = StringIO()
    call_command("load_demo", stdout=first)
    counts = (Round.objects.count(), Answer.objects.count(), ImprovementAction.objects.count())
    call_command("load_demo", stdout=StringIO())

    assert (
        Round.objects.count(),
        Answer.objects.count(),
        ImprovementAction.objects.count(),
    ) == counts
    assert "demo-coordinator" in first.getvalue() and "beheer" in first.getvalue()
    code = Round.objects.first().organisation.slug
    assert f"Code van de organisatie: {code} (haar pagina: /organisaties/{code}/)" in (
        first.getvalue()
    )
    lezer = get_user_model().objects.get(username="demo-lezer")
    assert lezer.get_full_name() == "Lex Lezer"  # named, as on the colleagues page
    voorbeeld = Round.objects.filter(organisation__slug="voorbeeld")
    rounds = {round.name: round for round in voorbeeld.select_related("organisation")}
    assert set(rounds) == {
        "Borgingsscan 2024",
        "Borgingsscan 2025",
        "Borgingsscan 2026",
        "Borgingsscan 2027",
    }
    assert rounds["Borgingsscan 2027"].status == Round.Status.CONCEPT
    current = rounds["Borgingsscan 2026"]
    assert current.is_closed and current.organisation.name == "Gemeente Voorbeeld"
    assert 12 <= current.respondents.count() <= 20
    assert Consensus.objects.filter(round=current).count() >= 3
    lines = set(ImprovementAction.objects.filter(round=current).values_list("line", flat=True))
    assert lines == {"actief_leren", "samen_ervaren", "ontwikkelen"}

    report = build_report(current)
    assert report.previous == rounds["Borgingsscan 2025"]
    assert report.findings.gaps and report.findings.unknown
    assert report.findings.disagreement
    assert all(row.submitted >= 3 for row in report.per_rol)
    # the look back reads the live state of last year's actions
    assert [row.status_label for row in report.lookback.rows].count("Klaar") == 2

    trend = organisation_trend(current.organisation)
    assert [point.label[-4:] for point in trend.overall.points] == ["2024", "2025", "2026"]
    levels = [point.level for point in trend.overall.points]
    assert levels == sorted(levels) and levels[0] < levels[-1]
    plan = organisation_plan(current.organisation)
    assert {action.line for action in plan} == {"actief_leren", "samen_ervaren", "ontwikkelen"}
    assert all(action.updates.all() for action in plan)
    assert sum(len(action.updates.all()) > 1 for action in plan) >= 5
    today = datetime.date(2026, 12, 1)
    assert [a.title for a in plan if a.is_overdue(today)] == [
        "Vaste terugkoppelbrief na elke bijeenkomst"
    ]
    # the closed report keeps the statuses as they were at closing
    frozen = {a.title: a.status_label for a in report.actions}
    assert frozen["Participatie als vaste post in de projectbegroting"] == "Gepland"


def test_demo_answers_are_drawn_deterministically():
    # Closed rounds cannot be deleted, so compare the draws rather than two loaded demos.
    first = draw_respondents(PROFILE_2026, 16, random.Random(SEED))
    second = draw_respondents(PROFILE_2026, 16, random.Random(SEED))
    other_seed = draw_respondents(PROFILE_2026, 16, random.Random(SEED + 1))

    assert first == second
    assert first != other_seed
    assert len(first) == 16


def test_load_demo_analyses_the_tables_it_filled_on_postgresql_only(db):
    """Issue 31: a bulk path leaves fresh planner statistics behind it, on PostgreSQL; SQLite
    is not asked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call_command("load_demo", stdout=StringIO())

    analysed = {
        query["sql"].split()[1].strip('"')
        for query in captured.captured_queries
        if query["sql"].upper().startswith("ANALYZE")
    }
    if connection.vendor == "postgresql":
        assert {"assessments_answer", "assessments_respondent", "auth_user"} <= analysed
    else:
        assert analysed == set()
