"""Who counts when answering closes (rounds/counting.py): plain rules, and a property that
holds for any history of releases."""

from hypothesis import given
from hypothesis import strategies as st

from assessments.rounds.counting import far_enough, insiders, people_counted


def test_everyone_who_sent_counts_without_a_tussenstand():
    count = people_counted({1, 2}, [], 3)

    assert count.counted == {1, 2} and not count.follows_last_tussenstand


def test_a_revoke_after_the_last_tussenstand_keeps_that_person_counted():
    count = people_counted({1, 2, 3, 4, 5}, [{1, 2, 3}, {1, 2, 3, 4, 5, 6}], 3)

    assert count.counted == {1, 2, 3, 4, 5, 6}
    assert count.kept == {6} and not count.left_out


def test_few_sends_after_the_last_tussenstand_are_left_out():
    count = people_counted({1, 2, 3, 4, 5}, [{1, 2, 3}], 3)

    assert count.counted == {1, 2, 3} and count.left_out == {4, 5}


def test_a_whole_group_after_the_last_tussenstand_counts():
    count = people_counted({1, 2, 3, 4, 5, 6}, [{1, 2, 3}], 3)

    assert count.counted == {1, 2, 3, 4, 5, 6} and not count.follows_last_tussenstand


def test_insiders_are_found_by_address_whatever_the_case():
    people = {1: "Coordinator@Gemeente.nl ", 2: "iemand@gemeente.nl"}

    assert insiders(people, ["coordinator@gemeente.nl", ""]) == {1}


@st.composite
def histories(draw):
    """Releases as a round makes them (each adds a batch of at least the group size to the
    one before) and who has sent now (some released people revoked, some new ones)."""
    size = draw(st.integers(2, 5))
    releases, people, next_id = [], set(), 0
    for _ in range(draw(st.integers(0, 4))):
        batch = draw(st.integers(size, size + 3))
        people = people | set(range(next_id, next_id + batch))
        next_id += batch
        releases.append(frozenset(people))
    revoked = draw(st.sets(st.sampled_from(sorted(people)))) if people else set()
    late = set(range(next_id, next_id + draw(st.integers(0, 2 * size))))
    return size, releases, (people - revoked) | late


@given(histories())
def test_the_final_release_never_differs_from_a_tussenstand_by_a_few(history):
    size, releases, sent = history

    count = people_counted(sent, releases, size)

    assert all(far_enough(count.counted, released, size) for released in releases)
    assert count.counted == sent or count.counted == max(releases, key=len)
