"""The trend over all closed rounds, the change arrows in the house, the change columns in the
CSV and what the consensus page adds from the previous round."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from assessments.reporting.report import build_report
from assessments.reporting.trend import TrendPoint, organisation_trend, trend_chart
from assessments.rounds.services import round_close
from bouwstenen.models import Bouwsteen
from bouwstenen.services import framework_copy
from tests.factories import make_round, make_submitted_respondent

ALL = range(1, 12)


def scored(
    organisation, framework, name, level, year, per_role=3, desired=4, toelichting="", numbers=ALL
):
    """A round closed on 1 March of `year` where everyone scored `level` on every bouwsteen."""
    with time_machine.travel(datetime.datetime(year, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        round = make_round(organisation=organisation, framework=framework, name=name, status="open")
        for rol in ("bestuur", "managers", "adviseurs"):
            for _ in range(per_role):
                make_submitted_respondent(
                    round=round,
                    rol=rol,
                    levels=dict.fromkeys(numbers, level),
                    desired=dict.fromkeys(numbers, desired),
                    toelichting=toelichting,
                )
        return round_close(round=round)


@pytest.fixture
def three_years(organisation, framework):
    return [
        scored(organisation, framework, "Scan 2024", 2, 2024),
        scored(organisation, framework, "Scan 2025", 3, 2025),
        scored(organisation, framework, "Scan 2026", 4, 2026, desired=5),
    ]


def test_the_trend_follows_every_bouwsteen_and_the_borgingsniveau_over_the_rounds(
    organisation, three_years
):
    trend = organisation_trend(organisation)

    assert [r.name for r in trend.rounds] == ["Scan 2024", "Scan 2025", "Scan 2026"]
    assert [(p.label, p.level, p.desired) for p in trend.overall.points] == [
        ("1-3-2024", 2.0, 4.0),
        ("1-3-2025", 3.0, 4.0),
        ("1-3-2026", 4.0, 5.0),
    ]
    assert len(trend.bouwstenen) == 11
    assert trend.bouwstenen[0].change_text == "+1"
    assert trend.unmatched == []
    # the chart: one line through three points, level 4 higher up than level 2
    chart = trend.overall.chart
    assert len(chart.level_lines) == 1 and len(chart.level_markers) == 3
    assert chart.level_markers[2].y < chart.level_markers[0].y


def test_a_round_without_a_figure_breaks_the_line():
    points = [
        TrendPoint(round=None, label=str(y), level=v, desired=None)
        for y, v in ((1, 2), (2, None), (3, 4), (4, 5))
    ]

    chart = trend_chart(points)

    assert len(chart.level_lines) == 1  # only 3-4 are adjacent
    assert [m.value_text for m in chart.level_markers] == ["2", "4", "5"]


def test_a_group_below_the_minimum_is_not_in_the_trend(organisation, framework):
    scored(organisation, framework, "Scan 2025", 3, 2025, per_role=1)  # 3 people in total

    trend = organisation_trend(organisation)

    assert trend.bouwstenen[0].points[0].level == 3.0  # the 3 together are a group
    scored(organisation, framework, "Scan 2026", 3, 2026, per_role=0)
    assert organisation_trend(organisation).bouwstenen[0].points[1].level is None


def test_rounds_on_another_model_version_are_compared_by_number_and_the_missing_named(
    organisation, framework
):
    scored(organisation, framework, "Scan 2025", 3, 2025)
    newer = framework_copy(framework=framework)
    newer.is_published = True
    newer.save()
    Bouwsteen.objects.filter(framework=newer, number=11).delete()
    scored(organisation, newer, "Scan 2026", 4, 2026, numbers=range(1, 11))

    trend = organisation_trend(organisation)

    assert trend.bouwstenen[0].change_text == "+1"
    assert [p.level for p in trend.bouwstenen[10].points] == [3.0, None]
    assert trend.unmatched == [
        f"{trend.bouwstenen[10].name} staat niet in het model van Scan 2026."
    ]


def test_the_trend_page_has_a_chart_and_a_table_per_bouwsteen_in_fixed_queries(
    client, colleague, organisation, three_years, django_assert_max_num_queries
):
    client.force_login(colleague)

    # session, user, organisation, the nav's organisations, the rounds, their answers, their
    # consensus
    with django_assert_max_num_queries(7):
        response = client.get(reverse("assessments:organisation-trend", args=[organisation.slug]))

    page = response.content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="trend-svg"') == 12
    assert page.count('class="table table-sm report-table trend-table w-auto"') == 12
    assert "sinds de ronde ervoor: +1" in page


def test_outsider_gets_404_on_the_trend_and_its_workbook(
    client, outsider, organisation, three_years
):
    client.force_login(outsider)

    assert (
        client.get(reverse("assessments:organisation-trend", args=[organisation.slug])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("assessments:organisation-workbook", args=[organisation.slug])
        ).status_code
        == 404
    )


def test_the_house_shows_arrows_against_the_previous_round(organisation, framework):
    scored(organisation, framework, "Scan 2025", 2, 2025)
    now = scored(organisation, framework, "Scan 2026", 3, 2026)

    report = build_report(now)

    bricks = report.house.bricks
    assert {brick.change for brick in bricks} == {"up"}
    assert bricks[0].change_label == "hoger dan vorige ronde: +1"
    assert bricks[0].change_points


def test_no_arrow_without_a_previous_round_or_without_a_change(organisation, framework):
    first = scored(organisation, framework, "Scan 2025", 3, 2025)
    same = scored(organisation, framework, "Scan 2026", 3, 2026)

    assert {b.change for b in build_report(first).house.bricks} == {""}
    assert {b.change for b in build_report(same).house.bricks} == {""}


def test_the_csv_has_the_previous_level_and_the_change(client, colleague, organisation, framework):
    scored(organisation, framework, "Scan 2025", 2, 2025)
    now = scored(organisation, framework, "Scan 2026", 3, 2026)
    client.force_login(colleague)

    content = client.get(reverse("assessments:round-report-csv", args=[now.pk])).content.decode(
        "utf-8-sig"
    )

    header, first = [line.split(";") for line in content.splitlines()[:2]]
    assert header[11:13] == ["Niveau vorige ronde", "Verandering sinds vorige ronde"]
    assert first[11:13] == ["2", "1"]


def test_the_consensus_page_shows_last_rounds_level_and_the_toelichtingen(
    client, coordinator, organisation, framework
):
    scored(organisation, framework, "Scan 2025", 2, 2025)  # no consensus: the median counts
    round = make_round(
        organisation=organisation, framework=framework, name="Scan 2026", status="open"
    )
    client.force_login(coordinator)

    page = client.get(reverse("assessments:round-consensus", args=[round.pk])).content.decode()

    assert "In Scan 2025: <strong>2</strong>" in page
    assert f'href="/rondes/{round.pk}/acties/nieuw/?bouwsteen=7"' in page


def test_the_consensus_page_of_a_closed_round_lists_the_toelichtingen_of_large_groups(
    client, coordinator, organisation, framework
):
    round = scored(
        organisation,
        framework,
        "Scan 2026",
        3,
        2026,
        toelichting="Het hangt af van de projectleider.",
    )
    client.force_login(coordinator)

    page = client.get(reverse("assessments:round-consensus", args=[round.pk])).content.decode()

    assert "9 keer" in page  # one text, from groups large enough, counted
    assert "Het hangt af van de projectleider." in page


def test_the_axis_shows_dates_and_the_time_where_two_rounds_closed_the_same_day(
    organisation, framework
):
    scored(organisation, framework, "Scan 2025", 3, 2025)
    for hour, name in ((9, "Proef"), (15, "Proef opnieuw")):
        moment = datetime.datetime(2026, 12, 5, hour, tzinfo=datetime.UTC)
        with time_machine.travel(moment, tick=False):
            make_round(organisation=organisation, framework=framework, name=name, status="closed")

    trend = organisation_trend(organisation)
    points, chart = trend.overall.points, trend.overall.chart

    # one form for every organisation: the date, and the (local) time only to tell apart
    assert [(p.label, p.sublabel) for p in points] == [
        ("1-3-2025", ""),
        ("5-12-2026", "10:00"),
        ("5-12-2026", "16:00"),
    ]
    assert [m.value_text for m in chart.x_sublabels] == ["10:00", "16:00"]


def test_the_last_axis_label_fits_inside_the_chart():
    points = [
        TrendPoint(round=None, label="28-12-2026", level=3, desired=4, sublabel="16:00")
        for _ in range(3)
    ]

    chart = trend_chart(points)

    last = chart.x_labels[-1]
    # DejaVu Sans at 11 units: a digit or dash is at most 7 units wide; the label is centred
    assert last.x + len(last.value_text) * 7 / 2 <= chart.width
    assert chart.x_sublabels[-1].y + 4 <= chart.height
