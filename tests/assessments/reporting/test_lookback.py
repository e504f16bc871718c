from django.urls import reverse

from assessments.actions.services import actions_carry_over
from assessments.models import ImprovementAction
from assessments.reporting.lookback import action_lookback
from assessments.reporting.report import build_report
from assessments.rounds.services import round_close
from tests.factories import make_action, make_round, make_scored_round

DONE, PLANNED = ImprovementAction.Status.DONE, ImprovementAction.Status.PLANNED


def two_years(organisation, framework):
    last_year = make_scored_round(
        organisation=organisation, framework=framework, name="Borgingsscan 2025"
    )
    make_action(round=last_year, number=7, title="Basistraining", status=DONE)
    make_action(round=last_year, number=3, title="Kaders per project", status=PLANNED)
    make_action(round=last_year, number=10, title="Terugkoppeling", status=PLANNED)
    round_close(round=last_year)
    this_year = make_scored_round(organisation=organisation, framework=framework)
    return last_year, this_year


def test_the_report_looks_back_at_last_years_actions(client, colleague, organisation, framework):
    last_year, this_year = two_years(organisation, framework)
    carried = {a.title: a for a in actions_carry_over(from_round=last_year, to_round=this_year)}
    ImprovementAction.objects.filter(pk=carried["Kaders per project"].pk).update(status=DONE)
    client.force_login(colleague)

    html = client.get(reverse("assessments:round-report", args=[this_year.pk])).content.decode()
    lookback = build_report(this_year).lookback

    assert "Terugblik op Borgingsscan 2025" in html
    assert "Van de 3 acties uit Borgingsscan 2025 zijn er 2 klaar." in html
    rows = {row.title: (row.bouwsteen, row.status, row.carried) for row in lookback.rows}
    assert rows == {
        "Basistraining": ("7. Professionalisering", DONE, False),
        "Kaders per project": ("3. Kaders per vraagstuk", DONE, True),
        "Terugkoppeling": ("10. Gesprekken", PLANNED, True),
    }


def test_no_look_back_without_previous_actions(client, colleague, organisation, framework):
    last_year = make_round(organisation=organisation, framework=framework, status="closed")
    this_year = make_scored_round(organisation=organisation, framework=framework)
    client.force_login(colleague)

    html = client.get(reverse("assessments:round-report", args=[this_year.pk])).content.decode()

    report = build_report(this_year)
    assert report.previous == last_year
    assert report.lookback is None
    assert "Terugblik op" not in html


def test_a_status_change_after_the_pdf_makes_a_new_pdf(organisation, framework):
    from assessments.reporting.pdf_version import report_key

    last_year, this_year = two_years(organisation, framework)
    [copy, *_] = actions_carry_over(from_round=last_year, to_round=this_year)
    before = report_key(this_year, "nl")
    ImprovementAction.objects.filter(pk=copy.pk).update(status=DONE)

    assert report_key(this_year, "nl") != before


def test_the_look_back_sentence_agrees_with_how_many_are_done(organisation, framework):
    from django.template.loader import render_to_string

    def sentence(statuses):
        lookback = action_lookback(
            [
                {"id": pk, "bouwsteen_id": None, "title": "Actie", "status": status}
                for pk, status in enumerate(statuses, start=1)
            ],
            [],
            [],
        )
        previous = make_round(organisation=organisation, framework=framework, name="Scan 2025")
        html = render_to_string(
            "assessments/report/_lookback.html", {"lookback": lookback, "previous": previous}
        )
        return " ".join(html.split("\n")[0].split())

    assert sentence([DONE, PLANNED, PLANNED]).startswith(
        "<p>Van de 3 acties uit Scan 2025 is er 1 klaar."
    )
    assert sentence([DONE, DONE, PLANNED]).startswith(
        "<p>Van de 3 acties uit Scan 2025 zijn er 2 klaar."
    )
    assert sentence([DONE]).startswith("<p>De actie uit Scan 2025 is klaar.")
    assert sentence([PLANNED]).startswith("<p>De actie uit Scan 2025 is nog niet klaar.")
