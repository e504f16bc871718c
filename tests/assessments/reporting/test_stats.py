import pytest

from assessments.reporting.disclosure import aggregate, bouwsteen_stats
from assessments.reporting.stats import (
    AnswerRow,
    figures,
    group_figures,
    largest_disagreement,
    largest_gaps,
    most_unknown,
    quartiles,
    whole_percents,
)

ROLES = ["bestuur", "managers", "adviseurs"]


def rows(bouwsteen, rol, levels, desired=None):
    desired = desired or [None] * len(levels)
    return [
        AnswerRow(bouwsteen, rol, level, wish) for level, wish in zip(levels, desired, strict=True)
    ]


def test_all_weet_ik_niet_gives_no_figures_and_is_never_a_zero():
    result = figures([0, 0, 0])

    assert result.count == 0
    assert result.unknown == 3
    assert result.median is None and result.mean is None and result.spread is None
    assert result.distribution == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    assert result.unknown_share == 1


def test_weet_ik_niet_is_left_out_of_median_and_mean():
    result = figures([0, 0, 4, 4, 5])

    assert result.median == 4
    assert result.mean == pytest.approx(13 / 3)
    assert result.unknown == 2
    assert result.responses == 5


def test_one_answer_is_indicative_and_has_no_spread():
    result = figures([3])

    assert (result.median, result.mean, result.spread) == (3, 3, 0)
    assert result.indicative


def test_no_answers_at_all():
    result = figures([None, None])

    assert result.count == 0 and result.unknown == 0 and result.median is None
    assert result.unknown_share == 0


def test_even_count_takes_the_middle_of_the_two_middle_values():
    result = figures([1, 2, 4, 5])

    assert result.median == 3
    assert (result.q1, result.q3) == (1.5, 4.5)
    assert result.spread == 3
    assert not result.indicative


def test_odd_count_quartiles_leave_out_the_middle_value():
    assert quartiles([1, 2, 3, 4, 5]) == (1.5, 4.5)
    assert quartiles([2, 4]) == (2, 4)


def test_distribution_counts_each_level():
    result = figures([1, 1, 3, 5, 5, 5])

    assert result.distribution == {1: 2, 2: 0, 3: 1, 4: 0, 5: 3}


def test_a_level_off_the_scale_is_refused():
    with pytest.raises(ValueError):
        figures([6])


def test_role_median_hidden_below_the_minimum_group_size_and_the_rest_with_it():
    answers = rows(1, "bestuur", [5]) + rows(1, "managers", [2, 3, 3]) + rows(1, "adviseurs", [0])

    result = bouwsteen_stats(1, answers, ROLES, min_group_size=3)

    # bestuur and adviseurs are two people: the managers are hidden too, or the overall
    # figures minus the managers' would be theirs
    assert result.shown_roles == {}
    assert result.hidden_roles == ["bestuur", "managers", "adviseurs"]
    assert result.role_difference is None
    assert result.current.median == 3


def test_a_group_size_below_two_counts_as_two():
    answers = rows(1, "bestuur", [5]) + rows(1, "managers", [2])

    result = bouwsteen_stats(1, answers, ROLES, min_group_size=1)

    assert result.shown_roles == {}
    assert result.role_difference is None
    assert result.current.median == 3.5  # two people together may be shown


def test_consensus_replaces_the_median_and_says_so():
    answers = rows(1, "managers", [2, 2, 3], desired=[4, 4, 5])

    plain = bouwsteen_stats(1, answers, ROLES, min_group_size=3)
    agreed = bouwsteen_stats(1, answers, ROLES, min_group_size=3, consensus=3)

    assert (plain.level, plain.level_source, plain.gap) == (2, "median", 2)
    assert (agreed.level, agreed.level_source, agreed.gap) == (3, "consensus", 1)
    assert not agreed.indicative


def test_gap_needs_both_levels():
    result = bouwsteen_stats(1, rows(1, "managers", [2, 3, 4]), ROLES, min_group_size=3)

    assert result.gap is None
    assert result.level_source == "median"


def test_aggregate_keeps_bouwstenen_nobody_answered():
    result = aggregate(rows(1, "bestuur", [3]), [1, 2], ROLES, min_group_size=3)

    assert list(result) == [1, 2]
    assert result[2].current.count == 0
    assert result[2].level is None and result[2].level_source == ""


def test_findings_with_ties_are_ordered_by_bouwsteen():
    answers = (
        rows(1, "bestuur", [2, 2, 2], [4, 4, 4])
        + rows(2, "bestuur", [1, 1, 1], [3, 3, 3])
        + rows(3, "bestuur", [3, 3, 3], [4, 4, 4])
        + rows(4, "bestuur", [4, 4, 4], [4, 4, 4])
        + rows(5, "bestuur", [1, 1, 1], [3, 3, 3])
    )
    result = aggregate(answers, [1, 2, 3, 4, 5], ROLES, min_group_size=3)

    assert [item.bouwsteen for item in largest_gaps(result.values())] == [1, 2, 5]
    assert largest_disagreement(result.values()) is None
    assert most_unknown(result.values()) == []


def test_largest_disagreement_and_most_unknown():
    answers = (
        rows(1, "bestuur", [4, 4, 4])
        + rows(1, "adviseurs", [2, 2, 2])
        + rows(2, "bestuur", [3, 3, 3])
        + rows(2, "adviseurs", [2, 2, 3, 0])
        + rows(3, "managers", [0, 0, 3, 3, 3])
    )
    result = aggregate(answers, [1, 2, 3], ROLES, min_group_size=3)

    assert largest_disagreement(result.values()).bouwsteen == 1
    assert [item.bouwsteen for item in most_unknown(result.values())] == [3, 2]


def test_group_figures_average_the_bouwsteen_levels_and_skip_empty_ones():
    answers = rows(1, "bestuur", [2, 2, 2], [4, 4, 4]) + rows(2, "bestuur", [3, 4, 4], [5, 5, 5])
    result = aggregate(answers, [1, 2, 3], ROLES, min_group_size=3)

    overall = group_figures(result.values())

    assert overall.level == 3
    assert overall.desired == 4.5
    assert overall.gap == 1.5
    assert overall.bouwstenen == 2
    assert group_figures([]).level is None


def test_group_gap_only_counts_bouwstenen_with_both_levels():
    # bouwsteen 1 has a level but no desired level, bouwsteen 2 the other way round
    answers = rows(1, "bestuur", [2, 2, 2], [0, 0, 0]) + rows(2, "bestuur", [0, 0, 0], [5, 5, 5])
    result = aggregate(answers, [1, 2], ROLES, min_group_size=3)

    overall = group_figures(result.values())

    assert (overall.level, overall.desired) == (2, 5)
    assert overall.gap is None


def test_group_gap_is_the_mean_of_the_bouwsteen_gaps():
    answers = (
        rows(1, "bestuur", [2, 2, 2], [4, 4, 4])
        + rows(2, "bestuur", [4, 4, 4], [0, 0, 0])
        + rows(3, "bestuur", [0, 0, 0], [5, 5, 5])
    )
    result = aggregate(answers, [1, 2, 3], ROLES, min_group_size=3)

    assert group_figures(result.values()).gap == 2


def test_figures_of_one_person_are_hidden():
    # one wethouder: the overall figures would be theirs
    result = bouwsteen_stats(1, rows(1, "bestuur", [5], [5]), ROLES, min_group_size=3)

    assert result.current.hidden and result.desired.hidden
    assert result.level is None and result.gap is None
    assert result.current.median is None and result.current.mean is None
    assert result.current.spread is None
    assert sum(result.current.distribution.values()) == 0
    assert result.current.count == 0  # not even how many answered
    assert result.current.unknown == 0


def test_figures_hidden_when_fewer_people_than_the_group_size_scored():
    answers = rows(1, "bestuur", [5], [5]) + rows(1, "managers", [2, 0], [4, 0])

    result = bouwsteen_stats(1, answers, ROLES, min_group_size=3)

    assert result.current.hidden and result.desired.hidden
    assert result.level is None
    assert result.current.unknown == 0  # a hidden "weet ik niet" is not counted either


def test_small_roles_together_give_overall_figures_but_no_role_figures():
    # Two wethouders, two managers, one adviseur: no role may be shown, but the five together
    # can, because no part of them is shown that could be subtracted.
    answers = (
        rows(1, "bestuur", [5, 5], [5, 5])
        + rows(1, "managers", [2, 2], [3, 3])
        + rows(1, "adviseurs", [3], [4])
    )

    result = bouwsteen_stats(1, answers, ROLES, min_group_size=3)

    assert not result.current.hidden and not result.desired.hidden
    assert (result.level, result.desired.median) == (3, 4)
    assert result.shown_roles == {}
    assert result.hidden_roles == ["bestuur", "managers", "adviseurs"]


def test_figures_shown_when_one_role_is_large_enough():
    answers = rows(1, "bestuur", [5]) + rows(1, "managers", [2, 2, 3])

    result = bouwsteen_stats(1, answers, ROLES, min_group_size=3)

    assert not result.current.hidden
    assert result.level == 2.5


def test_consensus_level_is_shown_but_the_answers_stay_hidden():
    result = bouwsteen_stats(1, rows(1, "bestuur", [5], [5]), ROLES, min_group_size=3, consensus=3)

    assert (result.level, result.level_source) == (3, "consensus")
    assert result.current.hidden and result.current.median is None


def test_toelichtingen_are_sorted_and_leave_out_small_roles():
    answers = [
        AnswerRow(1, "bestuur", 5, None, "Als wethouder zie ik dit anders."),
        AnswerRow(1, "managers", 3, None, "zeker"),
        AnswerRow(1, "managers", 3, None, "Besproken in het MT"),
        AnswerRow(1, "managers", 3, None, "zeker"),
    ]

    result = bouwsteen_stats(1, answers, ROLES, min_group_size=3)

    assert result.toelichtingen == [("Besproken in het MT", 1), ("zeker", 2)]
    assert not hasattr(result, "toelichtingen_hidden")  # nothing says a text was left out


@pytest.mark.parametrize(
    ("counts", "percents"),
    [
        ([1, 1, 1], [34, 33, 33]),  # a tie in the remainder goes to the first
        ([0, 2, 0, 1, 0, 0], [0, 67, 0, 33, 0, 0]),
        ([1, 5, 1, 0, 0, 1], [13, 63, 12, 0, 0, 12]),  # 12.5 each way: the first two
        ([0, 0, 0], [0, 0, 0]),
        ([7], [100]),
    ],
)
def test_whole_percents_add_up_to_100(counts, percents):
    assert whole_percents(counts) == percents
