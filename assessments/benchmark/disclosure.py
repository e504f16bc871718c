"""Disclosure control at organisation level: which groups of organisations a benchmark
release may show, so that no organisation's figure can be read off the releases, on their own
or by comparing them. Plain Python, no Django (the respondent-level rules are
reporting/disclosure.py; these are the same ideas one level up).

A group's *content* is what it is made of for one bouwsteen: organisation id -> that
organisation's figure. Two contents are `distance` apart by the number of organisations that
are in one and not the other, or in both with a different figure. The rules:

- **Threshold.** A group is shown only with at least `k` organisations (default 5, never below
  MIN_K = 3).
- **No differencing.** Every content shown, in this release or any earlier one, is 0 or at
  least `k` apart from every other content shown for the same bouwsteen. Within a release this
  is the complementary suppression of nested groups (all, a type, a type x size class): a
  group that differs from a larger shown one by 1..k-1 organisations is suppressed (the
  smaller one). Across releases it means a group is shown again only when 0 or at least `k`
  organisations joined, left or changed since any content shown before, so one organisation's
  change cannot be read by comparing two releases.
- **No remainder.** Within a release, a shown group minus the union of its shown subgroups
  holds 0 or at least `k` organisations; otherwise its smallest shown subgroup is suppressed,
  until it does.
- **Release gate.** A new release is made only when at least `k` organisations joined, left
  or changed (a figure, a type or a size class) since the previous one (`release_due`).

Groups are tried largest first, so of two groups too close together the smaller is
suppressed; "all" is never suppressed by a smaller group.

- **What a shown group shows** (`summary`): its count, the band of the scale its median lies
  in and, from QUARTILES_FROM organisations, the bands of P25 and P75; each a figure of the
  group at a fixed rank, shown only as a band of at least two possible figures. Invariant:
  whatever an observer knows (its own figures, its clients' figures as a begeleider, every
  release it saw), every other organisation's figure keeps at least two possible values.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MIN_K = 3  # never fewer organisations in a shown group
DEFAULT_K = 5

Content = Mapping[int, float]  # organisation id -> figure


def threshold(k: int) -> int:
    """The k the rules use: the configured one, never below MIN_K."""
    return max(int(k), MIN_K)


@dataclass(frozen=True)
class GroupKey:
    """A group of organisations: all (type and size None), one type (size None), or one type
    in one size class."""

    type: str | None = None
    size: str | None = None

    @property
    def code(self) -> str:
        """A stable text key, as stored in a release: "all", "gemeente" or "gemeente/m"."""
        if self.type is None:
            return "all"
        return self.type if self.size is None else f"{self.type}/{self.size}"

    @classmethod
    def from_code(cls, code: str) -> "GroupKey":
        if code == "all":
            return cls()
        type_, _slash, size = code.partition("/")
        return cls(type_, size or None)

    def sort_key(self) -> tuple:
        return (self.type or "", self.size or "")

    def contains(self, other: "GroupKey") -> bool:
        """Whether every organisation of `other` is in this group (a proper ancestor)."""
        if self == other:
            return False
        if self.type is None:
            return True
        return self.size is None and other.type == self.type


ALL = GroupKey()


def groups_of(type_: str, size: str | None) -> list[GroupKey]:
    """The groups an organisation of this type and size class (None: not given) is in."""
    keys = [ALL, GroupKey(type_)]
    if size:
        keys.append(GroupKey(type_, size))
    return keys


def distance(a: Content, b: Content) -> int:
    """How many organisations are in one content and not the other, or in both with another
    figure."""
    return sum(1 for org in a.keys() | b.keys() if a.get(org) != b.get(org))


def too_close(a: Content, b: Content, k: int) -> bool:
    """True when `a` and `b` differ by 1..k-1 organisations: comparing them would say
    something about those few."""
    if abs(len(a) - len(b)) >= k:  # cheap: they differ in at least that many
        return False
    return 0 < distance(a, b) < k


def shown_groups(
    contents: Mapping[GroupKey, Content], *, k: int, history: Iterable[Content] = ()
) -> set[GroupKey]:
    """The groups of one bouwsteen's release that may be shown, under the rules above.
    `contents` holds every group with at least one organisation; `history` the contents shown
    for the same bouwsteen in earlier releases."""
    k = threshold(k)
    earlier = [content for content in history if content]
    shown: list[GroupKey] = []
    # largest first; on equal size the wider group (all, then a type), then by key
    order = sorted(
        contents, key=lambda key: (-len(contents[key]), key.size is not None, key.sort_key())
    )
    for key in order:
        content = contents[key]
        if len(content) < k:
            continue
        others = [contents[other] for other in shown] + earlier
        if any(too_close(content, other, k) for other in others):
            continue
        shown.append(key)
    return _without_small_remainders(contents, set(shown), k)


def _without_small_remainders(
    contents: Mapping[GroupKey, Content], shown: set[GroupKey], k: int
) -> set[GroupKey]:
    """Suppress subgroups until every shown group minus its shown subgroups is 0 or >= k."""
    changed = True
    while changed:
        changed = False
        for group in sorted(shown, key=lambda key: (-len(contents[key]), key.sort_key())):
            subgroups = [key for key in shown if group.contains(key)]
            covered = set().union(*(contents[key].keys() for key in subgroups))
            rest = len(contents[group].keys() - covered)
            if subgroups and 0 < rest < k:
                # The smallest subgroup not inside another shown subgroup: hiding one that
                # is inside another would leave the covered part as it was.
                outer = [s for s in subgroups if not any(o.contains(s) for o in subgroups)]
                smallest = min(outer, key=lambda key: (len(contents[key]), key.sort_key()))
                shown.discard(smallest)
                changed = True
                break
    return shown


def release_due(
    current: Mapping[int, object], previous: Mapping[int, object] | None, *, k: int
) -> bool:
    """Whether a new release may be made: no previous one, or at least k organisations
    joined, left or changed since it. `current` and `previous` map each contributing
    organisation to everything it contributes (its figures, type and size class)."""
    if previous is None:
        return True
    return distance(current, previous) >= threshold(k)


# What a shown group shows. Every figure shown is one of the group's own figures (an order
# statistic: the figure at a rank, counted from the lowest) reported only as the band of the
# scale it lies in: BANDS[i] is "from step i up to step i + 1" (the last one up to and with
# 5). A figure lies on the scale's half steps, so every band holds at least two of them.
# Why that is enough, for any observer, whatever figures it already knows: "the figure at
# rank r lies in band [a, b]" says only "at least r figures are at most b, and at least
# n - r + 1 at least a". An organisation whose figure is v can have any other figure of v's
# own band instead: it counts the same for every such statement, in every group and every
# release. So no statement pins one figure, alone or combined (the attacker test,
# tests/assessments/benchmark/test_exact_attacker.py, checks it with a solver).
BANDS = (1, 2, 3, 4)  # the lower step of each band; the last band is 4 up to and with 5
QUARTILES_FROM = 10  # a group this large shows P25 and P75 besides the median


def band(value: float) -> int:
    """The band a figure lies in: its lower step (1, 2, 3 or 4; 5 is in band 4)."""
    return max(BANDS[0], min(BANDS[-1], math.floor(value)))


def band_bounds(lower: int) -> tuple[float, float]:
    """The lowest and highest figure of a band (on half steps)."""
    return float(lower), float(lower) + (1.0 if lower == BANDS[-1] else 0.5)


def rank(statistic: str, count: int) -> int:
    """The rank (1 = lowest) of the figure a statistic is, in a group of `count`: the lower
    median, and the figures a quarter and three quarters up."""
    share = {"p25": 1, "median": 2, "p75": 3}[statistic]
    return max(1, math.ceil(count * share / 4))


def statistics_shown(count: int) -> tuple[str, ...]:
    """Which statistics a shown group of `count` organisations shows: the median alone below
    QUARTILES_FROM (P25 and P75 of a few organisations say almost who is lowest and
    highest), P25, median and P75 from there."""
    return ("p25", "median", "p75") if count >= QUARTILES_FROM else ("median",)


def summary(values: Iterable[float]) -> dict:
    """What a shown group shows of its figures (at least one): {"count": n, "median": band}
    and, from QUARTILES_FROM organisations, "p25" and "p75" (bands: see BANDS)."""
    ordered = sorted(values)
    count = len(ordered)
    result: dict = {"count": count}
    for statistic in statistics_shown(count):
        result[statistic] = band(ordered[rank(statistic, count) - 1])
    return result


def position(value: float | None, shown: Mapping) -> str:
    """Where a figure sits against a group's summary, from what is shown only: "top" (above
    P75's band), "above" (above the median's band), "median" (in the median's band), "below"
    (below it), "bottom" (below P25's band); "" without a figure."""
    if value is None:
        return ""
    low, high = band_bounds(shown["median"])
    if "p75" in shown and value > band_bounds(shown["p75"])[1]:
        return "top"
    if "p25" in shown and value < band_bounds(shown["p25"])[0]:
        return "bottom"
    if value > high:
        return "above"
    if value < low:
        return "below"
    return "median"


@dataclass(frozen=True)
class Contribution:
    """What one organisation contributes to a release: its type, its size class (None when
    not given) and its figure per bouwsteen key (any hashable, e.g. (framework, number))."""

    type: str
    size: str | None
    figures: Mapping

    def fingerprint(self) -> tuple:
        """Everything that, when changed, makes the organisation count as changed."""
        return (self.type, self.size, tuple(sorted(self.figures.items())))


def group_contents(contributions: Mapping[int, Contribution]) -> dict:
    """Per bouwsteen key, every group's content: {bouwsteen key: {GroupKey: {org: figure}}}."""
    result: dict = {}
    for org, contribution in contributions.items():
        keys = groups_of(contribution.type, contribution.size)
        for bouwsteen, figure in contribution.figures.items():
            groups = result.setdefault(bouwsteen, {})
            for key in keys:
                groups.setdefault(key, {})[org] = figure
    return result


def plan_release(
    contributions: Mapping[int, Contribution],
    *,
    k: int,
    previous: Mapping[int, Contribution] | None = None,
    history: Mapping | None = None,
) -> dict | None:
    """The groups a new release shows, per bouwsteen key: {bouwsteen: {GroupKey: content}};
    None when no release is due (fewer than k organisations joined, left or changed since
    `previous`, the contributions of the last release) or when it would show nothing.
    `history` maps a bouwsteen key to the contents shown for it in all earlier releases."""
    history = history or {}
    current = {org: item.fingerprint() for org, item in contributions.items()}
    before = None if previous is None else {org: c.fingerprint() for org, c in previous.items()}
    if not release_due(current, before, k=k):
        return None
    planned = {}
    for bouwsteen, contents in group_contents(contributions).items():
        keys = shown_groups(contents, k=k, history=history.get(bouwsteen, ()))
        if keys:
            planned[bouwsteen] = {key: contents[key] for key in keys}
    return planned or None
