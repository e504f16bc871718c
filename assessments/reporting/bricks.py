"""The report's house: a brick per bouwsteen with its level, ambition, spread and marks, and
the roof with the round's overall figures."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bouwstenen.house import Brick, HouseDrawings, house_drawings
from bouwstenen.snapshot import ModelTexts

from ..rounds.models import Round
from ..rounds.scope import NOT_ASKED
from .disclosure import group_size
from .entries import BouwsteenEntry
from .stats import GroupFigures
from .text import level_text

# Medians move in half steps: a change of half a step or more gets an arrow in the house.
CHANGE_SHOWN_FROM = 0.5


def report_house(
    round: Round,
    texts: ModelTexts,
    entries: list[BouwsteenEntry],
    *,
    overall: GroupFigures,
    respondents_total: int,
    narrow: bool,
    for_print: bool = False,
) -> HouseDrawings:
    """The wide house, and the narrow one for phones when `narrow`; `for_print` sizes the
    wide one's texts for the PDF."""
    return house_drawings(
        texts.niveaus,
        texts.rollen,
        [report_brick(entry, group_size(round.min_group_size)) for entry in entries],
        narrow=narrow,
        scale=True,
        roof_title=round.name,
        roof_lines=roof_lines(overall, respondents_total, entries),
        for_print=for_print,
    )


def report_brick(entry: BouwsteenEntry, min_group_size: int) -> Brick:
    """The brick of one bouwsteen: its caption says the level and ambition with the signs of
    the legend; hidden figures (too small a group) are left out of it and off its scale. A
    bouwsteen the round did not ask is a hatched brick that says so."""
    if not entry.asked:
        return Brick(
            number=entry.text.number,
            title=entry.text.short_title,
            niveau=entry.text.niveau,
            rol=entry.text.rol,
            href=f"#bouwsteen-{entry.text.number}",
            detail=str(NOT_ASKED),
            marks=("not-asked",),
            asked=False,
        )
    item = entry.stats
    if item.level is None and item.desired.median is None:
        if item.current.hidden:
            detail = _("minder dan %(count)s antwoorden") % {"count": min_group_size}
        else:
            detail = _("geen score")
    else:
        level = entry.level_text
        if item.consensus is not None:
            level += " " + _("(C)")  # right after the level it is about
        detail = _("nu %(level)s → doel %(desired)s") % {
            "level": level,
            "desired": entry.desired_text,
        }
        if item.indicative:
            detail += " *"
        if entry.is_disagreement:
            detail += " ≠"
    change, change_label = "", ""
    if entry.change is not None and abs(entry.change) >= CHANGE_SHOWN_FROM:
        change = "up" if entry.change > 0 else "down"
        label = (
            _("hoger dan vorige ronde: %(change)s")
            if change == "up"
            else _("lager dan vorige ronde: %(change)s")
        )
        change_label = label % {"change": entry.change_text}
    marks = []
    if entry.is_top_gap:
        marks.append("largest-gap")
    if entry.is_disagreement:
        marks.append("disagreement")
    if item.indicative:
        marks.append("indicative")
    spread = None
    if item.current.q1 is not None and item.current.count >= 2:
        spread = (item.current.q1, item.current.q3)
    return Brick(
        number=entry.text.number,
        title=entry.text.short_title,
        niveau=entry.text.niveau,
        rol=entry.text.rol,
        href=f"#bouwsteen-{entry.text.number}",
        level=item.level,
        desired=item.desired.median,
        detail=detail,
        marks=tuple(marks),
        spread=spread,
        badge="!" if entry.is_top_gap else "",
        change=change,
        change_label=change_label,
    )


def roof_lines(
    overall: GroupFigures, respondents_total: int, entries: list[BouwsteenEntry]
) -> list[str]:
    """The overall level and ambition, then how many responded and agreed a consensus."""
    if overall.level is None:
        first = _("Nog geen borgingsniveau")
    else:
        first = _("Borgingsniveau %(level)s · ambitie %(desired)s") % {
            "level": level_text(overall.level),
            "desired": level_text(overall.desired),
        }
    second = ngettext("%(count)s respondent", "%(count)s respondenten", respondents_total) % {
        "count": respondents_total
    }
    asked = [entry for entry in entries if entry.asked]
    second += " · " + _("consensus op %(count)s van %(total)s") % {
        "count": sum(entry.stats.consensus is not None for entry in asked),
        "total": len(asked),
    }
    return [first, second]
