"""Bestuur per gemeente under the disclosure rules (assessments/reporting/disclosure.py): the
gemeenten are a third level of the table, and nothing that adding and subtracting the shown
groups gives may be a group of 1 to N-1 people or scores. No Django."""

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.reporting import disclosure
from assessments.reporting.disclosure import INSIDER, aggregate, bouwsteen_stats
from assessments.reporting.stats import AnswerRow

ROLES = ["bestuur", "managers", "adviseurs"]
A, B = 101, 102


def people(rol, levels, gemeente=None, batch=None):
    return [AnswerRow(1, rol, level, 4, "", batch, gemeente) for level in levels]


def stats(rows, size=3, **kwargs):
    gemeenten = sorted({row.gemeente for row in rows if row.rol == "bestuur"} - {None})
    return bouwsteen_stats(1, rows, ROLES, min_group_size=size, gemeenten=gemeenten, **kwargs)


def test_a_gemeente_with_enough_scores_is_shown_with_its_median():
    rows = people("bestuur", [2, 3, 4], A) + people("bestuur", [4, 5, 5], B)
    rows += people("managers", [3, 3, 3])
    result = stats(rows)
    assert result.shown_gemeenten == {A: 3.0, B: 5.0}
    assert result.by_gemeente[A].count == 3


def test_a_gemeente_with_fewer_scores_than_the_group_size_is_hidden():
    rows = people("bestuur", [2, 3, 0], A) + people("bestuur", [4, 5, 5], B)
    rows += people("bestuur", [1, 1, 1]) + people("managers", [3, 3, 3])
    result = stats(rows)
    assert result.by_gemeente[A].hidden and result.by_gemeente[A].count == 0
    assert result.shown_gemeenten == {B: 5.0}


def test_the_bestuur_left_over_by_the_shown_gemeenten_is_never_one_person():
    # bestuur is shown with 4 people and gemeente A with 3: the fourth would be derivable
    rows = people("bestuur", [2, 2, 2], A) + people("bestuur", [5])
    rows += people("managers", [3, 3, 3]) + people("adviseurs", [3, 3, 3])
    result = stats(rows)
    assert "bestuur" in result.shown_roles
    assert result.shown_gemeenten == {}
    assert result.by_gemeente[A].hidden


def test_a_hidden_gemeente_is_not_left_alone_beside_a_shown_one():
    # B has two people (hidden); bestuur minus A would be B: A is hidden too
    rows = people("bestuur", [2, 3, 4], A) + people("bestuur", [5, 5], B)
    rows += people("managers", [3, 3, 3])
    result = stats(rows)
    assert result.shown_gemeenten == {}


def test_with_bestuur_hidden_the_rest_minus_the_shown_gemeenten_is_never_small():
    # the two adviseurs are hidden and bestuur with them (the smaller of the shown roles);
    # showing A would leave one bestuur ("weet ik niet") and two adviseurs: 2 scores
    rows = people("bestuur", [2, 2, 2], A) + people("bestuur", [0])
    rows += people("managers", [3, 3, 3, 3]) + people("adviseurs", [4, 4])
    result = stats(rows)
    assert "bestuur" not in result.shown_roles
    assert result.shown_gemeenten == {}


def test_with_bestuur_hidden_a_gemeente_may_show_when_the_rest_stays_large():
    rows = people("bestuur", [2, 2, 2], A) + people("bestuur", [1, 1, 1])
    rows += people("managers", [3] * 7) + people("adviseurs", [4, 4])
    result = stats(rows)
    assert "bestuur" not in result.shown_roles
    assert result.shown_gemeenten == {A: 2.0}


def test_insiders_do_not_make_the_left_over_bestuur_large_enough():
    rows = people("bestuur", [2, 2, 2], A) + people("bestuur", [5])
    rows += people(INSIDER, [4, 4, 4]) + people("managers", [3, 3, 3])
    assert stats(rows).shown_gemeenten == {}


def test_gemeente_figures_never_cut_a_batch_into_a_small_piece():
    # A's three people came in two batches; so did the other bestuur; each piece of a batch
    # of A alone would be smaller than the group size
    rows = people("bestuur", [2, 2], A, batch=0) + people("bestuur", [3], A, batch=1)
    rows += people("bestuur", [4, 4, 4], B, batch=0) + people("bestuur", [4, 4], batch=1)
    rows += people("managers", [3, 3, 3], batch=0) + people("managers", [3, 3, 3], batch=1)
    result = stats(rows)
    assert A not in result.shown_gemeenten


def test_the_people_who_joined_at_the_close_are_a_batch_of_their_own():
    # Found by the stateful attacker: a tussenstand of three bestuur, then at the close one
    # adviseur and gemeente B's three. Showing B would leave the adviseur alone in the batch
    # of the close (batch None), where the tussenstand gives that batch's total.
    rows = people("bestuur", [0]) + people("bestuur", [0, 2], A)
    rows = [row._replace(batch=0) for row in rows]
    rows += people("adviseurs", [2]) + people("bestuur", [5, 1, 3], B)
    result = stats(rows, size=2)
    assert result.shown_roles == {}
    assert B not in result.shown_gemeenten


def test_a_tussenstand_shows_no_gemeente_figures():
    rows = people("bestuur", [2, 3, 4], A) + people("bestuur", [4, 5, 5], B)
    result = aggregate(rows, [1], ROLES, min_group_size=3, with_roles=False)[1]
    assert result.by_gemeente == {}


def test_every_bouwsteen_gets_the_same_gemeenten_also_one_nobody_of_them_answered():
    rows = people("bestuur", [2, 3, 4], A) + [AnswerRow(2, "managers", 3, 3)] * 3
    result = aggregate(rows, [1, 2], ROLES, min_group_size=3)
    assert list(result[2].by_gemeente) == [A]
    assert result[2].by_gemeente[A].hidden


def test_a_gemeente_of_someone_answering_in_another_role_is_ignored():
    rows = people("managers", [2, 3, 4], A) + people("bestuur", [3, 3, 3])
    assert aggregate(rows, [1], ROLES, min_group_size=3)[1].by_gemeente == {}


# The property: every piece that adding and subtracting the shown groups gives is none or at
# least the group size, in people and in scores (insiders never count).

ROW = st.tuples(
    st.sampled_from(["bestuur", "bestuur", "managers", "adviseurs", "other", INSIDER]),
    # everyone gave a current level ("weet ik niet" is 0): a release holds at least the group
    # size of people, so one who left it open is never alone in one (counting.py)
    st.sampled_from([0, 1, 2, 3, 4, 5]),
    st.sampled_from([None, A, B, 103]),
    st.sampled_from([0, 1, None]),  # None: joined at the close (releases.release_batches)
)


def shown_groups(rows, result):
    """Every shown group as the set of row indices it covers."""
    groups = []
    if not result.current.hidden:
        groups.append(set(range(len(rows))))
    for rol in result.shown_roles:
        groups.append({i for i, row in enumerate(rows) if row.rol == rol})
    for key in result.shown_gemeenten:
        groups.append({i for i, row in enumerate(rows) if disclosure.row_gemeente(row) == key})
    return groups


def atoms(rows, groups, batched):
    """The smallest pieces the shown groups (and the batches) cut the rows into: in this
    nested table each is derivable, and every derivable group is made of them."""
    found = {}
    for i, row in enumerate(rows):
        key = tuple(i in group for group in groups) + ((row.batch,) if batched else ())
        if any(key[: len(groups)]):
            found.setdefault(key, []).append(row)
    return found.values()


def too_small(count, size):
    return 0 < count < size


@settings(max_examples=400, deadline=None)
@given(st.lists(ROW, max_size=24), st.integers(2, 4), st.booleans())
def test_no_sum_or_difference_of_shown_groups_is_a_group_of_1_to_n_minus_1(raw, size, batched):
    rows = [
        AnswerRow(1, rol, level, 3, "", batch if batched else None, gemeente)
        for rol, level, gemeente, batch in raw
    ]
    result = aggregate(rows, [1], ROLES, min_group_size=size)[1]
    groups = shown_groups(rows, result)
    for piece in atoms(rows, groups, batched=False):
        outsiders = [row for row in piece if row.rol != INSIDER]
        scores = [row for row in outsiders if row.current != 0]
        assert not too_small(len(outsiders), size)
        assert not too_small(len(scores), size)
    if batched:
        # pieces of a batch: the rows of the batch minus the rest of the shown groups
        for piece in atoms(rows, groups[1:], batched=True):
            assert not too_small(sum(1 for row in piece if row.rol != INSIDER), size)
