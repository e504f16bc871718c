"""The leernetwerk compares only scans of the whole organisation that asked every bouwsteen
(Round.is_whole_organisation): a part's scan, or one of some bouwstenen, is never shared, and
its report says why it has no comparison."""

import pytest

from assessments.benchmark.comparison import comparison_for_report
from assessments.benchmark.selectors import read_contributions, shared_rounds
from assessments.benchmark.services import benchmark_release_make
from assessments.models import Organisation, Round
from assessments.reporting.report import NO_HOUSE, build_report
from assessments.rounds.services import round_close
from tests.factories import make_onderdeel, make_round, make_submitted_respondent

from .helpers import make_peer, take_part


def closed_scoped_round(organisation, framework, level, **fields):
    round = make_round(organisation=organisation, framework=framework, status="open", **fields)
    numbers = [number for number in range(1, 12) if round.asks(number)]
    for rol in ("bestuur", "managers", "adviseurs"):
        make_submitted_respondent(
            round=round,
            rol=rol,
            levels=dict.fromkeys(numbers, level),
            desired=dict.fromkeys(numbers, 4),
        )
    return round_close(round=round)


@pytest.fixture
def five(framework):
    return [make_peer(framework, f"org-{n}", level=1 + n) for n in range(5)]


def test_a_later_part_scan_does_not_replace_the_whole_organisations_figures(five, framework):
    part = make_onderdeel(organisation=five[0])
    closed_scoped_round(five[0], framework, 5, onderdeel=part)
    closed_scoped_round(five[0], framework, 5, asked_bouwstenen=[1, 2])

    contributions, _names = read_contributions()

    assert contributions[five[0].pk].figures[f"{framework.lineage}:1"] == 1.0
    assert [shared.round.is_whole_organisation for shared in shared_rounds(five[0])] == [True]


def test_an_organisation_with_only_part_scans_is_no_member_of_a_release(five, framework):
    only_parts = Organisation.objects.create(name="Alleen onderdelen", slug="alleen-onderdelen")
    take_part(only_parts)
    part = make_onderdeel(organisation=only_parts)
    closed_scoped_round(only_parts, framework, 5, onderdeel=part)

    release = benchmark_release_make()

    contributions, _names = read_contributions()
    assert only_parts.pk not in contributions
    assert str(only_parts.pk) not in release.members
    assert release.figures[framework.lineage]["bouwstenen"]["1"]["all"]["count"] == 5


def test_a_part_scans_report_says_why_it_has_no_comparison(five, framework):
    benchmark_release_make()
    part = make_onderdeel(organisation=five[0])
    round = closed_scoped_round(five[0], framework, 4, onderdeel=part)
    take_part(five[0])

    comparison = comparison_for_report(build_report(round, house=NO_HOUSE))

    assert comparison.rows == []
    assert comparison.absent == (
        "Deze ronde gaat over een onderdeel; de vergelijking met andere organisaties gebruikt "
        "alleen scans van de hele organisatie."
    )


def test_a_scan_of_some_bouwstenen_says_why_it_has_no_comparison(five, framework):
    benchmark_release_make()
    round = closed_scoped_round(five[0], framework, 4, asked_bouwstenen=[1, 2, 3])

    comparison = comparison_for_report(build_report(round, house=NO_HOUSE))

    assert comparison.rows == []
    assert "vroeg niet alle bouwstenen" in comparison.absent


def test_the_whole_organisations_report_still_has_its_comparison(five, framework):
    benchmark_release_make()
    round = Round.objects.filter(organisation=five[0]).get()

    comparison = comparison_for_report(build_report(round, house=NO_HOUSE))

    assert comparison.rows
