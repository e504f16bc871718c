"""The report of a round: build_report makes everything the page, the PDF and the CSV show.

All texts come from the round's frozen texts (Round.model_texts), so a closed round's report
never changes when an administrator edits the model later.
"""

from collections.abc import Collection
from dataclasses import dataclass, fields
from typing import NamedTuple

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bouwstenen.house import House
from bouwstenen.snapshot import AxisText, FrameworkText, ModelTexts, ScaleStep

from ..organisations.models import Organisation
from ..rounds.models import Round
from . import stats
from .bricks import report_house
from .entries import ActionEntry, BouwsteenEntry, action_entries, bouwsteen_entries
from .lookback import Lookback, action_lookback
from .sources import Inputs, RolCount, Sources, read_sources, report_date
from .text import level_text, signed_text

# Which drawings of the house a report lays out: the page draws the wide and the narrow
# house, the PDF only the wide one, the CSV and the consensus page none.
PAGE_HOUSE = ("wide", "narrow")
PRINT_HOUSE = ("wide",)
NO_HOUSE = ()


class RolResponses(NamedTuple):
    """How many of one rol were invited and how many submitted their answers."""

    rol: AxisText
    invited: int
    submitted: int


@dataclass(frozen=True)
class GroupRow:
    """The mean figures of the bouwstenen of one niveau or one rol."""

    kind: str  # "Niveau" or "Rol"
    name: str
    level_text: str
    desired_text: str
    gap_text: str


@dataclass(frozen=True)
class Findings:
    gaps: list[str]  # the largest gaps, largest first
    disagreement: str  # where the roles differ most; "" when nowhere notably
    unknown: list[str]  # where "weet ik niet" was answered most


@dataclass(frozen=True)
class Thresholds:
    """The report's thresholds, as the legend and the findings name them."""

    largest_gaps: int
    disagreement_text: str  # role medians this far apart are marked on the house
    notable_difference_text: str  # ... and this far apart are a finding


@dataclass(frozen=True)
class Report:
    """Everything the report page, the PDF and the CSV show, materialised; the templates read
    it through context()."""

    round: Round
    organisation: Organisation
    framework: FrameworkText
    scale: tuple[ScaleStep, ...]
    rollen: tuple[AxisText, ...]
    bouwstenen: list[BouwsteenEntry]
    house: House | None  # None when no house was asked for
    house_narrow: House | None
    svg_title: str
    svg_desc: str
    overall_text: str
    overall_desired_text: str
    overall_gap_text: str
    groups: list[GroupRow]
    respondents_total: int
    per_rol: list[RolResponses]  # every rol of the texts
    missing_roles: list[str]  # names of the roles nobody of submitted for
    has_answers: bool
    findings: Findings
    thresholds: Thresholds
    actions: list[ActionEntry]
    lookback: Lookback | None
    previous: Round | None
    previous_overall_text: str  # "" without a previous round
    overall_change_text: str
    min_group_size: int
    low_group_size: bool
    indicative_below: int
    date_text: str

    def context(self) -> dict:
        """The template context: every field by its name (not copied)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


def build_report(
    round: Round, *, sources: Sources | None = None, house: Collection[str] = PAGE_HOUSE
) -> Report:
    """The report of `round`, which must come with its organisation loaded. Reads the data in
    a fixed number of queries (see read_sources), none when given the round's `sources`.
    `house` says which drawings to lay out: PAGE_HOUSE, PRINT_HOUSE or NO_HOUSE."""
    sources = sources or read_sources(round)
    texts = sources.texts
    aggregated = _aggregate(texts, sources.inputs, round.min_group_size)
    overall = stats.group_figures(aggregated.values())
    previous_levels, previous_overall = _previous_figures(sources)
    actions = action_entries(sources.actions, texts)
    entries = bouwsteen_entries(
        texts,
        aggregated,
        consensus=sources.inputs.consensus,
        previous_levels=previous_levels,
        actions=actions,
        min_group_size=round.min_group_size,
    )
    per_rol = _per_rol(texts, sources.respondents)
    respondents_total = sum(count.submitted for count in sources.respondents.values())
    drawings = None
    if "wide" in house:
        drawings = report_house(
            round,
            texts,
            entries,
            overall=overall,
            respondents_total=respondents_total,
            narrow="narrow" in house,
        )
    return Report(
        round=round,
        organisation=round.organisation,
        framework=texts.framework,
        scale=texts.scale,
        rollen=texts.rollen,
        bouwstenen=entries,
        house=drawings.house if drawings else None,
        house_narrow=drawings.house_narrow if drawings else None,
        svg_title=_("%(round)s: het borgingshuis van %(organisation)s")
        % {"round": round.name, "organisation": round.organisation.name},
        svg_desc=_(
            "Elke bouwsteen is een steen in zijn vak (niveau en rol). Het cijfer is het "
            "huidige niveau, het open driehoekje het gewenste niveau, de grijze balk de "
            "spreiding. Een dikke rand markeert de grootste kloven, een gestippelde rand "
            "verschil tussen rollen. De tabel bij het huis geeft dezelfde cijfers."
        ),
        overall_text=level_text(overall.level),
        overall_desired_text=level_text(overall.desired),
        overall_gap_text=signed_text(overall.gap),
        groups=_groups(texts, aggregated),
        respondents_total=respondents_total,
        per_rol=per_rol,
        missing_roles=[row.rol.name for row in per_rol if not row.submitted],
        has_answers=any(item.current.responses for item in aggregated.values()),
        findings=_findings(texts, aggregated),
        thresholds=Thresholds(
            largest_gaps=stats.LARGEST_GAPS,
            disagreement_text=level_text(stats.DISAGREEMENT_THRESHOLD),
            notable_difference_text=level_text(stats.NOTABLE_ROLE_DIFFERENCE),
        ),
        actions=actions,
        lookback=action_lookback(
            sources.previous_actions,
            sources.previous_texts.bouwstenen if sources.previous_texts else (),
            sources.actions,
        ),
        previous=sources.previous,
        previous_overall_text=level_text(previous_overall.level) if previous_overall else "",
        overall_change_text=signed_text(
            overall.level - previous_overall.level
            if previous_overall and previous_overall.level is not None and overall.level is not None
            else None
        ),
        min_group_size=round.min_group_size,
        low_group_size=round.min_group_size < stats.INDICATIVE_BELOW,
        indicative_below=stats.INDICATIVE_BELOW,
        date_text=date_format(report_date(round), "j F Y"),
    )


def _aggregate(
    texts: ModelTexts, inputs: Inputs, min_group_size: int
) -> dict[int, stats.BouwsteenStats]:
    """Stats per bouwsteen id, in the texts' order."""
    return stats.aggregate(
        inputs.rows,
        [item.id for item in texts.bouwstenen],
        [rol.code for rol in texts.rollen],
        min_group_size=min_group_size,
        consensus=inputs.consensus_levels(),
    )


def _previous_figures(sources: Sources) -> tuple[dict[int, float | None], stats.GroupFigures]:
    """The previous round's level per bouwsteen number and its overall figures, by the group
    size of that round; ({}, None) without a previous round."""
    if not sources.previous:
        return {}, None
    texts = sources.previous_texts
    aggregated = _aggregate(texts, sources.previous_inputs, sources.previous.min_group_size)
    numbers = {item.id: item.number for item in texts.bouwstenen}
    levels = {numbers[key]: item.level for key, item in aggregated.items()}
    return levels, stats.group_figures(aggregated.values())


def _per_rol(texts: ModelTexts, respondents: dict[str | None, RolCount]) -> list[RolResponses]:
    return [
        RolResponses(rol, *respondents.get(rol.code, RolCount(invited=0, submitted=0)))
        for rol in texts.rollen
    ]


def _groups(texts: ModelTexts, aggregated: dict[int, stats.BouwsteenStats]) -> list[GroupRow]:
    rows = []
    for kind, axis, key in (
        (_("Niveau"), texts.niveaus, "niveau"),
        (_("Rol"), texts.rollen, "rol"),
    ):
        for part in axis:
            figures = stats.group_figures(
                aggregated[item.id] for item in texts.bouwstenen if getattr(item, key) == part.code
            )
            rows.append(
                GroupRow(
                    kind=kind,
                    name=part.name,
                    level_text=level_text(figures.level),
                    desired_text=level_text(figures.desired),
                    gap_text=signed_text(figures.gap),
                )
            )
    return rows


def _findings(texts: ModelTexts, aggregated: dict[int, stats.BouwsteenStats]) -> Findings:
    names = {item.id: item.name for item in texts.bouwstenen}
    rol_names = {rol.code: rol.name for rol in texts.rollen}
    gaps = [
        _("%(name)s: nu %(level)s, gewenst %(desired)s (kloof %(gap)s)")
        % {
            "name": names[item.bouwsteen],
            "level": level_text(item.level),
            "desired": level_text(item.desired.median),
            "gap": level_text(item.gap),
        }
        for item in stats.largest_gaps(aggregated.values())
    ]
    disagreement = stats.largest_disagreement(aggregated.values())
    disagreement_text = ""
    if disagreement:
        parts = ", ".join(
            f"{rol_names[code].lower()} {level_text(value)}"
            for code, value in disagreement.shown_roles.items()
        )
        disagreement_text = _("De rollen verschillen het meest bij %(name)s: %(parts)s.") % {
            "name": names[disagreement.bouwsteen],
            "parts": parts,
        }
    unknown = [
        _("%(name)s: %(count)s van de %(total)s keer “weet ik niet”")
        % {
            "name": names[item.bouwsteen],
            "count": item.current.unknown,
            "total": item.current.responses,
        }
        for item in stats.most_unknown(aggregated.values())
    ]
    return Findings(gaps=gaps, disagreement=disagreement_text, unknown=unknown)
