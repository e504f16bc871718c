"""The trend of an organisation over its closed rounds of one model: per bouwsteen and for
the borgingsniveau, the level and the desired level per round, with a small chart
(server-drawn SVG, like the house) and a table. Every figure is the round's own report's:
read from its stored final release (releases.py: the disclosure rules under that round's
group size) with its consensus.

Only rounds on versions of one model (the framework's lineage) are put side by side: a round
of another model (the Democratische waarden beside the Borgingshuis) has its own trend. Rounds
on different versions of the model are compared by bouwsteen number; a bouwsteen missing from
a round's model is named.

Only rounds about one part are put side by side, too (Round.objects.same_history): the whole
organisation's rounds, or those of one onderdeel. A bouwsteen a round did not ask is "niet
gevraagd" in that round (rounds/scope.py): a gap in its line, never a drop."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..organisations.models import Organisation
from ..rounds.models import Round
from ..rounds.scope import NOT_ASKED, asked_of, scope_text
from . import stats
from .models import Consensus
from .releases import final_releases
from .text import level_text, signed_text

# The chart's drawing box, in SVG units; the levels 1-5 run from bottom to top. The room
# right of the plot takes half of the last round's date label (centred under its point).
CHART_WIDTH, CHART_HEIGHT = 384, 182
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 34, 344, 14, 134


@dataclass(frozen=True)
class TrendPoint:
    round: Round
    label: str  # the round on the chart's axis: the date it closed
    level: float | None
    desired: float | None
    sublabel: str = ""  # the time it closed, where another round closed the same day
    asked: bool = True  # False: the round did not ask this bouwsteen (no figures)

    @property
    def level_text(self) -> str:
        return level_text(self.level) if self.asked else str(NOT_ASKED)

    @property
    def desired_text(self) -> str:
        return level_text(self.desired) if self.asked else str(NOT_ASKED)


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    value_text: str


@dataclass(frozen=True)
class TrendChart:
    """The geometry of one small chart: a line for the level, one for the desired level."""

    width: int
    height: int
    level_lines: list[str]  # "x,y x,y" of each unbroken run of points
    desired_lines: list[str]
    level_markers: list[Marker]
    desired_markers: list[Marker]
    x_labels: list[Marker]  # value_text is the round's label
    x_sublabels: list[Marker]  # the time under a date that two rounds share
    y_ticks: list[Marker]  # value_text is the level 1-5


@dataclass(frozen=True)
class TrendSeries:
    key: str  # "overall" or "bouwsteen-7", for ids in the page
    name: str
    points: list[TrendPoint]
    chart: TrendChart

    @property
    def change_text(self) -> str:
        """The level's change between the last two rounds that have one; "–" otherwise."""
        levels = [point.level for point in self.points if point.level is not None]
        if len(levels) < 2 or self.points[-1].level is None:
            return "–"
        return signed_text(levels[-1] - levels[-2])


@dataclass(frozen=True)
class ModelChoice:
    """A model (a lineage of versions) the organisation has closed rounds of."""

    lineage: str
    name: str
    selected: bool


@dataclass(frozen=True)
class ScopeChoice:
    """A part of the organisation (or the whole) with closed rounds of the model: `key` is
    the onderdeel's id as text, "" for the whole organisation."""

    key: str
    name: str
    selected: bool


@dataclass(frozen=True)
class Trend:
    organisation: Organisation
    lineage: str  # the model the trend is of ("" when there is no closed round)
    model_name: str  # that model's name, as its newest round's framework has it
    models: list[ModelChoice]  # every model with closed rounds, newest round first
    scope: str  # the part the trend is of: its ScopeChoice key ("" the whole organisation)
    scope_text: str  # "Hele organisatie" or "onderdeel: …"
    scopes: list[ScopeChoice]  # the whole organisation, then each part, with closed rounds
    rounds: list[Round]
    overall: TrendSeries
    bouwstenen: list[TrendSeries]
    unmatched: list[str]  # "12. X staat niet in het model van Scan 2024."


def _y(value: float) -> float:
    return PLOT_BOTTOM - (value - 1) / 4 * (PLOT_BOTTOM - PLOT_TOP)


def trend_chart(points: list[TrendPoint]) -> TrendChart:
    """Lay out the chart of `points`, in their order (oldest first). A round without a figure
    breaks the line."""
    count = len(points)
    step = (PLOT_RIGHT - PLOT_LEFT) / (count - 1) if count > 1 else 0
    xs = [
        PLOT_LEFT + index * step if count > 1 else (PLOT_LEFT + PLOT_RIGHT) / 2
        for index in range(count)
    ]

    def lines_and_markers(values):
        lines, run, markers = [], [], []
        for x, value in zip(xs, values, strict=True):
            if value is None:
                if len(run) > 1:
                    lines.append(" ".join(run))
                run = []
                continue
            y = _y(value)
            run.append(f"{x:.1f},{y:.1f}")
            markers.append(Marker(round(x, 1), round(y, 1), level_text(value)))
        if len(run) > 1:
            lines.append(" ".join(run))
        return lines, markers

    level_lines, level_markers = lines_and_markers([p.level for p in points])
    desired_lines, desired_markers = lines_and_markers([p.desired for p in points])
    return TrendChart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        level_lines=level_lines,
        desired_lines=desired_lines,
        level_markers=level_markers,
        desired_markers=desired_markers,
        x_labels=[
            Marker(round(x, 1), PLOT_BOTTOM + 22, p.label) for x, p in zip(xs, points, strict=True)
        ],
        x_sublabels=[
            Marker(round(x, 1), PLOT_BOTTOM + 36, p.sublabel)
            for x, p in zip(xs, points, strict=True)
            if p.sublabel
        ],
        y_ticks=[Marker(PLOT_LEFT - 10, round(_y(v), 1), str(v)) for v in range(1, 6)],
    )


def _labels(rounds: list[Round]) -> list[tuple[str, str]]:
    """Each round's axis label: the local date it closed (the same form for every
    organisation), with the time below it where another round closed the same day."""
    dates = [timezone.localtime(round.closed_at) for round in rounds]
    days = Counter(moment.date() for moment in dates)
    return [
        (
            date_format(moment, "j-n-Y"),
            date_format(moment, "H:i") if days[moment.date()] > 1 else "",
        )
        for moment in dates
    ]


def _read_consensus(rounds: list[Round]) -> dict[int, dict[int, int]]:
    """The consensus levels of all `rounds` by round id and bouwsteen id: one query."""
    consensus = defaultdict(dict)
    for round_id, bouwsteen, level in Consensus.objects.filter(round__in=rounds).values_list(
        "round_id", "bouwsteen_id", "level"
    ):
        consensus[round_id][bouwsteen] = level
    return consensus


def _scope_key(round: Round) -> str:
    return "" if round.onderdeel_id is None else str(round.onderdeel_id)


def _scopes(rounds: list[Round], scope: str | None) -> tuple[str, list[ScopeChoice]]:
    """The parts `rounds` are about, the whole organisation first, then by name; and the one
    chosen: `scope` when one of them, else the whole organisation when it has rounds, else
    the first part."""
    parts = {_scope_key(round): round for round in rounds}
    keys = sorted(parts, key=lambda key: (key != "", str(parts[key].onderdeel or "").lower()))
    if scope not in parts:
        scope = next(iter(keys), "")
    return scope, [ScopeChoice(key, scope_text(parts[key]), key == scope) for key in keys]


def organisation_trend(
    organisation: Organisation, lineage: str | None = None, scope: str | None = None
) -> Trend:
    """The trend over the organisation's closed rounds of one model (`lineage`, or else the
    model of the round closed last) about one part (`scope`: an onderdeel's id as text, ""
    for the whole organisation; by default the whole organisation where it has rounds),
    oldest first: three queries (the rounds, their released figures, their consensus:
    releases.py); the texts come from the rounds' snapshots. An unknown `lineage` or
    `scope` gives the default one's trend."""
    closed = list(
        Round.objects.closed()
        .filter(organisation=organisation)
        .select_related("framework", "onderdeel")
        .order_by("closed_at", "pk")
    )
    names = {}  # lineage: the name of its newest round's framework, newest round first
    for round in reversed(closed):
        names.setdefault(round.framework.lineage, round.framework.name)
    if lineage not in names:
        lineage = next(iter(names), "")
    of_model = [round for round in closed if round.framework.lineage == lineage]
    scope, scopes = _scopes(of_model, scope)
    rounds = [round for round in of_model if _scope_key(round) == scope]
    releases = final_releases(rounds)
    consensus = _read_consensus(rounds)
    labels = _labels(rounds)
    per_round = []  # per round: {number: (level, desired, asked)}, overall figures
    bouwsteen_names: dict[int, str] = {}
    for round in rounds:
        texts = round.model_texts()
        aggregated = releases[round.pk].stats(
            [item.id for item in texts.bouwstenen],
            [rol.code for rol in texts.rollen],
            consensus[round.pk],
        )
        figures = {}
        for item in texts.bouwstenen:
            bouwsteen_names[item.number] = item.name  # the newest round's name wins
            found = aggregated[item.id]
            if round.asks(item.number):
                figures[item.number] = (found.level, found.desired.median, True)
            else:
                figures[item.number] = (None, None, False)
        asked = [aggregated[item.id] for item in asked_of(round, texts.bouwstenen)]
        per_round.append((figures, stats.group_figures(asked)))

    def series(key, name, values):
        points = [
            TrendPoint(
                round=round, label=label, sublabel=sub, level=level, desired=desired, asked=asked
            )
            for round, (label, sub), (level, desired, asked) in zip(
                rounds, labels, values, strict=True
            )
        ]
        return TrendSeries(key=key, name=name, points=points, chart=trend_chart(points))

    overall = series(
        "overall",
        _("Borgingsniveau (gemiddelde van de bouwstenen)"),
        [(group.level, group.desired, True) for _figures, group in per_round],
    )
    bouwstenen, unmatched = [], []
    for number in sorted(bouwsteen_names):
        bouwstenen.append(
            series(
                f"bouwsteen-{number}",
                bouwsteen_names[number],
                [figures.get(number, (None, None, True)) for figures, _group in per_round],
            )
        )
        for round, (figures, _group) in zip(rounds, per_round, strict=True):
            if number not in figures:
                unmatched.append(
                    _("%(bouwsteen)s staat niet in het model van %(round)s.")
                    % {"bouwsteen": bouwsteen_names[number], "round": round.name}
                )
    return Trend(
        organisation=organisation,
        lineage=lineage,
        model_name=names.get(lineage, ""),
        models=[ModelChoice(key, name, key == lineage) for key, name in names.items()],
        scope=scope,
        scope_text=next((choice.name for choice in scopes if choice.selected), ""),
        scopes=scopes,
        rounds=rounds,
        overall=overall,
        bouwstenen=bouwstenen,
        unmatched=unmatched,
    )
