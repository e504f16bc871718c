"""The disclosure rules on their own (assessments/reporting/disclosure.py): no Django."""

import pytest

from assessments.reporting.disclosure import (
    Group,
    bouwsteen_stats,
    group_size,
    suppressed_roles,
)
from assessments.reporting.stats import AnswerRow

ROLES = ["bestuur", "managers", "adviseurs"]


def rows(rol, levels, text=""):
    return [AnswerRow(1, rol, level, 4, text) for level in levels]


def test_group_size_is_never_below_two():
    assert [group_size(size) for size in (0, 1, 2, 3, 5)] == [2, 2, 2, 3, 5]


@pytest.mark.parametrize(
    ("sizes", "suppressed"),
    [
        # bestuur has 4 people but only 2 scores: hidden; the rest (4 people, 2 scores) is
        # too small in scores, so the smallest shown rol (adviseurs before managers) joins it
        ({"bestuur": (4, 2), "managers": (3, 3), "adviseurs": (3, 3)}, {"bestuur", "adviseurs"}),
        # every rol large enough: nothing hidden
        ({"bestuur": (3, 3), "managers": (5, 4), "adviseurs": (3, 3)}, set()),
        # two small rollen together are a large enough rest
        ({"bestuur": (1, 1), "managers": (2, 2), "adviseurs": (3, 3)}, {"bestuur", "managers"}),
        # people without a known rol are always part of the rest
        ({"bestuur": (3, 3), "managers": (3, 3), None: (1, 1)}, {None, "bestuur"}),
    ],
)
def test_suppressed_roles(sizes, suppressed):
    groups = {rol: Group(*size) for rol, size in sizes.items()}

    assert suppressed_roles(groups, 3) == suppressed


@pytest.mark.parametrize("alone", [1, 2])
def test_a_small_role_is_never_the_only_hidden_group(alone):
    answers = (
        rows("bestuur", [5] * alone) + rows("managers", [2, 2, 2]) + rows("adviseurs", [3, 3, 3, 3])
    )

    result = bouwsteen_stats(1, answers, ROLES, min_group_size=3)

    assert "bestuur" in result.hidden_roles
    assert len(result.hidden_roles) == 2  # the smallest other role goes with it
    hidden_people = alone + 3
    assert hidden_people >= 3
    assert result.shown_roles == {"adviseurs": 3}


def test_a_hidden_groups_weet_ik_niet_is_not_counted_anywhere():
    # one wethouder said "weet ik niet", two managers scored: too few people in all
    answers = rows("bestuur", [0]) + rows("managers", [3, 4])

    result = bouwsteen_stats(1, answers, ROLES, min_group_size=3)

    assert result.current.hidden
    assert (result.current.count, result.current.unknown, result.current.responses) == (0, 0, 0)
    assert result.shown_roles == {}


def test_everyone_saying_weet_ik_niet_in_a_large_enough_group_is_shown():
    result = bouwsteen_stats(1, rows("managers", [0, 0, 0]), ROLES, min_group_size=3)

    assert not result.current.hidden
    assert result.current.unknown == 3
    assert result.hidden_roles == ["managers"]  # no scores: no median to show


def test_toelichtingen_only_from_large_enough_roles_and_unattributed():
    answers = rows("bestuur", [4], "Mijn eigen tekst") + rows("managers", [3, 3, 3], "Samen")

    result = bouwsteen_stats(1, answers, ROLES, min_group_size=3)

    assert result.toelichtingen == [("Samen", 3)]


def test_withheld_roles_show_no_role_and_no_text():
    answers = rows("managers", [3, 3, 3], "Samen") + rows("adviseurs", [2, 2, 2], "Ook")

    result = bouwsteen_stats(1, answers, ROLES, min_group_size=3, with_roles=False)

    assert result.roles_withheld
    assert result.shown_roles == {} and result.toelichtingen == []
    assert result.current.median == 2.5  # the overall figures stay


def test_consensus_is_shown_when_the_answers_are_hidden():
    result = bouwsteen_stats(1, rows("bestuur", [5]), ROLES, min_group_size=3, consensus=2)

    assert result.current.hidden and result.level == 2


def test_role_figures_that_would_cut_a_batch_into_single_people_are_hidden():
    # Issue 26 (found by the stateful attacker): batches {a, b} and {c, d} at group size
    # two; the adviseurs a and d would be shown together, and with both batches known that
    # pins all four. Each batch holds one adviseur: a piece of one.
    rows = [
        AnswerRow(1, "adviseurs", 5, None, batch=0),
        AnswerRow(1, "bestuur", 1, None, batch=0),
        AnswerRow(1, "managers", 4, None, batch=None),
        AnswerRow(1, "adviseurs", 1, None, batch=None),
    ]

    result = bouwsteen_stats(1, rows, ["bestuur", "managers", "adviseurs"], min_group_size=2)

    assert not result.shown_roles and not result.current.hidden


def test_role_figures_whose_pieces_of_each_batch_are_whole_groups_stay():
    rows = [
        AnswerRow(1, rol, level, None, batch=batch)
        for batch in (0, None)
        for rol, level in (("adviseurs", 2), ("adviseurs", 3), ("managers", 4), ("managers", 5))
    ]

    result = bouwsteen_stats(1, rows, ["bestuur", "managers", "adviseurs"], min_group_size=2)

    assert result.shown_roles == {"managers": 4.5, "adviseurs": 2.5}
