"""The Excel workbooks, read back with openpyxl cell by cell against the database."""

import datetime
import io
import statistics

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from assessments.actions.services import action_progress_add
from assessments.models import Answer, ImprovementAction
from assessments.reporting.cell_text import safe_text
from assessments.rounds.services import round_close
from tests.factories import make_action, make_scored_round


def download(client, name, *args):
    response = client.get(reverse(f"assessments:{name}", args=args))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response, load_workbook(io.BytesIO(response.content))


@pytest.fixture
def closed_round(organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    make_action(round=round, number=7, title='=HYPERLINK("x")', due_date=datetime.date(2027, 3, 1))
    make_action(round=round, number=3, title="Kaders per project", line="ontwikkelen")
    return round_close(round=round)


def test_the_round_workbook_holds_the_figures_the_database_gives(
    client, colleague, closed_round, django_assert_max_num_queries
):
    client.force_login(colleague)

    with django_assert_max_num_queries(12):  # the report's fixed reads, the membership checks
        response, workbook = download(client, "round-report-xlsx", closed_round.pk)

    assert response["Content-Disposition"] == (
        'attachment; filename="borgingsrapport-gemeente-testdorp-borgingsscan-2026.xlsx"'
    )
    assert workbook.sheetnames == ["Cijfers", "Rol x bouwsteen", "Acties", "Respons"]
    figures = workbook["Cijfers"]
    assert figures.freeze_panes == "A2"
    assert figures.column_dimensions["B"].width == 44
    assert [c.value for c in figures[1]][:7] == [
        "Nummer", "Bouwsteen", "Niveau", "Rol", "Aantal scores (1-5)", "Aantal weet ik niet",
        "Huidig niveau (mediaan)",
    ]  # fmt: skip
    answers = Answer.objects.filter(
        respondent__round=closed_round, respondent__submitted_at__isnull=False
    )
    for row in figures.iter_rows(min_row=2):
        number = row[0].value
        mine = answers.filter(bouwsteen__number=number)
        scores = [a.current_level for a in mine if a.current_level]
        assert row[4].value == len(scores)
        assert row[5].value == mine.filter(current_level=0).count()
        assert row[6].value == statistics.median(scores)
        assert row[6].number_format == "0.0"
        assert row[7].value == statistics.median(a.desired_level for a in mine)
    assert figures.max_row == 12
    by_rol = workbook["Rol x bouwsteen"]
    assert [c.value for c in by_rol[2]] == [1, by_rol["B2"].value, 4, 3, 2]
    # bouwsteen 11: two bestuur scores are below the group size; the adviseurs are hidden
    # with them (complementary suppression), as in the report
    assert [c.value for c in by_rol[12]][2:] == [None, 3, None]


def test_the_actions_sheet_and_text_that_looks_like_a_formula(client, colleague, closed_round):
    client.force_login(colleague)

    _response, workbook = download(client, "round-report-xlsx", closed_round.pk)

    sheet = workbook["Acties"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for action in ImprovementAction.objects.filter(round=closed_round):
        row = rows[safe_text(action.title)]
        assert row[1].value == f"{action.bouwsteen.number}. {action.bouwsteen.short_title}"
        assert row[2].value == action.get_line_display()
        assert row[3].value == action.owner_rol.name
        assert (row[5].value.date() if row[5].value else None) == action.due_date
        assert row[6].value == action.get_status_display()
    formula = rows['\'=HYPERLINK("x")'][0]
    assert formula.data_type == "s"  # text, never run, shown with an apostrophe


def test_an_open_round_workbook_has_no_role_table(client, colleague, organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    client.force_login(colleague)

    _response, workbook = download(client, "round-report-xlsx", round.pk)

    assert "Rol x bouwsteen" not in workbook.sheetnames


def test_the_change_sheet_against_the_previous_round(
    client, colleague, organisation, framework, closed_round
):
    now = round_close(
        round=make_scored_round(organisation=organisation, framework=framework, name="Scan 2027")
    )
    client.force_login(colleague)

    _response, workbook = download(client, "round-report-xlsx", now.pk)

    sheet = workbook["Verandering"]
    assert sheet["C1"].value == "Niveau in Borgingsscan 2026"
    assert [c.value for c in sheet[2]][2:] == [3, 3, 0]


def test_the_organisation_workbook_holds_the_trend_and_the_live_plan(
    client, coordinator, organisation, closed_round, django_assert_max_num_queries
):
    action = closed_round.actions.get(title="Kaders per project")
    with time_machine.travel(datetime.datetime(2027, 4, 2, 8, tzinfo=datetime.UTC), tick=False):
        action_progress_add(action=action, status="in_progress", note="Gestart", user=coordinator)
    client.force_login(coordinator)

    with time_machine.travel(datetime.date(2027, 6, 1), tick=False):
        client.force_login(coordinator)
        # session, user, organisation, the rounds, answers, consensus, actions, their copies,
        # their history
        with django_assert_max_num_queries(10):
            response, workbook = download(client, "organisation-workbook", organisation.slug)

    assert 'filename="ontwikkeling-gemeente-testdorp.xlsx"' in response["Content-Disposition"]
    assert workbook.sheetnames == ["Ontwikkeling", "Actieplan", "Voortgang"]
    development = workbook["Ontwikkeling"]
    assert [c.value for c in development[1]] == [
        "Bouwsteen", "Borgingsscan 2026: niveau", "Borgingsscan 2026: gewenst"
    ]  # fmt: skip
    assert development["A2"].value.startswith("Borgingsniveau")
    assert development.max_row == 13  # the borgingsniveau and 11 bouwstenen
    plan = {
        row[1].value: [c.value for c in row] for row in workbook["Actieplan"].iter_rows(min_row=2)
    }
    assert plan["Kaders per project"][0] == "Ontwikkelen"
    assert plan["Kaders per project"][6] == "Bezig"
    assert plan["Kaders per project"][7] == "nee"
    assert plan['\'=HYPERLINK("x")'][7] == "ja"  # due 1 March, still planned on 1 June
    assert plan["Kaders per project"][9] == datetime.datetime(2027, 4, 2, 10, 0)
    history = [[c.value for c in row] for row in workbook["Voortgang"].iter_rows(min_row=2)]
    assert history == [
        [
            "Kaders per project",
            datetime.datetime(2027, 4, 2, 10, 0),
            "Bezig",
            "Gestart",
            "coordinator",
        ]
    ]


def test_outsider_gets_404_on_the_round_workbook(client, outsider, closed_round):
    client.force_login(outsider)

    response = client.get(reverse("assessments:round-report-xlsx", args=[closed_round.pk]))

    assert response.status_code == 404


def test_the_actions_sheet_shows_the_actions_at_closing_and_those_recorded_after_as_the_pdf(
    client, colleague, closed_round
):
    ImprovementAction.objects.filter(round=closed_round, title="Kaders per project").update(
        title="Later hernoemd"
    )  # after closing: the report keeps it as it was
    make_action(round=closed_round, number=5, title="Afspraak uit de consensusbijeenkomst")
    client.force_login(colleague)

    _response, workbook = download(client, "round-report-xlsx", closed_round.pk)

    sheet = workbook["Acties"]
    assert sheet.cell(1, 8).value == "Vastgelegd"
    recorded = {row[0].value: row[7].value for row in sheet.iter_rows(min_row=2)}
    assert recorded == {
        '\'=HYPERLINK("x")': "bij het sluiten",
        "Kaders per project": "bij het sluiten",
        "Afspraak uit de consensusbijeenkomst": "na het sluiten",
    }
