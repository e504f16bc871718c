"""The report of a round: build_report makes everything the page, the PDF and the CSV show.

All texts come from the round's frozen texts (Round.model_texts), so a closed round's report
never changes when an administrator edits the model later.
"""

from collections.abc import Collection
from dataclasses import dataclass, fields, replace
from typing import NamedTuple

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bouwstenen.house import House
from bouwstenen.snapshot import AxisText, FrameworkText, ModelTexts, ScaleStep

from ..organisations.models import Organisation
from ..rounds.models import Round
from ..rounds.scope import NOT_ASKED, asked_of, asked_text, scope_text
from . import disclosure, stats
from .appendix import AppendixPart, appendix_parts
from .bricks import report_house
from .entries import ActionEntry, BouwsteenEntry, action_entries, bouwsteen_entries
from .lookback import Lookback, action_lookback
from .sources import Sources, read_sources, report_date
from .text import level_text, signed_text
from .tussenstand import Released

# Which drawings of the house a report lays out: the page draws the wide and the narrow
# house, the PDF only the wide one with print-sized texts, the CSV and the consensus page none.
PAGE_HOUSE = ("wide", "narrow")
PRINT_HOUSE = ("wide", "print")
NO_HOUSE = ()
# The report page lists this many toelichtingen per bouwsteen, folded in; the rest are on the
# bouwsteen's own pages (views/report.py), so the page stays small with many respondents.
TOELICHTINGEN_PREVIEW = 5
TOELICHTINGEN_PER_PAGE = 50  # a page of one bouwsteen's toelichtingen; the PDF points there


class RolResponses(NamedTuple):
    """The exact response of one rol (or of nobody's rol yet, or in total): invited with a
    working link, of those opened and sent, and links revoked (rounds.selectors)."""

    name: str
    invited: int
    opened: int
    submitted: int
    revoked: int
    rate: int
    is_total: bool


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
    unknown_bouwstenen: int  # on how many bouwstenen (shown) "weet ik niet" was answered


@dataclass(frozen=True)
class Thresholds:
    """The report's thresholds, as the legend and the findings name them."""

    largest_gaps: int
    roles_differ_text: str  # role medians this far apart differ (house mark, findings)


@dataclass(frozen=True)
class Report:
    """Everything the report page, the PDF and the CSV show, materialised; the templates read
    it through context()."""

    round: Round
    organisation: Organisation
    framework: FrameworkText
    scope_text: str  # "Hele organisatie" or "onderdeel: …" (rounds/scope.py)
    asked_text: str  # "Gevraagd: 7 van 11 bouwstenen"; "" when all were asked
    scale: tuple[ScaleStep, ...]
    niveaus: tuple[AxisText, ...]
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
    per_rol: list[RolResponses]  # every rol of the texts, "Rol nog onbekend", the total
    missing_roles: list[str]  # names of the roles nobody of submitted for
    has_answers: bool
    findings: Findings
    thresholds: Thresholds
    actions: list[ActionEntry]
    actions_after_close: list[ActionEntry]  # a closed round's, recorded after it closed
    lookback: Lookback | None
    previous: Round | None
    previous_overall_text: str  # "" without a previous round
    overall_change_text: str
    tussenstand: Released | None  # an open round's released figures, None otherwise
    min_group_size: int
    low_group_size: bool
    indicative_below: int
    date_text: str
    appendix: bool  # the PDF ends with the toelichtingen per bouwsteen
    appendix_parts: list[AppendixPart]  # what the appendix shows (appendix.py), [] without
    toelichtingen_preview: int  # how many toelichtingen per bouwsteen the page shows at first

    def context(self) -> dict:
        """The template context: every field by its name (not copied)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


def build_report(
    round: Round,
    *,
    sources: Sources | None = None,
    house: Collection[str] = PAGE_HOUSE,
    appendix: bool = False,
) -> Report:
    """The report of `round`, which must come with its organisation loaded. Reads the data in
    a fixed number of queries (see read_sources), none when given the round's `sources`.
    `house` says which drawings to lay out: PAGE_HOUSE, PRINT_HOUSE or NO_HOUSE; `appendix`
    whether the PDF ends with the toelichtingen."""
    sources = sources or read_sources(round)
    texts = sources.texts
    min_group_size = disclosure.group_size(round.min_group_size)
    aggregated = sources.inputs.stats(texts)
    # Only what the round asked counts for the figures over bouwstenen (rounds/scope.py).
    asked_texts = replace(texts, bouwstenen=tuple(asked_of(round, texts.bouwstenen)))
    asked = {item.id for item in asked_texts.bouwstenen}
    shown = {key: item for key, item in aggregated.items() if key in asked}
    overall = stats.group_figures(shown.values())
    previous_levels, previous_overall, previous_not_asked = _previous_figures(sources)
    actions = action_entries(sources.actions, texts)
    # the people of each role who sent, as the report shows them (rows in the roles' order)
    sent_by_rol = {
        rol.code: row["submitted"]
        for rol, row in zip(texts.rollen, sources.respondents, strict=False)
    }
    entries = bouwsteen_entries(
        texts,
        aggregated,
        consensus=sources.inputs.consensus,
        previous_levels=previous_levels,
        actions=actions,
        min_group_size=min_group_size,
        sent_by_rol=sent_by_rol,
        asked=asked,
        previous_not_asked=previous_not_asked,
        gemeenten=sources.inputs.figures.gemeenten,
    )
    per_rol = [
        RolResponses(
            row["name"],
            row["total"],
            row["opened"],
            row["submitted"],
            row["revoked"],
            row["rate"],
            row["is_total"],
        )
        for row in sources.respondents
    ]
    respondents_total = per_rol[-1].submitted
    drawings = None
    if "wide" in house:
        drawings = report_house(
            round,
            texts,
            entries,
            overall=overall,
            respondents_total=respondents_total,
            narrow="narrow" in house,
            for_print="print" in house,
        )
    return Report(
        round=round,
        organisation=round.organisation,
        framework=texts.framework,
        scale=texts.scale,
        niveaus=texts.niveaus,
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
        )
        + (
            " " + _("Een gearceerde grijze steen is in deze ronde niet gevraagd.")
            if round.asked_bouwstenen
            else ""
        ),
        overall_text=level_text(overall.level),
        overall_desired_text=level_text(overall.desired),
        overall_gap_text=signed_text(overall.gap),
        scope_text=scope_text(round),
        asked_text=asked_text(round, texts),
        groups=_groups(asked_texts, shown),
        respondents_total=respondents_total,
        per_rol=per_rol,
        missing_roles=[
            rol.name for rol, row in zip(texts.rollen, per_rol, strict=False) if not row.submitted
        ],
        has_answers=any(item.current.responses for item in shown.values()),
        findings=_findings(asked_texts, shown),
        thresholds=Thresholds(
            largest_gaps=stats.LARGEST_GAPS,
            roles_differ_text=level_text(stats.ROLES_DIFFER_AT),
        ),
        actions=actions,
        actions_after_close=action_entries(sources.actions_after_close, texts),
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
        tussenstand=sources.tussenstand,
        min_group_size=min_group_size,
        low_group_size=min_group_size < stats.INDICATIVE_BELOW,
        indicative_below=stats.INDICATIVE_BELOW,
        date_text=date_format(report_date(round), "j F Y"),
        appendix=appendix,
        appendix_parts=appendix_parts(entries, TOELICHTINGEN_PER_PAGE) if appendix else [],
        toelichtingen_preview=TOELICHTINGEN_PREVIEW,
    )


def _previous_figures(
    sources: Sources,
) -> tuple[dict[int, float | None], stats.GroupFigures | None, set[int]]:
    """The previous round's level per bouwsteen number it asked, its overall figures (over
    those), by the group size of that round, and the numbers it did not ask; ({}, None,
    set()) without a previous round."""
    if not sources.previous:
        return {}, None, set()
    texts = sources.previous_texts
    aggregated = sources.previous_inputs.stats(texts)
    asked = asked_of(sources.previous, texts.bouwstenen)
    levels = {item.number: aggregated[item.id].level for item in asked}
    not_asked = {item.number for item in texts.bouwstenen} - set(levels)
    return levels, stats.group_figures(aggregated[item.id] for item in asked), not_asked


def _groups(texts: ModelTexts, aggregated: dict[int, stats.BouwsteenStats]) -> list[GroupRow]:
    rows = []
    for kind, axis, key, label in (
        (_("Niveau"), texts.niveaus, "niveau", _("de verdieping %(name)s")),
        (_("Rol"), texts.rollen, "rol", _("de %(name)s-kolom")),
    ):
        for part in axis:
            items = [
                aggregated[item.id] for item in texts.bouwstenen if getattr(item, key) == part.code
            ]
            figures = stats.group_figures(items)
            # `texts` holds the asked bouwstenen: a floor or column of none was not asked
            texts_of = (
                (level_text(figures.level), level_text(figures.desired), signed_text(figures.gap))
                if items
                else (str(NOT_ASKED),) * 3
            )
            rows.append(
                GroupRow(
                    kind=kind,
                    # what it is: the mean of bouwstenen, not of what that rol answered
                    name=_("Gemiddelde van de bouwstenen van %(part)s")
                    % {"part": label % {"name": part.name.lower()}},
                    level_text=texts_of[0],
                    desired_text=texts_of[1],
                    gap_text=texts_of[2],
                )
            )
    return rows


def _findings(texts: ModelTexts, aggregated: dict[int, stats.BouwsteenStats]) -> Findings:
    names = {item.id: item.name for item in texts.bouwstenen}
    by_id = {item.id: item for item in texts.bouwstenen}
    rol_names = {rol.code: rol.name for rol in texts.rollen}
    # A numbered list of its own: "Bouwsteen 1 (Ambitie)" so the rank and the bouwsteen's
    # number never read as one ("1. 1. Ambitie").
    gaps = [
        _("Bouwsteen %(number)s (%(title)s): nu %(level)s, gewenst %(desired)s (kloof %(gap)s)")
        % {
            "number": by_id[item.bouwsteen].number,
            "title": by_id[item.bouwsteen].short_title,
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
    return Findings(
        gaps=gaps,
        disagreement=disagreement_text,
        unknown=unknown,
        unknown_bouwstenen=len(stats.most_unknown(aggregated.values(), limit=None)),
    )
