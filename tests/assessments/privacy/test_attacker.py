"""The exact attacker (privacy/attacker.py) on hand-made observations: it finds what a
difference or a coordinator's own answers give away, and calls a unanimous group by design."""

import pytest

from assessments.privacy.attacker import (
    UNANSWERED,
    Inconsistent,
    Observation,
    pins,
    possible_levels,
)

Q = (1, "current")


def seen(people, counts, size=3):
    return Observation(Q, frozenset(people), counts, size)


def test_a_difference_of_one_person_gives_their_level():
    found = pins([seen({1, 2, 3}, {2: 1, 3: 2}), seen({1, 2, 3, 4}, {2: 1, 3: 2, 5: 1})])

    assert [(pin.person, pin.level, pin.exempt) for pin in found] == [(4, 5, False)]


def test_a_leaver_shows_as_minus_one_the_sign_attack():
    # Issue 26, attack 1: the target (1) in the first, two new people in the second.
    release = seen({1, 2, 3, 4}, {5: 1, 2: 1, 3: 2})
    final = seen({2, 3, 4, 5, 6}, {2: 1, 3: 4})

    assert [(pin.person, pin.level) for pin in pins([release, final])] == [
        (1, 5),
        (5, 3),
        (6, 3),
    ]


def test_known_answers_are_subtracted_the_padding_attack():
    release = seen({1, 2, 3}, {2: 1, 3: 2})
    final = seen({1, 2, 3, 4, 8, 9}, {2: 1, 3: 2, 1: 2, 4: 1})

    found = pins([release, final], known={Q: {8: 1, 9: 1}})

    assert [(pin.person, pin.level, pin.exempt) for pin in found] == [(4, 4, False)]


def test_a_unanimous_group_is_given_away_by_design():
    found = pins([seen({1, 2, 3}, {4: 3})])

    assert {(pin.person, pin.level) for pin in found} == {(1, 4), (2, 4), (3, 4)}
    assert all(pin.exempt for pin in found)


def test_a_batch_of_a_whole_group_pins_nobody():
    first = seen({1, 2, 3}, {2: 1, 3: 2})
    second = seen({1, 2, 3, 4, 5, 6}, {2: 2, 3: 3, 5: 1})

    assert pins([first, second]) == []
    finding = possible_levels(Q, [first, second], {})
    assert finding.possible[4] == {2, 3, 5} and finding.decided


def test_a_hidden_figure_says_how_few_scored():
    # Three people: two "weet ik niet" and one 4. Of two of them the figure was hidden, so
    # one of those two scored: the third said "weet ik niet".
    everyone = seen({1, 2, 3}, {0: 2, 4: 1})
    hidden = Observation(Q, frozenset({1, 2}), None, 2)

    finding = possible_levels(Q, [everyone, hidden], {})

    assert finding.possible[3] == {0}
    assert finding.possible[1] == {0, 4} and UNANSWERED not in finding.possible[2]


def test_observations_that_contradict_each_other_are_refused():
    with pytest.raises(Inconsistent):
        pins([seen({1, 2, 3}, {3: 3}), seen({1, 2, 3}, {4: 3})])
