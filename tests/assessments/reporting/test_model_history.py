"""A round belongs to its model's history: with the Borgingshuis and the Democratische waarden
in one organisation, a round is compared only with earlier rounds of versions of its own
model (trend, workbook, report and PDF comparisons, look back, last round's people, carrying
actions over)."""

import datetime
from importlib import import_module
from io import BytesIO, StringIO

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from assessments.actions.models import ActionsAtClose
from assessments.actions.services import actions_carry_over
from assessments.models import Round
from assessments.reporting.report import build_report
from assessments.reporting.trend import organisation_trend
from assessments.rounds.selectors import returning_people
from assessments.rounds.services import round_close
from bouwstenen.models import Framework, Rol
from bouwstenen.services import framework_copy
from tests.factories import make_action, make_round, make_submitted_respondent

BORGINGSHUIS_ROLLEN = ("bestuur", "managers", "adviseurs")
DEMOCRATIC_ROLLEN = ("raad", "college", "ambtenaren")


@pytest.fixture
def democratic(framework):
    call_command("load_models", stdout=StringIO())
    return Framework.objects.get(slug="democratische-waarden-2024")


def closed(organisation, framework, name, level, when, rollen, numbers):
    """A round closed at `when` where three people per role scored `level` everywhere."""
    with time_machine.travel(when, tick=False):
        round = make_round(organisation=organisation, framework=framework, name=name, status="open")
        for rol in rollen:
            for index in range(3):
                make_submitted_respondent(
                    round=round,
                    rol=rol,
                    levels=dict.fromkeys(numbers, level),
                    desired=dict.fromkeys(numbers, 4),
                    name=f"{name} {rol} {index}",
                )
        return round_close(round=round)


def at(year, month=3, day=1, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def history(organisation, framework, democratic):
    """Borgingsscan 2026 (level 3), Democratische scan 2027 (level 2, its bouwsteen 1 is
    "Inclusie"), Borgingsscan 2028 (level 4) on a newer version of the Borgingshuis."""
    newer = framework_copy(framework=framework)
    newer.is_published = True
    newer.save()
    return {
        "scan_2026": closed(
            organisation,
            framework,
            "Borgingsscan 2026",
            3,
            at(2026),
            BORGINGSHUIS_ROLLEN,
            range(1, 12),
        ),
        "democratic": closed(
            organisation,
            democratic,
            "Democratische scan 2027",
            2,
            at(2027),
            DEMOCRATIC_ROLLEN,
            range(1, 6),
        ),
        "newer": newer,
    }


def new_round(organisation, history):
    """Borgingsscan 2028, open, on the newer version of the Borgingshuis."""
    with time_machine.travel(at(2028), tick=False):
        return make_round(
            organisation=organisation,
            framework=history["newer"],
            name="Borgingsscan 2028",
            status="open",
        )


def test_a_copy_keeps_its_models_lineage_and_another_model_has_its_own(framework, democratic):
    copy = framework_copy(framework=framework)

    assert copy.lineage == framework.lineage == "borgingshuis"
    assert democratic.lineage == "democratische-waarden"


def test_the_previous_round_is_the_last_one_of_the_same_model(organisation, history):
    scan_2028 = new_round(organisation, history)

    assert history["democratic"].previous_closed() is None
    assert scan_2028.previous_closed() == history["scan_2026"]


def test_the_trend_shows_one_model_and_offers_the_other(organisation, history):
    closed(
        organisation,
        history["newer"],
        "Borgingsscan 2028",
        4,
        at(2028),
        BORGINGSHUIS_ROLLEN,
        range(1, 12),
    )

    trend = organisation_trend(organisation)

    assert [r.name for r in trend.rounds] == ["Borgingsscan 2026", "Borgingsscan 2028"]
    assert trend.overall.change_text == "+1"
    assert trend.bouwstenen[0].name.startswith("1. ")
    assert "Inclusie" not in trend.bouwstenen[0].name
    assert [(m.lineage, m.selected) for m in trend.models] == [
        ("borgingshuis", True),
        ("democratische-waarden", False),
    ]
    other = organisation_trend(organisation, "democratische-waarden")
    assert [r.name for r in other.rounds] == ["Democratische scan 2027"]
    assert other.overall.change_text == "–"
    assert len(other.bouwstenen) == 5


def test_the_trend_page_and_workbook_keep_the_models_apart(
    client, colleague, organisation, history, django_assert_max_num_queries
):
    client.force_login(colleague)
    url = reverse("assessments:organisation-trend", args=[organisation.slug])

    # session, user, organisation, the nav's organisations, the rounds with their frameworks,
    # their answers, their consensus
    with django_assert_max_num_queries(7):
        page = client.get(url).content.decode()

    # the round closed last is the Democratische waarden: its trend comes first, alone
    assert "Democratische scan 2027" in page and "Borgingsscan 2026" not in page
    assert "sinds de ronde ervoor" not in page
    assert '<a href="?model=borgingshuis">' in page
    assert "ontwikkeling.xlsx?model=democratische-waarden" in page
    workbook = client.get(
        reverse("assessments:organisation-workbook", args=[organisation.slug]),
        {"model": "borgingshuis"},
    )
    header = [cell.value for cell in load_workbook(BytesIO(workbook.content))["Ontwikkeling"][1]]
    assert header == ["Bouwsteen", "Borgingsscan 2026: niveau", "Borgingsscan 2026: gewenst"]


def test_a_rounds_report_compares_and_looks_back_only_within_its_model(organisation, history):
    make_action(round=history["scan_2026"], title="Training voor projectleiders")

    report = build_report(history["democratic"])

    assert report.previous is None
    assert report.previous_overall_text == ""
    assert report.lookback is None
    scan_2028 = new_round(organisation, history)
    later = build_report(scan_2028)
    assert later.previous == history["scan_2026"]
    assert [row.title for row in later.lookback.rows] == ["Training voor projectleiders"]


def test_last_rounds_people_come_from_the_same_model(organisation, history):
    scan_2028 = new_round(organisation, history)

    previous, people = returning_people(scan_2028, Rol.objects.filter(framework=history["newer"]))

    assert previous == history["scan_2026"]
    assert len(people) == 9
    assert all(person.rol_id is not None for person in people)
    assert {p.name for p in people} == {
        f"Borgingsscan 2026 {rol} {index}" for rol in BORGINGSHUIS_ROLLEN for index in range(3)
    }


def test_actions_are_not_carried_over_from_another_model(organisation, history):
    make_action(round=history["democratic"], title="Raad betrekken", rol="raad")
    scan_2028 = new_round(organisation, history)

    with pytest.raises(ValidationError) as refused:
        actions_carry_over(from_round=history["democratic"], to_round=scan_2028)

    assert refused.value.code == "other_model"
    assert not scan_2028.actions.exists()


def test_the_action_list_offers_to_carry_over_only_from_the_same_model(
    client, coordinator, organisation, history
):
    make_action(round=history["scan_2026"], title="Training voor projectleiders")
    scan_2028 = new_round(organisation, history)
    client.force_login(coordinator)

    page = client.get(reverse("assessments:action-list", args=[scan_2028.pk])).content.decode()

    assert "1 openstaande actie overnemen" in page
    assert "Uit eerdere rondes van dit model: Borgingsscan 2026." in page
    assert "Democratische scan 2027" not in page


def test_a_look_back_frozen_from_another_model_is_taken_again_from_the_right_round(
    organisation, history
):
    make_action(round=history["scan_2026"], title="Training voor projectleiders")
    make_action(round=history["democratic"], title="Raad betrekken", rol="raad")
    scan_2028 = round_close(round=new_round(organisation, history))
    # what closing froze before rounds kept to their model: the democratic round's actions
    ActionsAtClose.objects.filter(round=scan_2028).update(
        previous_actions=list(history["democratic"].actions.values("id", "title", "status"))
    )
    migration = import_module("assessments.migrations.0016_previous_actions_same_model")

    migration.refreeze_previous_actions(django_apps, None)

    report = build_report(Round.objects.get(pk=scan_2028.pk))
    assert [row.title for row in report.lookback.rows] == ["Training voor projectleiders"]


def test_a_rounds_pages_link_to_the_trend_of_its_own_model(
    client, colleague, organisation, history
):
    client.force_login(colleague)
    trend = reverse("assessments:organisation-trend", args=[organisation.slug])

    for name in ("round-detail", "round-report"):
        page = client.get(reverse(f"assessments:{name}", args=[history["democratic"].pk]))
        assert f'href="{trend}?model=democratische-waarden"' in page.content.decode()
