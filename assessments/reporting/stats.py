"""Aggregation of a round's answers: plain Python, no Django, so every edge case is unit-tested.

Levels run 1..5 (the one scale, bouwstenen.scale). 0 is "weet ik niet / niet van toepassing":
it is counted separately and never as a zero in a median or mean. None is "not answered" and
is ignored entirely.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import mean as _mean
from statistics import median as _median
from typing import NamedTuple

from bouwstenen.scale import LEVELS, UNKNOWN

INDICATIVE_BELOW = 3  # a figure based on fewer answers than this is only indicative
LARGEST_GAPS = 3  # how many of the largest gaps the report names
# Role medians this far apart "differ": the one threshold for the house's mark, the tables'
# sign and the findings text.
ROLES_DIFFER_AT = 1.5


class AnswerRow(NamedTuple):
    """One respondent's answer on one bouwsteen (a tuple: cheap to build and to hash)."""

    bouwsteen: int
    rol: str | None
    current: int | None
    desired: int | None
    toelichting: str = ""
    # which batch of the round's releases the person joined in (rounds/counting.py): 0 for
    # the first tussenstand, and so on; None where releases do not matter
    batch: int | None = None
    # the gemeente (an Onderdeel id) a bestuur respondent serves, None for anyone else
    gemeente: int | None = None


@dataclass
class Figures:
    """Figures over one set of levels. `count` is the number of answers on the scale (1..5);
    "weet ik niet" is `unknown` and is not part of any other figure. Without answers on the
    scale median, mean, quartiles and spread are None."""

    count: int = 0
    unknown: int = 0
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    median: float | None = None
    mean: float | None = None
    q1: float | None = None
    q3: float | None = None
    # True when the figures would be those of one person or a too small group: everything is
    # left empty, also `count` and `unknown` (see disclosure.py)
    hidden: bool = False

    @property
    def spread(self) -> float | None:
        """The interquartile range (q3 - q1)."""
        if self.q1 is None:
            return None
        return self.q3 - self.q1

    @property
    def indicative(self) -> bool:
        return self.count < INDICATIVE_BELOW

    @property
    def responses(self) -> int:
        return self.count + self.unknown

    @property
    def unknown_share(self) -> float:
        return self.unknown / self.responses if self.responses else 0.0


def figures(levels: Iterable[int | None]) -> Figures:
    """Figures over the given levels (None ignored, 0 counted as "weet ik niet")."""
    result = Figures()
    scored = []
    for level in levels:
        if level is None:
            continue
        if level == UNKNOWN:
            result.unknown += 1
        elif level in result.distribution:
            result.distribution[level] += 1
            scored.append(level)
        else:
            raise ValueError(f"Level {level!r} is not on the scale")
    scored.sort()
    result.count = len(scored)
    if scored:
        result.median = float(_median(scored))
        result.mean = float(_mean(scored))
        result.q1, result.q3 = quartiles(scored)
    return result


def whole_percents(counts: list[int]) -> list[int]:
    """Each count as a whole percentage of their sum, adding up to exactly 100 (largest
    remainder first; on a tie the earlier count). All zeros when the sum is 0.

    Bars are drawn with these through CSS classes: style attributes are not allowed."""
    total = sum(counts)
    if not total:
        return [0] * len(counts)
    percents = [100 * count // total for count in counts]
    by_remainder = sorted(range(len(counts)), key=lambda i: -(100 * counts[i] % total))
    for i in by_remainder[: 100 - sum(percents)]:
        percents[i] += 1
    return percents


def quartiles(sorted_values: list[int]) -> tuple[float, float]:
    """First and third quartile by the median-of-halves method (Tukey's hinges without the
    middle value): for one value both equal it; for two values they are the values."""
    n = len(sorted_values)
    if n == 1:
        return float(sorted_values[0]), float(sorted_values[0])
    half = n // 2
    lower = sorted_values[:half]
    upper = sorted_values[half + 1 :] if n % 2 else sorted_values[half:]
    return float(_median(lower)), float(_median(upper))


@dataclass
class BouwsteenStats:
    """Everything the report says about one bouwsteen. `level` is the consensus level when the
    team agreed one, otherwise the median of the current levels (None without answers, or when
    the answers are hidden to protect a small group)."""

    bouwsteen: int
    current: Figures
    desired: Figures
    by_rol: dict[str, Figures]
    shown_roles: dict[str, float | None]  # role code -> median, only for large enough groups
    hidden_roles: list[str]  # roles with answers whose figures may not be shown
    roles_withheld: bool = False  # no role figures and no toelichtingen at all (a tussenstand)
    consensus: int | None = None
    # (text, how many respondents wrote exactly this), alphabetical so the order reveals nobody
    toelichtingen: list[tuple[str, int]] = field(default_factory=list)
    # bestuur per gemeente (gemeente id -> figures; hidden where the rules say so), for every
    # gemeente marked among the round's counted bestuur respondents; empty elsewhere
    by_gemeente: dict[int, Figures] = field(default_factory=dict)

    @property
    def shown_gemeenten(self) -> dict[int, float | None]:
        """Gemeente id -> median, only for the gemeenten whose figures may be shown."""
        return {key: item.median for key, item in self.by_gemeente.items() if not item.hidden}

    @property
    def level(self) -> float | None:
        if self.consensus is not None:
            return float(self.consensus)
        return self.current.median

    @property
    def level_source(self) -> str:
        """ "consensus", "median" or "" (no level at all)."""
        if self.consensus is not None:
            return "consensus"
        return "median" if self.current.median is not None else ""

    @property
    def gap(self) -> float | None:
        """Desired median minus the level; None when either is missing."""
        if self.level is None or self.desired.median is None:
            return None
        return self.desired.median - self.level

    @property
    def role_difference(self) -> float | None:
        """Largest difference between the shown role medians; None with fewer than two."""
        medians = [value for value in self.shown_roles.values() if value is not None]
        if len(medians) < 2:
            return None
        return max(medians) - min(medians)

    @property
    def indicative(self) -> bool:
        return self.consensus is None and self.current.indicative


@dataclass
class GroupFigures:
    """A group of bouwstenen (a niveau, a rol, or all): the mean of their levels and of their
    desired medians, over the bouwstenen that have one. The gap is the mean of the bouwstenen's
    own gaps, over those with both, so it never subtracts means over different bouwstenen (it
    can then differ from `desired - level`)."""

    level: float | None
    desired: float | None
    gap: float | None
    bouwstenen: int  # how many bouwstenen had a level


def group_figures(items: Iterable[BouwsteenStats]) -> GroupFigures:
    items = list(items)
    levels = [item.level for item in items if item.level is not None]
    desired = [item.desired.median for item in items if item.desired.median is not None]
    gaps = [item.gap for item in items if item.gap is not None]
    return GroupFigures(
        level=_mean(levels) if levels else None,
        desired=_mean(desired) if desired else None,
        gap=_mean(gaps) if gaps else None,
        bouwstenen=len(levels),
    )


def largest_gaps(
    stats: Iterable[BouwsteenStats], limit: int = LARGEST_GAPS
) -> list[BouwsteenStats]:
    """The bouwstenen with the largest positive gap, largest first (ties: lowest key first)."""
    with_gap = [item for item in stats if item.gap is not None and item.gap > 0]
    return sorted(with_gap, key=lambda item: (-item.gap, item.bouwsteen))[:limit]


def roles_differ(item: BouwsteenStats) -> bool:
    """True when the shown role medians are ROLES_DIFFER_AT or more apart."""
    return item.role_difference is not None and item.role_difference >= ROLES_DIFFER_AT


def largest_disagreement(stats: Iterable[BouwsteenStats]) -> BouwsteenStats | None:
    """The bouwsteen where shown role medians differ most, if they differ by ROLES_DIFFER_AT
    or more."""
    candidates = [item for item in stats if roles_differ(item)]
    if not candidates:
        return None
    return min(candidates, key=lambda item: (-item.role_difference, item.bouwsteen))


def most_unknown(stats: Iterable[BouwsteenStats], limit: int | None = 3) -> list[BouwsteenStats]:
    """Bouwstenen answered "weet ik niet" at least once, most often (by share) first; hidden
    figures say nothing, so they are never among them."""
    with_unknown = [item for item in stats if item.current.unknown and not item.current.hidden]
    return sorted(
        with_unknown,
        key=lambda item: (-item.current.unknown_share, -item.current.unknown, item.bouwsteen),
    )[:limit]
