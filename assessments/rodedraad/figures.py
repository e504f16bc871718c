"""The rode draad's figures over several closed rounds: plain Python over each round's
released final figures (reporting/releases.py), never over answers.

**The privacy argument.** Every figure here is a function of figures that were already
released, one round at a time, under that round's own group size: the current and desired
medians per bouwsteen, and whether they were hidden. A function of released figures reveals
nothing that the released figures did not: no answer of one round is pooled with answers of
another, so no small group can be cut out of a pooled figure by subtracting. A hidden figure
stays hidden (it counts for nothing), a bouwsteen the round did not ask is "niet gevraagd"
(never a zero).

The definitions:
- **knelpunt** of one part (round) on a bouwsteen: its released figures are shown and the
  gap (desired median − current median) is at least KNELPUNT_GAP, or the current median is
  at most KNELPUNT_LEVEL;
- **terugkerend**: a knelpunt in at least RECURRING_FROM of the parts, counted as "in 3 van
  3 scans" over the parts whose figures on it are shown;
- **verschil**: the shown current medians of the parts lie ROLES_DIFFER_AT or more apart.
"""

from dataclasses import dataclass

from ..reporting.stats import ROLES_DIFFER_AT

KNELPUNT_GAP = 1.0
KNELPUNT_LEVEL = 2.0
RECURRING_FROM = 2
FORMAT_VERSION = 1


@dataclass(frozen=True)
class PartFigure:
    """One part's released figures on one bouwsteen, as the rode draad shows them."""

    asked: bool
    hidden: bool
    current: float | None
    desired: float | None

    @property
    def shown(self) -> bool:
        return self.asked and not self.hidden and self.current is not None

    @property
    def gap(self) -> float | None:
        if not self.shown or self.desired is None:
            return None
        return self.desired - self.current

    @property
    def knelpunt(self) -> bool:
        if not self.shown:
            return False
        return (self.gap is not None and self.gap >= KNELPUNT_GAP) or self.current <= KNELPUNT_LEVEL


def part_figure(released: dict | None, *, asked: bool) -> PartFigure:
    """A part's figure from one bouwsteen's stored release (releases.stats_json); no figure
    when the round did not ask it or released none on it."""
    if not asked or released is None:
        return PartFigure(asked=asked, hidden=False, current=None, desired=None)
    current, desired = released["current"], released["desired"]
    return PartFigure(
        asked=True,
        hidden=bool(current["hidden"]),
        current=None if current["hidden"] else current["median"],
        desired=None if desired["hidden"] else desired["median"],
    )


def figure_json(figure: PartFigure) -> dict:
    return {
        "asked": figure.asked,
        "hidden": figure.hidden,
        "current": figure.current,
        "desired": figure.desired,
    }


def figure_from(data: dict) -> PartFigure:
    return PartFigure(**data)


def knelpunten(numbers: list[int], parts: list[dict[int, PartFigure]]) -> list[dict]:
    """Per bouwsteen number with a knelpunt in any part: in which parts (their index), over
    how many parts it is shown; most parts first, then by number."""
    found = []
    for number in numbers:
        figures = [part.get(number) for part in parts]
        shown = [index for index, item in enumerate(figures) if item and item.shown]
        hits = [index for index in shown if figures[index].knelpunt]
        if hits:
            found.append({"number": number, "parts": hits, "shown": len(shown)})
    return sorted(found, key=lambda item: (-len(item["parts"]), item["number"]))


def differences(numbers: list[int], parts: list[dict[int, PartFigure]]) -> list[dict]:
    """Per bouwsteen number whose shown current medians lie ROLES_DIFFER_AT or more apart:
    the lowest and highest (value and part index), largest difference first."""
    found = []
    for number in numbers:
        shown = [
            (part[number].current, index)
            for index, part in enumerate(parts)
            if number in part and part[number].shown
        ]
        if len(shown) < 2:
            continue
        low, high = min(shown), max(shown, key=lambda item: (item[0], -item[1]))
        if high[0] - low[0] >= ROLES_DIFFER_AT:
            found.append(
                {
                    "number": number,
                    "low": low[0],
                    "low_part": low[1],
                    "high": high[0],
                    "high_part": high[1],
                    "difference": high[0] - low[0],
                }
            )
    return sorted(found, key=lambda item: (-item["difference"], item["number"]))


def rode_draad_figures(numbers: list[int], parts: list[dict[int, PartFigure]]) -> dict:
    """What a rode draad stores: every part's figures and what is derived from them."""
    return {
        "version": FORMAT_VERSION,
        "knelpunten": knelpunten(numbers, parts),
        "differences": differences(numbers, parts),
    }
