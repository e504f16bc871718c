"""The trend of an organisation over all its closed rounds: per bouwsteen and for the
borgingsniveau, the level and the desired level per round, with a small chart (server-drawn
SVG, like the house) and a table. Every figure goes through the same disclosure rules as the
round's own report (disclosure.aggregate with that round's group size). Rounds on different
model versions are compared by bouwsteen number; a bouwsteen missing from a round's model
is named."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..organisations.models import Organisation
from ..questionnaire.models import Answer
from ..rounds.models import Round
from . import disclosure, stats
from .models import Consensus
from .stats import AnswerRow
from .text import level_text, signed_text

# The chart's drawing box, in SVG units; the levels 1-5 run from bottom to top.
CHART_WIDTH, CHART_HEIGHT = 360, 170
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 34, 344, 14, 134


@dataclass(frozen=True)
class TrendPoint:
    round: Round
    label: str  # the round on the chart's axis, e.g. its year
    level: float | None
    desired: float | None

    @property
    def level_text(self) -> str:
        return level_text(self.level)

    @property
    def desired_text(self) -> str:
        return level_text(self.desired)


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
class Trend:
    organisation: Organisation
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
        y_ticks=[Marker(PLOT_LEFT - 10, round(_y(v), 1), str(v)) for v in range(1, 6)],
    )


def _labels(rounds: list[Round]) -> list[str]:
    """The year each round closed, or its date where two closed in one year."""
    years = [round.closed_at.year for round in rounds]
    if len(set(years)) == len(years):
        return [str(year) for year in years]
    return [date_format(round.closed_at, "j-n-Y") for round in rounds]


def _read_rows(rounds: list[Round]):
    """Answers of the people counted when answering closed (see rounds/counting.py) and the
    consensus of all `rounds`, closed ones, by round id: two queries whatever the number of
    rounds. Roles by code of each round's texts; an insider's is disclosure.INSIDER."""
    codes = {round.pk: round.model_texts().rol_codes() for round in rounds}
    rows = defaultdict(list)
    answers = (
        Answer.objects.filter(respondent__round__in=rounds, respondent__counted=True)
        .order_by("bouwsteen_id", "respondent_id")
        .values_list(
            "respondent__round_id",
            "bouwsteen_id",
            "respondent__rol_id",
            "respondent__insider",
            "current_level",
            "desired_level",
            "toelichting",
        )
    )
    for round_id, bouwsteen, rol_id, insider, current, desired, toelichting in answers:
        rol = disclosure.INSIDER if insider else codes[round_id].get(rol_id)
        rows[round_id].append(AnswerRow(bouwsteen, rol, current, desired, toelichting))
    consensus = defaultdict(dict)
    for round_id, bouwsteen, level in Consensus.objects.filter(round__in=rounds).values_list(
        "round_id", "bouwsteen_id", "level"
    ):
        consensus[round_id][bouwsteen] = level
    return rows, consensus


def organisation_trend(organisation: Organisation) -> Trend:
    """The trend over the organisation's closed rounds, oldest first: three queries (the
    rounds, their answers, their consensus); the texts come from the rounds' snapshots."""
    rounds = list(Round.objects.closed().filter(organisation=organisation).order_by("closed_at"))
    rows, consensus = _read_rows(rounds)
    labels = _labels(rounds)
    per_round = []  # per round: {number: (level, desired)}, overall figures
    names: dict[int, str] = {}
    for round in rounds:
        texts = round.model_texts()
        aggregated = disclosure.aggregate(
            rows[round.pk],
            [item.id for item in texts.bouwstenen],
            [rol.code for rol in texts.rollen],
            min_group_size=disclosure.group_size(round.min_group_size),
            consensus=consensus[round.pk],
        )
        figures = {}
        for item in texts.bouwstenen:
            names[item.number] = item.name  # the newest round's name wins
            found = aggregated[item.id]
            figures[item.number] = (found.level, found.desired.median)
        per_round.append((figures, stats.group_figures(aggregated.values())))

    def series(key, name, values):
        points = [
            TrendPoint(round=round, label=label, level=level, desired=desired)
            for round, label, (level, desired) in zip(rounds, labels, values, strict=True)
        ]
        return TrendSeries(key=key, name=name, points=points, chart=trend_chart(points))

    overall = series(
        "overall",
        _("Borgingsniveau (gemiddelde van de bouwstenen)"),
        [(group.level, group.desired) for _figures, group in per_round],
    )
    bouwstenen, unmatched = [], []
    for number in sorted(names):
        bouwstenen.append(
            series(
                f"bouwsteen-{number}",
                names[number],
                [figures.get(number, (None, None)) for figures, _group in per_round],
            )
        )
        for round, (figures, _group) in zip(rounds, per_round, strict=True):
            if number not in figures:
                unmatched.append(
                    _("%(bouwsteen)s staat niet in het model van %(round)s.")
                    % {"bouwsteen": names[number], "round": round.name}
                )
    return Trend(
        organisation=organisation,
        rounds=rounds,
        overall=overall,
        bouwstenen=bouwstenen,
        unmatched=unmatched,
    )
