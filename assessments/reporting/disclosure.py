"""Disclosure control: the one rule set that decides which figures about answers an output may
show, so that no respondent's answer can be read off the report page, the PDF, the CSV or the
consensus page, on their own or by comparing them. Plain Python, no Django.

The rules, as statistical offices apply them to a table (the README's "Privacy van de cijfers"
says the same in Dutch):

- **Primary suppression.** A role's median (and its count) is shown only when at least
  `min_group_size` people of that role scored the bouwsteen on the scale (1-5). The overall
  figures of a bouwsteen (distribution, "weet ik niet", median, spread, desired level) are shown
  only when at least `min_group_size` people answered it and, unless nobody scored it, at least
  `min_group_size` scored it. A hidden group shows nothing, not even how many said "weet ik niet".
- **Secondary (complementary) suppression.** The overall figures minus the shown roles give the
  rest: the hidden roles and the people whose role is unknown. That rest must be empty or hold
  at least `min_group_size` people and `min_group_size` scores; otherwise the smallest shown
  role is hidden too, until it does. So a hidden group is never recoverable by subtraction.
- **Toelichtingen** come only from roles with at least `min_group_size` people answering the
  bouwsteen, sorted, without role or name. Nothing says that a text was left out.
- **Insiders do not count towards the group size.** A coordinator of the organisation who
  filled in the questionnaire (rows with the role INSIDER, see rounds/counting.py) is part of
  the overall figures and of the hidden rest, but a group reaches `min_group_size` only with
  other people: knowing their own answers must not let a coordinator narrow a group down.
- **Never below two.** A group size below MIN_GROUP_FLOOR is raised to it: a "group" of one is
  one person.
- **Role figures never cut a batch.** The final figures follow tussenstanden, each adding a
  batch of people the coordinator can name (rounds/counting.py). A role's figures, laid over
  those batches, must not single out a piece of a batch: in every batch, the people of each
  shown role and the people of no shown role are none or at least `min_group_size`; otherwise
  the shown role with the smallest such piece is hidden too, until they are
  (batch_suppressed).
- **Bestuur per gemeente.** A werkorganisatie's bestuur respondents may each serve one of
  its gemeenten (rows of the role BESTUUR with a `gemeente`). A gemeente's figures are a
  third level of the table (overall > rol > gemeente) and follow the same rules: shown only
  with at least `min_group_size` scores, and then only while every piece that adding and
  subtracting the shown groups gives is none or at least `min_group_size` people and
  scores (insiders not counted): each shown gemeente; each shown role minus its shown
  gemeenten (bestuur without a gemeente or of a hidden gemeente); and the rest, everything
  minus the shown roles and the shown gemeenten (when bestuur as a whole is hidden). With
  batches, every piece of every batch too (in people; those who joined at the close are a
  batch of their own). Otherwise the smallest shown gemeente (fewest
  scores, then fewest people, then by id) is hidden, until all hold (suppressed_gemeenten).
  The roles are decided first; hiding gemeenten only ever grows the pieces, so it ends.
- **Withheld roles.** A round's tussenstand (see tussenstand.py) shows no role figures, no
  gemeente figures and no toelichtingen at all (`with_roles=False`): role groups grow one
  person at a time, and comparing two tussenstanden would show what that person changed.

Counts of people (invited, opened, sent, revoked) are not figures about answers and are not
suppressed: the coordinator invited these people and sees who sent.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bouwstenen.scale import UNKNOWN

from ..rounds.counting import BESTUUR, MIN_GROUP_FLOOR, group_size
from .stats import AnswerRow, BouwsteenStats, Figures, figures

__all__ = [
    "BESTUUR",
    "INSIDER",
    "MIN_GROUP_FLOOR",
    "aggregate",
    "bouwsteen_stats",
    "group_size",
    "suppressed_gemeenten",
    "suppressed_roles",
]

# The role an insider's answers carry (a coordinator who filled in the questionnaire): never
# a role of a model, since codes are slugs.
INSIDER = "#insider"


def too_small(count: int, min_group_size: int) -> bool:
    """True for a group with someone in it but fewer than `min_group_size`: it may not be shown."""
    return 0 < count < min_group_size


def hidden() -> Figures:
    """Figures that say nothing: not what was answered, not how many answered."""
    return Figures(hidden=True)


def overall(result: Figures, min_group_size: int, counted: Figures | None = None) -> Figures:
    """`result` when it may be shown (primary suppression), else hidden(). `counted`: the
    part of the figures that counts towards the group size (without insiders), if not all."""
    counted = counted or result
    if too_small(counted.responses, min_group_size) or too_small(counted.count, min_group_size):
        return hidden()
    return result


@dataclass(frozen=True)
class Group:
    """One role's part of a bouwsteen's answers: how many answered it and how many scored it."""

    people: int
    scored: int


def suppressed_roles(groups: dict[str | None, Group], min_group_size: int) -> set[str | None]:
    """The roles whose figures may not be shown. Primary: fewer than `min_group_size` scores.
    Secondary: while the hidden part (these roles together, and the key None for people with
    an unknown role, which is never shown) holds 1 to `min_group_size - 1` people or scores,
    the smallest shown role (fewest scores, then fewest people, then by code) joins it."""
    suppressed = {
        rol
        for rol, group in groups.items()
        if group.people and (rol is None or group.scored < min_group_size)
    }

    def rest_too_small() -> bool:
        people = sum(groups[rol].people for rol in suppressed)
        scored = sum(groups[rol].scored for rol in suppressed)
        return too_small(people, min_group_size) or too_small(scored, min_group_size)

    while rest_too_small():
        shown = [rol for rol in groups if rol not in suppressed and groups[rol].people]
        if not shown:
            break
        suppressed.add(
            min(shown, key=lambda rol: (groups[rol].scored, groups[rol].people, str(rol)))
        )
    return suppressed


def batch_suppressed(
    rows: list[AnswerRow], roles: list[str], suppressed: set, min_group_size: int
) -> set[str]:
    """The roles to hide besides `suppressed` so that, in every batch of the rows (their
    `batch`), the people of each shown role and those of no shown role are none or at least
    `min_group_size`. Rows without a batch, or all of one batch, need nothing more: a single
    release is the whole rule set above."""
    if len({row.batch for row in rows}) <= 1:
        return set()
    present = {row.rol for row in rows}
    extra: set[str] = set()
    while True:
        shown = [rol for rol in roles if rol in present and rol not in suppressed | extra]
        if not shown:
            return extra
        pieces = Counter((row.batch, row.rol if row.rol in shown else None) for row in rows)
        small = [(count, rol) for (_batch, rol), count in pieces.items() if count < min_group_size]
        if not small:
            return extra
        cut = [(count, rol) for count, rol in small if rol is not None]
        if cut:
            extra.add(min(cut)[1])
        else:  # only the rest is too small: it takes the smallest shown role
            sizes = Counter(row.rol for row in rows if row.rol in shown)
            extra.add(min(shown, key=lambda rol: (sizes[rol], rol)))


def row_gemeente(row: AnswerRow) -> int | None:
    """The gemeente a row counts in: only a bestuur answer has one."""
    return row.gemeente if row.rol == BESTUUR else None


def _pieces(rows: list[AnswerRow], roles: set, gemeenten: set) -> dict[tuple, list[int]]:
    """The rows (insiders left out) cut into the pieces that adding and subtracting the shown
    roles and gemeenten give: a shown gemeente, a shown role minus its shown gemeenten, the
    rest; per piece its people and its scores, over the whole release and, with batches, per
    batch (people only, as batch_suppressed counts them)."""
    pieces: dict[tuple, list[int]] = {}
    batched = len({row.batch for row in rows}) > 1
    for row in rows:
        if row.rol == INSIDER:
            continue
        gemeente = row_gemeente(row)
        if gemeente in gemeenten:
            key = ("gemeente", gemeente)
        elif row.rol in roles:
            key = ("rol", row.rol)
        else:
            key = ("rest",)
        whole = pieces.setdefault(("all", *key), [0, 0])
        whole[0] += 1
        whole[1] += row.current is not None and row.current != UNKNOWN
        if batched:  # the batch of the close is None: a batch like the others
            pieces.setdefault(("batch", row.batch, *key), [0, 0])[0] += 1
    return pieces


def suppressed_gemeenten(
    rows: list[AnswerRow], shown_roles: set[str], min_group_size: int
) -> set[int]:
    """The gemeenten (of the bestuur rows) whose figures may not be shown, given the roles
    shown: fewer than `min_group_size` scores, or hidden until every piece (_pieces) holds
    none or at least `min_group_size` people and scores (the rule above)."""
    people = Counter(row_gemeente(row) for row in rows if row.rol != INSIDER)
    scored = Counter(
        row_gemeente(row)
        for row in rows
        if row.rol != INSIDER and row.current is not None and row.current != UNKNOWN
    )
    people.pop(None, None)
    suppressed = {key for key in people if scored[key] < min_group_size}

    def cut() -> bool:
        pieces = _pieces(rows, shown_roles, set(people) - suppressed)
        return any(too_small(count, min_group_size) for piece in pieces.values() for count in piece)

    while cut():
        shown = [key for key in people if key not in suppressed]
        if not shown:
            break
        suppressed.add(min(shown, key=lambda key: (scored[key], people[key], key)))
    return suppressed


def bouwsteen_stats(
    bouwsteen: int,
    rows: list[AnswerRow],
    roles: list[str],
    *,
    min_group_size: int,
    consensus: int | None = None,
    with_roles: bool = True,
    gemeenten: Iterable[int] = (),
) -> BouwsteenStats:
    """What may be shown about one bouwsteen, under the rules above. Rows of a role not in
    `roles` count in the overall figures and are never shown apart. A consensus level is
    agreed by the team and is always shown. `gemeenten`: the gemeenten of the round's
    bestuur (by_gemeente has one figure for each, hidden where it may not be shown)."""
    size = group_size(min_group_size)
    known = set(roles)
    by_rol = {rol: figures(row.current for row in rows if row.rol == rol) for rol in roles}
    people = Counter(row.rol if row.rol in known else None for row in rows)
    groups = {rol: Group(people[rol], by_rol[rol].count) for rol in roles}
    # Unknown roles and insiders are the rest; only the others count towards the group size.
    outsiders = [row for row in rows if row.rol != INSIDER]
    others = figures(row.current for row in outsiders if row.rol not in known)
    groups[None] = Group(sum(1 for row in outsiders if row.rol not in known), others.count)

    current = overall(
        figures(row.current for row in rows), size, figures(row.current for row in outsiders)
    )
    desired = overall(
        figures(row.desired for row in rows), size, figures(row.desired for row in outsiders)
    )
    if with_roles and not current.hidden:
        suppressed = suppressed_roles(groups, size)
        suppressed |= batch_suppressed(rows, roles, suppressed, size)
    else:
        suppressed = {rol for rol in groups if groups[rol].people}
    shown = {rol: by_rol[rol] for rol in roles if people[rol] and rol not in suppressed}

    by_gemeente = {key: hidden() for key in gemeenten}
    if by_gemeente and with_roles and not current.hidden:
        hide = suppressed_gemeenten(rows, set(shown), size)
        for key in by_gemeente:
            if key not in hide:
                by_gemeente[key] = figures(row.current for row in rows if row_gemeente(row) == key)
            if by_gemeente[key].count == 0 and by_gemeente[key].unknown == 0:
                by_gemeente[key] = hidden()

    texts = Counter()
    if with_roles:
        for row in rows:
            text = row.toelichting.strip()
            if text and row.rol in known and people[row.rol] >= size:
                texts[text] += 1
    return BouwsteenStats(
        bouwsteen=bouwsteen,
        current=current,
        desired=desired,
        by_rol={rol: shown.get(rol, hidden()) for rol in roles},
        shown_roles={rol: result.median for rol, result in shown.items()},
        hidden_roles=[rol for rol in roles if people[rol] and rol not in shown],
        roles_withheld=not with_roles,
        consensus=consensus,
        toelichtingen=sorted(texts.items(), key=lambda item: (item[0].casefold(), item[0])),
        by_gemeente=by_gemeente,
    )


def aggregate(
    rows: Iterable[AnswerRow],
    bouwstenen: list[int],
    roles: list[str],
    *,
    min_group_size: int,
    consensus: dict[int, int] | None = None,
    with_roles: bool = True,
) -> dict[int, BouwsteenStats]:
    """What may be shown per bouwsteen (keyed like `bouwstenen`, in that order), also for
    bouwstenen nobody answered. Rows of other bouwstenen are ignored. Every bouwsteen gets
    figures for the same gemeenten: those of any bestuur row (so a missing one says nothing)."""
    consensus = consensus or {}
    rows = list(rows)
    gemeenten = sorted({row_gemeente(row) for row in rows} - {None}) if with_roles else []
    grouped: dict[int, list[AnswerRow]] = {number: [] for number in bouwstenen}
    for row in rows:
        if row.bouwsteen in grouped:
            grouped[row.bouwsteen].append(row)
    return {
        number: bouwsteen_stats(
            number,
            grouped[number],
            roles,
            min_group_size=min_group_size,
            consensus=consensus.get(number),
            with_roles=with_roles,
            gemeenten=gemeenten,
        )
        for number in bouwstenen
    }
