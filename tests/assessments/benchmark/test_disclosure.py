"""The organisation-level disclosure rules (assessments/benchmark/disclosure.py), plain
Python: thresholds, complementary suppression of nested groups, the release gate."""

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.benchmark.disclosure import (
    ALL,
    MIN_K,
    Contribution,
    GroupKey,
    band,
    distance,
    groups_of,
    plan_release,
    position,
    release_due,
    shown_groups,
    summary,
    threshold,
)

from .attack import Publisher, exposed, org

GEMEENTE = GroupKey("gemeente")
GEMEENTE_M = GroupKey("gemeente", "m")


def test_k_is_never_below_three():
    assert threshold(1) == MIN_K == 3
    assert threshold(2) == 3
    assert threshold(7) == 7


def test_group_codes_round_trip():
    for key in (ALL, GEMEENTE, GEMEENTE_M):
        assert GroupKey.from_code(key.code) == key
    assert ALL.code == "all" and GEMEENTE_M.code == "gemeente/m"


def test_nesting_of_groups():
    assert ALL.contains(GEMEENTE) and ALL.contains(GEMEENTE_M)
    assert GEMEENTE.contains(GEMEENTE_M)
    assert not GEMEENTE.contains(GroupKey("waterschap", "m"))
    assert not GEMEENTE_M.contains(GEMEENTE) and not ALL.contains(ALL)


def test_an_organisation_without_size_class_is_in_all_and_its_type_only():
    assert groups_of("gemeente", None) == [ALL, GEMEENTE]
    assert groups_of("gemeente", "m") == [ALL, GEMEENTE, GEMEENTE_M]


def test_distance_counts_joined_left_and_changed():
    assert distance({1: 3.0, 2: 4.0}, {1: 3.0, 2: 4.0}) == 0
    assert distance({1: 3.0, 2: 4.0}, {1: 3.5, 2: 4.0, 3: 1.0}) == 2
    assert distance({1: 3.0}, {}) == 1


def test_a_group_below_k_is_not_shown():
    contents = {ALL: {n: 3.0 for n in range(4)}}
    assert shown_groups(contents, k=5) == set()
    contents = {ALL: {n: 3.0 for n in range(5)}}
    assert shown_groups(contents, k=5) == {ALL}


def test_a_configured_k_below_three_still_needs_three():
    assert shown_groups({ALL: {1: 2.0, 2: 3.0}}, k=2) == set()
    assert shown_groups({ALL: {1: 2.0, 2: 3.0, 3: 4.0}}, k=2) == {ALL}


def test_a_subgroup_one_short_of_its_superset_is_suppressed():
    everyone = {n: float(n % 5 + 1) for n in range(10)}
    gemeenten = {n: everyone[n] for n in range(9)}
    shown = shown_groups({ALL: everyone, GEMEENTE: gemeenten}, k=5)
    assert shown == {ALL}


def test_a_subgroup_equal_to_its_superset_is_shown_too():
    everyone = {n: 3.0 for n in range(6)}
    assert shown_groups({ALL: everyone, GEMEENTE: dict(everyone)}, k=5) == {ALL, GEMEENTE}


def test_the_remainder_after_shown_subgroups_must_be_zero_or_k():
    everyone = {n: 3.0 for n in range(13)}
    gemeenten = {n: 3.0 for n in range(5)}  # 0-4
    waterschappen = {n: 3.0 for n in range(5, 10)}  # 5-9; 10-12 are three others
    contents = {ALL: everyone, GEMEENTE: gemeenten, GroupKey("waterschap"): waterschappen}
    shown = shown_groups(contents, k=5)
    # all minus both types would be the three others: one type is hidden, the rest is 8
    assert ALL in shown and len(shown) == 2


def test_a_group_close_to_one_shown_before_is_not_shown_again():
    before = {n: 3.0 for n in range(6)}
    now = {**before, 6: 4.0}  # one joined
    assert shown_groups({ALL: now}, k=5, history=[before]) == set()
    assert shown_groups({ALL: before}, k=5, history=[before]) == {ALL}  # unchanged: same


def test_release_due_after_k_changes_only():
    previous = {n: (n,) for n in range(10)}
    four_changed = {**previous, 0: ("x",), 1: ("x",), 2: ("x",), 3: ("x",)}
    five_changed = {**four_changed, 4: ("x",)}
    assert release_due(previous, None, k=5)
    assert not release_due(four_changed, previous, k=5)
    assert release_due(five_changed, previous, k=5)


def test_plan_release_without_enough_organisations_shows_nothing():
    contributions = {n: org() for n in range(4)}
    assert plan_release(contributions, k=5) is None


def test_plan_release_shows_the_groups_by_bouwsteen():
    contributions = {n: org(figure=float(1 + n % 5), bouwstenen=(1, 2)) for n in range(6)}
    planned = plan_release(contributions, k=5)
    assert set(planned) == {1, 2}
    # all, gemeente and gemeente/m hold the same six: each is shown
    assert set(planned[1]) == {ALL, GEMEENTE, GEMEENTE_M}


def test_a_small_group_shows_only_its_median_band():
    # the lower median of 1, 2, 3.5, 4, 5 is 3.5: band 3 ("3 tot 4")
    assert summary([5.0, 1.0, 3.5, 4.0, 2.0]) == {"count": 5, "median": 3}
    assert summary([4.0, 4.5, 5.0]) == {"count": 3, "median": 4}  # 5 sits in band 4


def test_a_group_of_ten_shows_the_bands_of_p25_median_and_p75():
    values = [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.0]
    # ranks 3, 5 and 8 of ten: 2.0, 3.0, 4.5
    assert summary(values) == {"count": 10, "p25": 2, "median": 3, "p75": 4}


def test_every_band_holds_at_least_two_figures():
    figures = [1.0 + step / 2 for step in range(9)]
    for lower in {band(figure) for figure in figures}:
        assert sum(1 for figure in figures if band(figure) == lower) >= 2


def test_position_reads_only_what_is_shown():
    shown = {"count": 10, "p25": 2, "median": 3, "p75": 4}
    assert position(5.0, shown) == "above"  # P75's band reaches 5: never above it
    assert position(5.0, {"count": 10, "p25": 2, "median": 3, "p75": 3}) == "top"
    assert position(4.0, shown) == "above"
    assert position(3.5, shown) == "median"
    assert position(2.5, shown) == "below"
    assert position(1.5, shown) == "bottom"
    assert position(None, shown) == ""
    assert position(1.0, {"count": 5, "median": 3}) == "below"  # no quartiles: no "bottom"


TYPES = st.sampled_from(["gemeente", "waterschap", "provincie"])
SIZES = st.sampled_from(["s", "m", "l", None])
FIGURES = st.sampled_from([1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0])
ORGS = st.dictionaries(
    st.integers(0, 40),
    st.builds(lambda t, s, a, b: Contribution(t, s, {1: a, 2: b}), TYPES, SIZES, FIGURES, FIGURES),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(ORGS, st.integers(3, 6))
def test_one_release_exposes_no_organisation(contributions, k):
    publisher = Publisher(k)
    publisher.run(contributions)
    assert exposed(publisher.releases, threshold(k)) == set()


@settings(max_examples=100, deadline=None)
@given(st.lists(ORGS, min_size=2, max_size=5), st.integers(3, 6))
def test_a_sequence_of_releases_exposes_no_organisation(states, k):
    publisher = Publisher(k)
    for contributions in states:
        publisher.run(contributions)
    assert exposed(publisher.releases, threshold(k)) == set()
