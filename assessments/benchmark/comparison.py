"""What a report shows of the benchmark: per bouwsteen the summary of the narrowest shown group
the organisation was in when the release was made (the median's band and, for large groups,
the bands of P25 and P75: disclosure.summary), which group that is and why, and where the
round's own figure sits in it. Built from a stored release only, never from live figures; the
page, the PDF and the workbook all read this."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..organisations.models import Organisation
from ..reporting.report import Report
from ..reporting.text import level_text
from .disclosure import GroupKey, band_bounds, position
from .models import BenchmarkRelease
from .selectors import latest_release_for

SIZE_SHORT = {
    "s": gettext_lazy("klein"),
    "m": gettext_lazy("middelgroot"),
    "l": gettext_lazy("groot"),
}
POSITION_TEXTS = {
    "top": gettext_lazy("in het hoogste kwart"),
    "above": gettext_lazy("boven de mediaan"),
    "median": gettext_lazy("rond de mediaan"),
    "below": gettext_lazy("onder de mediaan"),
    "bottom": gettext_lazy("in het laagste kwart"),
    "": gettext_lazy("geen eigen cijfer"),
}
# the small chart: the scale 1..5 drawn over CHART_WIDTH, with a margin on both sides
CHART_WIDTH, CHART_MARGIN = 200, 8


def group_label(code: str) -> str:
    """How a group is named: "Alle organisaties", "Gemeente", "Gemeente, middelgroot"."""
    key = GroupKey.from_code(code)
    if key.type is None:
        return _("Alle organisaties")
    kind = dict(Organisation.Kind.choices).get(key.type, key.type)
    if key.size is None:
        return str(kind)
    return _("%(kind)s, %(size)s") % {"kind": kind, "size": SIZE_SHORT.get(key.size, key.size)}


def group_reason(code: str, *, size: str) -> str:
    """Why this group is the one compared with: the narrowest the organisation was in that
    had enough organisations."""
    key = GroupKey.from_code(code)
    if key.type is None:
        return _("te weinig vergelijkbare organisaties voor een eigen groep")
    if key.size is None:
        if size:
            return _("te weinig organisaties van dezelfde soort en grootte voor een eigen groep")
        return _("organisaties van dezelfde soort (jullie gaven geen grootte op)")
    return _("organisaties van dezelfde soort en grootte")


def band_text(lower: int | None) -> str:
    """A band of the scale as text: "2 tot 3", "4 tot en met 5"; "–" for none."""
    if lower is None:
        return "–"
    low, high = band_bounds(lower)
    if high == low + 1:
        return _("%(low)s tot en met %(high)s") % {"low": lower, "high": lower + 1}
    return _("%(low)s tot %(high)s") % {"low": lower, "high": lower + 1}


def chart_x(level: float | None) -> float | None:
    if level is None:
        return None
    return round(CHART_MARGIN + (level - 1) * (CHART_WIDTH - 2 * CHART_MARGIN) / 4, 1)


@dataclass(frozen=True)
class ComparisonRow:
    number: int
    name: str
    group: str
    reason: str
    count: int
    p25: int | None  # bands (disclosure.summary); P25 and P75 only for large groups
    median: int
    p75: int | None
    own: float | None
    position: str  # see disclosure.position
    position_text: str
    p25_text: str
    median_text: str
    p75_text: str
    own_text: str
    x_median: float
    x_median_end: float
    x_spread: float | None
    x_spread_end: float | None
    x_own: float | None

    @property
    def median_width(self) -> float:
        return round(self.x_median_end - self.x_median, 1)

    @property
    def spread_width(self) -> float | None:
        if self.x_spread is None:
            return None
        return round(self.x_spread_end - self.x_spread, 1)

    @property
    def chart_text(self) -> str:
        """The chart's text alternative: the same figures as the row."""
        text = _("Bouwsteen %(number)s: mediaan %(median)s") % {
            "number": self.number,
            "median": self.median_text,
        }
        if self.p25 is not None:
            text += _(", middelste helft van %(low)s tot %(high)s") % {
                "low": self.p25_text,
                "high": self.p75_text,
            }
        return text + _(", deze ronde %(own)s (%(where)s).") % {
            "own": self.own_text,
            "where": self.position_text,
        }


@dataclass(frozen=True)
class Comparison:
    date_text: str
    rows: list[ComparisonRow]
    not_shown: list[str]  # bouwstenen without a group large enough
    absent: str = ""  # why there is no row at all (this model is not compared)
    chart_width: int = CHART_WIDTH

    @property
    def common_group(self) -> str:
        """ "Gemeente, middelgroot: organisaties van dezelfde soort en grootte" when every row
        compares with the same group (said once above the table), else "" (said per row)."""
        named = {(row.group, row.reason) for row in self.rows}
        if len(named) != 1:
            return ""
        group, reason = named.pop()
        return f"{group}: {reason}"

    ticks: tuple = tuple((level, chart_x(level)) for level in range(1, 6))


def _row(number: int, name: str, code: str, figures: dict, own, *, size: str) -> ComparisonRow:
    median, p25, p75 = figures["median"], figures.get("p25"), figures.get("p75")
    where = position(own, figures)
    low, high = band_bounds(median)
    spread_low = band_bounds(p25)[0] if p25 is not None else None
    spread_high = band_bounds(p75)[1] if p75 is not None else None
    return ComparisonRow(
        number=number,
        name=name,
        group=group_label(code),
        reason=group_reason(code, size=size),
        count=figures["count"],
        p25=p25,
        median=median,
        p75=p75,
        own=own,
        position=where,
        position_text=str(POSITION_TEXTS[where]),
        p25_text=band_text(p25),
        median_text=band_text(median),
        p75_text=band_text(p75),
        own_text=level_text(own),
        x_median=chart_x(low),
        x_median_end=chart_x(high),
        x_spread=chart_x(spread_low),
        x_spread_end=chart_x(spread_high),
        x_own=chart_x(own),
    )


def comparison_rows(
    release: BenchmarkRelease, *, lineage: str, kind: str, size: str, own: dict, names: dict
) -> tuple[list[ComparisonRow], list[str]]:
    """The rows for one model: per bouwsteen number in `names` (number -> name), the most
    specific shown group of this kind and size (type x size, else type, else all), with
    `own` (number -> level or None) placed in it."""
    shown = release.figures.get(lineage, {}).get("bouwstenen", {})
    preferred = [GroupKey(kind, size or None).code if size else None, kind, "all"]
    rows, not_shown = [], []
    for number, name in names.items():
        groups = shown.get(str(number), {})
        code = next((code for code in preferred if code and code in groups), None)
        if code is None:
            not_shown.append(name)
            continue
        rows.append(_row(number, name, code, groups[code], own.get(number), size=size))
    return rows, not_shown


def comparison_for_report(report: Report) -> Comparison | None:
    """The comparison a closed round's report shows when its organisation takes part: the
    rows, or with none the reason (not in the latest release yet, this model not shared
    then, too few organisations). None when the organisation does not take part or the
    round is not closed. One query (two before the first release; none for a round that is
    not closed)."""
    round = report.round
    if not round.is_closed:
        return None
    release, member, taking_part = latest_release_for(report.organisation)
    if not taking_part:
        return None
    if not round.is_whole_organisation:
        return Comparison(date_text="", rows=[], not_shown=[], absent=_not_compared(round))
    if member is None:
        return Comparison(
            date_text="",
            rows=[],
            not_shown=[],
            absent=_(
                "Jullie doen mee, maar er is nog geen vergelijking waarin jullie meetellen. "
                "Die komt met de volgende vergelijking."
            ),
        )
    date_text = date_format(release.created_at, "j F Y")
    if round.framework.lineage not in member.lineages:
        absent = _(
            "Geen vergelijking voor dit model: jullie deelden er nog geen cijfers van toen de "
            "laatste vergelijking werd gemaakt (%(date)s). Dat telt vanaf de volgende."
        ) % {"date": date_text}
        return Comparison(date_text=date_text, rows=[], not_shown=[], absent=absent)
    rows, not_shown = comparison_rows(
        release,
        lineage=round.framework.lineage,
        kind=member.type,
        size=member.size,
        own={entry.text.number: entry.stats.level for entry in report.bouwstenen},
        names={entry.text.number: entry.text.short_title for entry in report.bouwstenen},
    )
    if not rows:
        absent = _(
            "Geen vergelijking voor dit model: te weinig organisaties deelden er cijfers van "
            "voor een groep die niemand herkenbaar maakt."
        )
        return Comparison(date_text=date_text, rows=[], not_shown=[], absent=absent)
    return Comparison(date_text=date_text, rows=rows, not_shown=not_shown)


def _not_compared(round) -> str:
    """Why a round about a part, or one that asked some of the bouwstenen, has no comparison
    (compared_rounds takes only whole-organisation rounds that asked every bouwsteen)."""
    if round.onderdeel_id is not None:
        return _(
            "Deze ronde gaat over een onderdeel; de vergelijking met andere organisaties "
            "gebruikt alleen scans van de hele organisatie."
        )
    return _(
        "Deze ronde vroeg niet alle bouwstenen; de vergelijking met andere organisaties "
        "gebruikt alleen scans van de hele organisatie waarin alle bouwstenen gevraagd zijn."
    )
