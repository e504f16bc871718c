"""Who counts when answering closes (rounds/counting.py): plain rules, and the invariant of
the chain of releases as a property that holds for any history."""

from hypothesis import given
from hypothesis import strategies as st

from assessments.rounds.counting import insiders, next_release, people_counted


def test_everyone_who_sent_counts_without_a_tussenstand():
    count = people_counted({1, 2, 3}, (), 3)

    assert count.counted == {1, 2, 3} and not count.follows_last_tussenstand


def test_fewer_than_the_group_size_without_a_tussenstand_count_nowhere():
    count = people_counted({1, 2}, (), 3)

    assert count.counted == frozenset() and count.left_out == {1, 2}


def test_a_revoke_after_the_last_tussenstand_keeps_that_person_counted():
    count = people_counted({1, 2, 3, 4, 5}, {1, 2, 3, 4, 5, 6}, 3)

    assert count.counted == {1, 2, 3, 4, 5, 6}
    assert count.kept == {6} and not count.left_out


def test_few_sends_after_the_last_tussenstand_are_left_out():
    count = people_counted({1, 2, 3, 4, 5}, {1, 2, 3}, 3)

    assert count.counted == {1, 2, 3} and count.left_out == {4, 5}


def test_a_whole_group_after_the_last_tussenstand_counts():
    count = people_counted({1, 2, 3, 4, 5, 6}, {1, 2, 3}, 3)

    assert count.counted == {1, 2, 3, 4, 5, 6} and not count.follows_last_tussenstand


def test_leavers_never_make_up_for_too_few_joiners():
    # The sign attack of issue 26: one released person revoked, two new ones sent. Counted
    # together that is three changes; a distribution shows them as -1 and +1 +1.
    count = people_counted({2, 3, 4, 5, 6, 7, 8}, {1, 2, 3, 4, 5, 6}, 3)

    assert count.counted == {1, 2, 3, 4, 5, 6}
    assert count.left_out == {7, 8} and count.kept == {1}


def test_the_coordinators_own_answers_count_nowhere_and_fill_no_batch():
    # The padding attack of issue 26: one colleague and two self-fills after a tussenstand.
    count = people_counted({1, 2, 3, 4, 5, 6}, {1, 2, 3}, 3, insiders={5, 6})

    assert count.counted == {1, 2, 3}
    assert count.left_out == {4} and count.own == {5, 6}


def test_the_coordinators_own_answers_count_nowhere_even_without_a_tussenstand():
    count = people_counted({1, 2, 3}, (), 2, insiders={3})

    assert count.counted == {1, 2} and count.own == {3}
    assert people_counted({1, 3}, (), 2, insiders={3}).counted == frozenset()


def test_a_tussenstand_needs_a_whole_group_even_the_first():
    assert next_release((), {1, 2}, 3) == frozenset()
    assert next_release((), {1, 2, 3}, 3) == {1, 2, 3}
    assert next_release({1, 2, 3}, {1, 2, 3, 4, 5}, 3) == {1, 2, 3}


def test_insiders_are_found_by_address_whatever_the_case():
    people = {1: "Coordinator@Gemeente.nl ", 2: "iemand@gemeente.nl"}

    assert insiders(people, ["coordinator@gemeente.nl", ""]) == {1}


@st.composite
def histories(draw):
    """A round's life as a coordinator may drive it: between releases people send, are
    revoked or reinstated, and some of them are coordinators."""
    size = draw(st.integers(2, 4))
    coordinators = set(draw(st.sets(st.integers(0, 11), max_size=3)))
    steps = draw(
        st.lists(
            st.tuples(
                st.sets(st.integers(0, 11), max_size=6),  # sent by now (with a working link)
                st.booleans(),  # a report is read: a tussenstand may be released
            ),
            max_size=6,
        )
    )
    return size, coordinators, steps


@given(histories())
def test_every_release_holds_the_one_before_and_adds_nobody_or_a_group(history):
    size, coordinators, steps = history
    releases = [frozenset()]
    for sent, read in steps:
        if read:
            releases.append(next_release(releases[-1], sent - coordinators, size))
    final = people_counted(steps[-1][0] if steps else (), releases[-1], size, coordinators)
    releases.append(final.counted)

    for earlier, later in zip(releases, releases[1:], strict=False):
        assert earlier <= later
        assert later == earlier or len(later - earlier) >= size
    assert not (final.counted & coordinators)
