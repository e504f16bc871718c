"""Whether role figures will show, known before it disappoints: a forecast for the coordinator
while inviting and before opening. Plain Python.

The report shows a role's figures on a bouwsteen only when at least the group size N of its
people scored it ("weet ik niet" is no score), and hides a shown role too when the hidden
rest would otherwise hold 1 to N-1 people or scores (reporting/disclosure.py, whose
`suppressed_roles` this forecast follows over whole roles; its test checks the two agree).
Coordinators who fill in themselves count in no role group (rounds/counting.py).

The forecast takes the people invited (working links, coordinators left out) and asks, per
role: will its figures show when everyone answers and scores (`shown`), and do they still show
when one person says "weet ik niet" on a bouwsteen (`survives_unknown`)? A role with exactly
N people loses its figure on every bouwsteen where one of them says "weet ik niet".
"""

from dataclasses import dataclass

SHOWN = "shown"  # shows, also when one person says "weet ik niet"
FRAGILE = "fragile"  # shows only while everybody of the role scores
HIDDEN = "hidden"  # too few people: no figures, whatever they answer
HIDDEN_FOR_OTHERS = "hidden_for_others"  # enough people, hidden to protect a smaller role


@dataclass(frozen=True)
class RoleOutlook:
    code: str
    name: str
    people: int  # invited with a working link, coordinators left out
    status: str  # SHOWN, FRAGILE, HIDDEN or HIDDEN_FOR_OTHERS
    # how many more people of this role it takes to show (HIDDEN), or to keep showing after
    # one "weet ik niet" (FRAGILE with exactly the group size); else 0
    missing: int


def _suppressed(people: dict, scored: dict, unknown_role: int, size: int) -> set:
    """The roles hidden on a bouwsteen where each role's `people` answered and `scored` of
    them gave a score, plus `unknown_role` people without a role who all scored (the rule of
    disclosure.suppressed_roles)."""
    suppressed = {rol for rol in people if people[rol] and scored[rol] < size}

    def rest_too_small() -> bool:
        rest_people = unknown_role + sum(people[rol] for rol in suppressed)
        rest_scored = unknown_role + sum(scored[rol] for rol in suppressed)
        return 0 < rest_people < size or 0 < rest_scored < size

    while rest_too_small():
        shown = [rol for rol in people if rol not in suppressed and people[rol]]
        if not shown:
            break
        suppressed.add(min(shown, key=lambda rol: (scored[rol], people[rol], str(rol))))
    return suppressed


def _one_unknown(counts: dict, rol: str) -> dict:
    """The scores when one person of `rol` says "weet ik niet"."""
    return {**counts, rol: counts[rol] - 1}


def role_outlook(
    roles: list[tuple[str, str]], people: dict[str, int], unknown_role: int, size: int
) -> list[RoleOutlook]:
    """The forecast per role of `roles` ((code, name) in the model's order): `people` per role
    code, `unknown_role` people invited without a role, `size` the round's group size (at
    least MIN_GROUP_FLOOR). Overall figures need `size` people in all: below that nothing
    shows anywhere."""
    counts = {code: people.get(code, 0) for code, _name in roles}
    everyone_scores = _suppressed(counts, counts, unknown_role, size)
    outlook = []
    for code, name in roles:
        n = counts[code]
        if n < size:  # (also when fewer than `size` people in all: then nothing shows)
            status = HIDDEN
        elif code in everyone_scores:
            status = HIDDEN_FOR_OTHERS
        else:
            # one "weet ik niet" anywhere: in this role, or in a role whose loss exposes it
            survives = all(
                code not in _suppressed(counts, _one_unknown(counts, other), unknown_role, size)
                for other in counts
                if counts[other]
            )
            status = SHOWN if survives else FRAGILE
        missing = {HIDDEN: size - n, FRAGILE: 1 if n == size else 0}.get(status, 0)
        outlook.append(RoleOutlook(code, name, n, status, missing))
    return outlook
