"""The report's entry per bouwsteen: its figures as printed, the answers' distribution, the
median per role and its improvement actions."""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from bouwstenen.scale import LEVELS, UNKNOWN, band
from bouwstenen.snapshot import AxisText, BouwsteenText, ModelTexts

from ..actions.models import ImprovementAction
from ..rounds.scope import NOT_ASKED
from . import stats
from .gemeenten import GemeenteRow, gemeente_rows
from .sources import Agreed
from .text import level_text, signed_text


@dataclass(frozen=True)
class ActionEntry:
    """An improvement action of the round, with its labels and names from the round's texts."""

    title: str
    description: str
    bouwsteen: BouwsteenText | None
    line_label: str
    owner_rol: str  # the rol's name, "" without one
    owner_name: str
    due_date: datetime.date | None
    status_label: str


@dataclass(frozen=True)
class DistributionRow:
    """How many answered one level (value 0: "weet ik niet"), and as a whole percentage."""

    value: int
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class RoleRow:
    """One role's median on a bouwsteen. `status` is "shown", "hidden" (too few answers to
    show, or withheld in a tussenstand), "none" (nobody of the rol answered) or "not_asked"
    (the round did not ask the bouwsteen); `median`,
    `count`, `spread_text` and `band` only when shown."""

    name: str
    status: str
    text: str
    median: float | None
    count: int | None
    spread_text: str = ""
    band: int = 0


@dataclass(frozen=True)
class BouwsteenEntry:
    """One bouwsteen in the report: its texts, its figures and how they are printed."""

    text: BouwsteenText  # its number, titles, niveau and rol codes
    niveau_name: str
    rol_name: str
    stats: stats.BouwsteenStats
    level_text: str
    desired_text: str
    gap_text: str
    spread_text: str
    band: int  # the colour band of the level
    is_top_gap: bool
    is_disagreement: bool  # role medians at least ROLES_DIFFER_AT apart
    previous_text: str  # the level in the previous closed round
    change_text: str  # the change since then; "–" when either level is missing
    previous_level: float | None  # the same two as figures (CSV, Excel, the house's arrow)
    change: float | None
    consensus_toelichting: str
    distribution: list[DistributionRow]
    roles: list[RoleRow]
    actions: list[ActionEntry]
    # False for a bouwsteen the round did not ask (rounds/scope.py): its texts above read
    # "niet gevraagd", it has no figures and no marks.
    asked: bool = True
    previous_asked: bool = True  # False: the previous round did not ask it
    # bestuur per gemeente (gemeenten.py); [] unless the release holds marked bestuur
    gemeenten: list[GemeenteRow] = field(default_factory=list)


def action_entries(actions: list[dict], texts: ModelTexts) -> list[ActionEntry]:
    """The round's actions (value dicts, see sources.ACTION_FIELDS), in the same order."""
    bouwstenen = {item.id: item for item in texts.bouwstenen}
    rol_names = {rol.id: rol.name for rol in texts.rollen}
    line_labels = dict(ImprovementAction.Line.choices)
    status_labels = dict(ImprovementAction.Status.choices)
    return [
        ActionEntry(
            title=action["title"],
            description=action["description"],
            bouwsteen=bouwstenen.get(action["bouwsteen_id"]),
            line_label=line_labels.get(action["line"], action["line"]),
            owner_rol=rol_names.get(action["owner_rol_id"], ""),
            owner_name=action["owner_name"],
            due_date=action["due_date"],
            status_label=status_labels.get(action["status"], action["status"]),
        )
        for action in actions
    ]


def bouwsteen_entries(
    texts: ModelTexts,
    aggregated: dict[int, stats.BouwsteenStats],
    *,
    consensus: dict[int, Agreed],
    previous_levels: dict[int, float | None],
    actions: list[ActionEntry],
    min_group_size: int,
    sent_by_rol: dict[str, int] | None = None,
    asked: Collection[int] | None = None,
    previous_not_asked: Collection[int] = (),
    gemeenten: tuple[dict, ...] = (),
) -> list[BouwsteenEntry]:
    """One entry per bouwsteen in the texts' order. `aggregated` and `consensus` are by
    bouwsteen id, `previous_levels` by bouwsteen number; `sent_by_rol` (by rol code) says
    why a hidden role is hidden (role_rows); `gemeenten` the release's (gemeente_rows).
    `asked` holds the ids of the bouwstenen the round asked (None: all); the others get a
    not-asked entry (not_asked_entry), and only the asked ones count for the largest gaps.
    `previous_not_asked` (numbers) were not asked in the previous round: their previous
    level reads "niet gevraagd"."""
    niveau_names = {niveau.code: niveau.name for niveau in texts.niveaus}
    rol_names = {rol.code: rol.name for rol in texts.rollen}
    scale = texts.scale_by_value()
    if asked is None:
        asked = set(aggregated)
    top_gaps = {
        item.bouwsteen
        for item in stats.largest_gaps(item for key, item in aggregated.items() if key in asked)
    }
    actions_by_bouwsteen: dict[int, list[ActionEntry]] = {}
    for action in actions:
        if action.bouwsteen:
            actions_by_bouwsteen.setdefault(action.bouwsteen.id, []).append(action)
    entries = []
    for text in texts.bouwstenen:
        item = aggregated[text.id]
        if text.id not in asked:
            entry = not_asked_entry(text, item, niveau_names, rol_names, scale, texts.rollen)
            # an action on it (carried over, say) is still the round's action, and what the
            # previous round found is still what it found
            previous_asked = text.number not in previous_not_asked
            previous_level = previous_levels.get(text.number) if previous_asked else None
            entries.append(
                replace(
                    entry,
                    actions=actions_by_bouwsteen.get(text.id, []),
                    previous_level=previous_level,
                    previous_text=level_text(previous_level)
                    if previous_asked
                    else entry.previous_text,
                    previous_asked=previous_asked,
                )
            )
            continue
        agreed = consensus.get(text.id)
        previous_level = previous_levels.get(text.number)
        change = None
        if item.level is not None and previous_level is not None:
            change = item.level - previous_level
        entries.append(
            BouwsteenEntry(
                text=text,
                niveau_name=niveau_names.get(text.niveau, ""),
                rol_name=rol_names.get(text.rol, ""),
                stats=item,
                level_text=level_text(item.level),
                desired_text=level_text(item.desired.median),
                gap_text=signed_text(item.gap),
                spread_text=level_text(item.current.spread),
                band=band(item.level),
                is_top_gap=text.id in top_gaps,
                is_disagreement=stats.roles_differ(item),
                previous_text=(
                    str(NOT_ASKED)
                    if text.number in previous_not_asked
                    else level_text(previous_level)
                ),
                change_text=signed_text(change),
                previous_level=previous_level,
                change=change,
                previous_asked=text.number not in previous_not_asked,
                consensus_toelichting=agreed.toelichting if agreed else "",
                distribution=distribution(item.current, scale),
                roles=role_rows(item, texts.rollen, min_group_size, sent_by_rol),
                actions=actions_by_bouwsteen.get(text.id, []),
                gemeenten=gemeente_rows(item, gemeenten, min_group_size),
            )
        )
    return entries


def not_asked_entry(
    text: BouwsteenText,
    item: stats.BouwsteenStats,
    niveau_names: dict[str, str],
    rol_names: dict[str, str],
    scale: dict,
    rollen: tuple[AxisText, ...],
) -> BouwsteenEntry:
    """The entry of a bouwsteen the round did not ask: every figure's text "niet gevraagd"
    (never a zero or a dash), no marks, no change."""
    not_asked = str(NOT_ASKED)
    return BouwsteenEntry(
        text=text,
        niveau_name=niveau_names.get(text.niveau, ""),
        rol_name=rol_names.get(text.rol, ""),
        stats=item,
        level_text=not_asked,
        desired_text=not_asked,
        gap_text=not_asked,
        spread_text=not_asked,
        band=0,
        is_top_gap=False,
        is_disagreement=False,
        previous_text=not_asked,
        change_text=not_asked,
        previous_level=None,
        change=None,
        consensus_toelichting="",
        distribution=distribution(item.current, scale),
        roles=[
            RoleRow(name=rol.name, status="not_asked", text=not_asked, median=None, count=None)
            for rol in rollen
        ],
        actions=[],
        asked=False,
    )


def distribution(figures: stats.Figures, scale: dict) -> list[DistributionRow]:
    """One row per level and a last one for "weet ik niet"; `percent` is a whole number and
    the rows add up to 100 (0 everywhere without answers)."""
    values = [*LEVELS, UNKNOWN]
    counts = [figures.distribution[value] for value in LEVELS] + [figures.unknown]
    return [
        DistributionRow(
            value=value,
            label=_("weet ik niet") if value == UNKNOWN else _step_label(scale, value),
            count=count,
            percent=percent,
        )
        for value, count, percent in zip(values, counts, stats.whole_percents(counts), strict=True)
    ]


def _step_label(scale: dict, value: int) -> str:
    step = scale.get(value)
    return step.label if step else str(value)


def role_rows(
    item: stats.BouwsteenStats,
    rollen: tuple[AxisText, ...],
    min_group_size: int,
    sent_by_rol: dict[str, int] | None = None,
) -> list[RoleRow]:
    """One row per rol. A hidden group is worded the same whatever it answered (also "weet ik
    niet" only), so the wording says nothing about its answers: why it is hidden is said
    from what the coordinator already knows, how many people of the role sent
    (`sent_by_rol`, by code): fewer than the group size, or else "fewer scores, or to
    protect a smaller role" (both possible, never told apart)."""
    sent_by_rol = sent_by_rol or {}
    rows = []
    for rol in rollen:
        median = item.shown_roles.get(rol.code)
        if item.roles_withheld:
            status, text = "hidden", _("pas als de ronde gesloten is")
        elif rol.code in item.shown_roles:
            status, text = "shown", level_text(median)
        elif rol.code not in item.hidden_roles:
            status, text = "none", _("geen antwoorden uit deze rol")
        else:
            status = "hidden"
            if sent_by_rol.get(rol.code, 0) < min_group_size:
                text = _("verborgen: minder dan %(count)s mensen in deze rol")
            else:
                text = _(
                    "verborgen: minder dan %(count)s scores, of om een kleinere rol te beschermen"
                )
            text = text % {"count": min_group_size}
        shown = status == "shown"
        rows.append(
            RoleRow(
                name=rol.name,
                status=status,
                text=text,
                median=median,
                count=item.by_rol[rol.code].count if shown else None,
                spread_text=level_text(item.by_rol[rol.code].spread) if shown else "",
                band=band(median) if shown else 0,
            )
        )
    return rows
