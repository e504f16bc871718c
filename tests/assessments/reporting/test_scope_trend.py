"""A part's rounds are compared only with that part's earlier rounds (Round.previous_closed,
the trend page, ontwikkeling.xlsx, the actions carried over and last round's people), and a
bouwsteen a round did not ask is "niet gevraagd" in that year, not a drop."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from assessments.actions.selectors import carry_over_candidates, is_latest_of_model
from assessments.models import Round
from assessments.reporting.report import build_report
from assessments.reporting.trend import organisation_trend
from assessments.rounds.selectors import returning_people
from assessments.rounds.services import round_close
from tests.factories import make_action, make_onderdeel, make_round, make_submitted_respondent

ALL = list(range(1, 12))


def scored(organisation, framework, name, level, year, numbers=ALL, **fields):
    """A round closed on 1 March of `year` where three people per role scored `level` on
    `numbers`."""
    with time_machine.travel(datetime.datetime(year, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        round = make_round(
            organisation=organisation, framework=framework, name=name, status="open", **fields
        )
        for rol in ("bestuur", "managers", "adviseurs"):
            for _ in range(3):
                make_submitted_respondent(
                    round=round,
                    rol=rol,
                    levels=dict.fromkeys(numbers, level),
                    desired=dict.fromkeys(numbers, 4),
                )
        return round_close(round=round)


@pytest.fixture
def history(organisation, framework):
    """The whole organisation in 2024 and 2026; the Woonvisie project team in 2025 (asking
    1-3) and 2027 (asking 1, 3 and 6); a team in 2026."""
    woonvisie = make_onderdeel(organisation=organisation)
    team = make_onderdeel(organisation=organisation, name="Team Wijken", kind="team")
    return {
        "whole_2024": scored(organisation, framework, "Scan 2024", 2, 2024),
        "part_2025": scored(
            organisation,
            framework,
            "Woonvisie 2025",
            3,
            2025,
            numbers=[1, 2, 3],
            onderdeel=woonvisie,
            asked_bouwstenen=[1, 2, 3],
        ),
        "team_2026": scored(organisation, framework, "Wijken 2026", 5, 2026, onderdeel=team),
        "whole_2026": scored(organisation, framework, "Scan 2026", 4, 2026),
        "part_2027": scored(
            organisation,
            framework,
            "Woonvisie 2027",
            4,
            2027,
            numbers=[1, 3, 6],
            onderdeel=woonvisie,
            asked_bouwstenen=[1, 3, 6],
        ),
        "woonvisie": woonvisie,
        "team": team,
    }


def test_previous_closed_stays_within_the_part(history):
    assert history["part_2027"].previous_closed() == history["part_2025"]
    assert history["whole_2026"].previous_closed() == history["whole_2024"]
    assert history["part_2025"].previous_closed() is None
    assert history["team_2026"].previous_closed() is None


def test_the_report_compares_with_the_parts_own_previous_round(history):
    round = Round.objects.select_related("organisation", "onderdeel").get(
        pk=history["part_2027"].pk
    )

    report = build_report(round)

    by_number = {entry.text.number: entry for entry in report.bouwstenen}
    assert report.previous == history["part_2025"]
    assert by_number[1].previous_text == "3" and by_number[1].change_text == "+1"
    assert by_number[6].previous_text == "niet gevraagd"  # not asked in 2025
    assert by_number[2].level_text == "niet gevraagd"  # not asked now


def test_the_trend_of_the_whole_organisation_leaves_the_parts_out(organisation, history):
    trend = organisation_trend(organisation)

    assert [round.name for round in trend.rounds] == ["Scan 2024", "Scan 2026"]
    assert trend.scope_text == "Hele organisatie"
    assert [choice.name for choice in trend.scopes] == [
        "Hele organisatie",
        "onderdeel: Projectteam Woonvisie",
        "onderdeel: Team Wijken",
    ]


def test_a_parts_trend_shows_unasked_years_as_niet_gevraagd_not_a_drop(organisation, history):
    trend = organisation_trend(organisation, scope=str(history["woonvisie"].pk))

    assert [round.name for round in trend.rounds] == ["Woonvisie 2025", "Woonvisie 2027"]
    series = {item.key: item for item in trend.bouwstenen}
    assert [p.level_text for p in series["bouwsteen-2"].points] == ["3", "niet gevraagd"]
    assert [p.level_text for p in series["bouwsteen-6"].points] == ["niet gevraagd", "4"]
    assert series["bouwsteen-2"].change_text == "–"
    assert series["bouwsteen-2"].chart.level_lines == []  # no line down to nothing
    assert [p.level for p in trend.overall.points] == [3.0, 4.0]  # over the asked ones


def test_the_trend_page_offers_each_part(client, colleague, organisation, history):
    client.force_login(colleague)
    link = reverse("assessments:organisation-trend", args=[organisation.slug])

    page = client.get(link, {"onderdeel": history["woonvisie"].pk}).content.decode()

    assert 'id="trend-scope">onderdeel: Projectteam Woonvisie<' in page
    assert "Woonvisie 2027" in page and "Scan 2024" not in page
    assert "niet gevraagd" in page
    assert f"onderdeel={history['team'].pk}" in page


def test_the_trend_page_keeps_its_query_budget_with_parts(
    client, colleague, organisation, history, django_assert_max_num_queries
):
    client.force_login(colleague)
    link = reverse("assessments:organisation-trend", args=[organisation.slug])
    client.get(link, {"onderdeel": history["woonvisie"].pk})
    # as for the whole organisation (test_trend.py): session, user, organisation, the nav's
    # organisations, the rounds (with their parts joined), their releases, their consensus
    with django_assert_max_num_queries(7):
        response = client.get(link, {"onderdeel": history["woonvisie"].pk})
    assert response.status_code == 200


def test_ontwikkeling_xlsx_of_a_part_says_niet_gevraagd(client, colleague, organisation, history):
    client.force_login(colleague)
    link = reverse("assessments:organisation-workbook", args=[organisation.slug])

    response = client.get(link, {"onderdeel": history["woonvisie"].pk})

    sheet = load_workbook(io.BytesIO(response.content))["Ontwikkeling"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1:] == (
        "Woonvisie 2025: niveau",
        "Woonvisie 2025: gewenst",
        "Woonvisie 2027: niveau",
        "Woonvisie 2027: gewenst",
    )
    by_name = {row[0]: row for row in rows[1:] if row and row[0]}
    second = next(name for name in by_name if name.startswith("2. "))
    assert by_name[second][1:] == (3, 4, "niet gevraagd", "niet gevraagd")
    assert rows[-1][:1] == ("onderdeel: Projectteam Woonvisie",)


def test_actions_carry_over_only_within_the_part(organisation, framework, history):
    make_action(round=history["part_2025"], title="Woonvisie: bewoners vroeg betrekken")
    make_action(round=history["whole_2024"], title="Leidraad participatie")
    new_part_round = make_round(
        organisation=organisation, framework=framework, onderdeel=history["woonvisie"]
    )
    new_whole_round = make_round(organisation=organisation, framework=framework)

    part_titles = [action.title for action in carry_over_candidates(new_part_round)]
    whole_titles = [action.title for action in carry_over_candidates(new_whole_round)]

    assert part_titles == ["Woonvisie: bewoners vroeg betrekken"]
    assert whole_titles == ["Leidraad participatie"]


def test_a_parts_new_round_does_not_end_the_whole_organisations_plan(
    organisation, framework, history
):
    make_round(organisation=organisation, framework=framework, onderdeel=history["team"])

    assert is_latest_of_model(history["whole_2026"])
    assert not is_latest_of_model(history["team_2026"])


def test_last_rounds_people_come_from_the_same_part(organisation, framework, history):
    new_round = make_round(
        organisation=organisation, framework=framework, onderdeel=history["woonvisie"]
    )

    previous, people = returning_people(new_round, new_round.model_texts().rollen)

    assert previous == history["part_2027"]
    assert {person.email for person in people} == set(
        history["part_2027"].respondents.values_list("email", flat=True)
    )


def test_the_change_sheet_says_which_year_did_not_ask(client, colleague, history):
    client.force_login(colleague)

    response = client.get(reverse("assessments:round-report-xlsx", args=[history["part_2027"].pk]))

    sheet = load_workbook(io.BytesIO(response.content))["Verandering"]
    rows = {row[0]: row[2:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[1] == (3, 4, 1)
    assert rows[2] == (3, "niet gevraagd", "niet gevraagd")  # asked then, not now
    assert rows[6] == ("niet gevraagd", 4, "niet gevraagd")  # asked now, not then
    assert rows[9] == ("niet gevraagd",) * 3


def test_the_csv_keeps_last_years_figure_of_a_bouwsteen_not_asked_now(client, colleague, history):
    client.force_login(colleague)

    response = client.get(reverse("assessments:round-report-csv", args=[history["part_2027"].pk]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_number = {row[0]: row for row in rows[1:12]}
    assert (
        by_number["2"][4:] == ["niet gevraagd"] * 7 + ["3", "niet gevraagd"] + ["niet gevraagd"] * 3
    )
    assert by_number["6"][11:13] == ["niet gevraagd", "niet gevraagd"]  # not asked in 2025
