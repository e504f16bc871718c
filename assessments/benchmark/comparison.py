"""What a report shows of the benchmark: per bouwsteen the quartiles of the most specific
shown group the organisation belongs to, and where the round's own figure sits in it. Built
from a stored release only, never from live figures; the page, the PDF and the workbook all
read this."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..organisations.models import Organisation
from ..reporting.report import Report
from ..reporting.text import level_text
from .disclosure import GroupKey, position
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
    "median": gettext_lazy("op de mediaan"),
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


def chart_x(level: float | None) -> float | None:
    if level is None:
        return None
    return round(CHART_MARGIN + (level - 1) * (CHART_WIDTH - 2 * CHART_MARGIN) / 4, 1)


@dataclass(frozen=True)
class ComparisonRow:
    number: int
    name: str
    group: str
    count: int
    p25: float
    median: float
    p75: float
    own: float | None
    position: str  # see disclosure.position
    position_text: str
    p25_text: str
    median_text: str
    p75_text: str
    own_text: str
    x_p25: float
    x_median: float
    x_p75: float
    x_own: float | None

    @property
    def box_width(self) -> float:
        return round(self.x_p75 - self.x_p25, 1)


@dataclass(frozen=True)
class Comparison:
    date_text: str
    rows: list[ComparisonRow]
    not_shown: list[str]  # bouwstenen without a group large enough
    chart_width: int = CHART_WIDTH
    ticks: tuple = tuple((level, chart_x(level)) for level in range(1, 6))


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
        figures = groups[code]
        p25, median, p75 = figures["p25"], figures["median"], figures["p75"]
        value = own.get(number)
        where = position(value, p25, median, p75)
        rows.append(
            ComparisonRow(
                number=number,
                name=name,
                group=group_label(code),
                count=figures["count"],
                p25=p25,
                median=median,
                p75=p75,
                own=value,
                position=where,
                position_text=str(POSITION_TEXTS[where]),
                p25_text=level_text(p25),
                median_text=level_text(median),
                p75_text=level_text(p75),
                own_text=level_text(value),
                x_p25=chart_x(p25),
                x_median=chart_x(median),
                x_p75=chart_x(p75),
                x_own=chart_x(value),
            )
        )
    return rows, not_shown


def comparison_for_report(report: Report) -> Comparison | None:
    """The comparison a closed round's report shows, when its organisation takes part and a
    release exists; None otherwise. One query (none for a round that is not closed)."""
    round = report.round
    if not round.is_closed:
        return None
    release, member = latest_release_for(report.organisation)
    if release is None or round.framework.lineage not in member.lineages:
        return None
    rows, not_shown = comparison_rows(
        release,
        lineage=round.framework.lineage,
        kind=member.type,
        size=member.size,
        own={entry.text.number: entry.stats.level for entry in report.bouwstenen},
        names={entry.text.number: entry.text.short_title for entry in report.bouwstenen},
    )
    if not rows:
        return None
    return Comparison(
        date_text=date_format(release.created_at, "j F Y"), rows=rows, not_shown=not_shown
    )
