"""The organisation-level attacker: given every release an observer could have kept, which
organisations' figures can be isolated by comparing what was shown? Used by the attack suite
and the property tests (test_attacks.py, test_disclosure.py)."""

from itertools import combinations

from assessments.benchmark.disclosure import (
    Contribution,
    GroupKey,
    distance,
    plan_release,
)


def exposed(releases: list[dict], k: int) -> set[int]:
    """Organisations an attacker can single out: in the difference of two shown contents of
    the same bouwsteen (any releases, any groups) that differ by 1..k-1 organisations, or in
    a shown group's remainder of 1..k-1 organisations after its shown subgroups."""
    found: set[int] = set()
    by_bouwsteen: dict = {}
    for release in releases:
        for bouwsteen, groups in release.items():
            by_bouwsteen.setdefault(bouwsteen, []).extend(groups.values())
            for group, content in groups.items():
                subgroups = [groups[key] for key in groups if group.contains(key)]
                covered = set().union(*(sub.keys() for sub in subgroups))
                rest = content.keys() - covered
                if subgroups and 0 < len(rest) < k:
                    found |= rest
            for content in groups.values():
                if 0 < len(content) < k:
                    found |= set(content)
    for contents in by_bouwsteen.values():
        for a, b in combinations(contents, 2):
            if 0 < distance(a, b) < k:
                found |= {org for org in a.keys() | b.keys() if a.get(org) != b.get(org)}
    return found


class Publisher:
    """Plays the release task over a sequence of states, with the real rules."""

    def __init__(self, k: int):
        self.k = k
        self.previous = None
        self.history: dict = {}
        self.releases: list[dict] = []

    def run(self, contributions: dict[int, Contribution]) -> dict | None:
        planned = plan_release(
            contributions, k=self.k, previous=self.previous, history=self.history
        )
        if planned is None:
            return None
        self.previous = dict(contributions)
        for bouwsteen, groups in planned.items():
            self.history.setdefault(bouwsteen, []).extend(groups.values())
        self.releases.append(planned)
        return planned


def org(type_="gemeente", size="m", figure=3.0, bouwstenen=(1,)):
    return Contribution(type_, size, dict.fromkeys(bouwstenen, figure))


ALL = GroupKey()
