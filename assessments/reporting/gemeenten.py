"""Bestuur per gemeente: in a werkorganisatie's scan, the bestuur respondents each marked
with the gemeente they serve (Respondent.gemeente). Which gemeenten a release holds (stored
with it, releases.py) and how each bouwsteen's "Bestuur per gemeente" table is printed; what
may be shown is disclosure.py's to decide."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from bouwstenen.snapshot import ModelTexts

from ..rounds.models import Respondent, Round
from . import disclosure
from .stats import BouwsteenStats
from .text import level_text


def gemeenten_counted(round: Round, texts: ModelTexts) -> list[dict]:
    """The gemeenten of the round's counted bestuur respondents (not insiders), by name: per
    gemeente its id, name and how many of its people count (a count of people, not a figure
    about answers: it says why a gemeente is hidden). One query."""
    bestuur = [pk for pk, code in texts.rol_codes().items() if code == disclosure.BESTUUR]
    found = (
        Respondent.objects.filter(
            round=round, counted=True, insider=False, rol_id__in=bestuur, gemeente__isnull=False
        )
        .values("gemeente_id", "gemeente__name")
        .annotate(people=Count("pk"))
        .order_by("gemeente__name", "gemeente_id")
    )
    return [
        {"id": item["gemeente_id"], "name": item["gemeente__name"], "people": item["people"]}
        for item in found
    ]


@dataclass(frozen=True)
class GemeenteRow:
    """One gemeente in a bouwsteen's "Bestuur per gemeente" table: its median, or why not."""

    name: str
    shown: bool
    text: str  # the median as printed, or why it is hidden
    median: float | None
    count: int | None


def gemeente_rows(
    item: BouwsteenStats, gemeenten: tuple[dict, ...], min_group_size: int
) -> list[GemeenteRow]:
    """One row per gemeente of the release (`gemeenten` as stored), in their order. As with
    roles, why a gemeente is hidden is said from what the coordinator already knows, how many
    of its people count: fewer than the group size, or else "fewer scores, or to protect
    another group" (both possible, never told apart)."""
    rows = []
    for gemeente in gemeenten:
        figures = item.by_gemeente.get(gemeente["id"])
        if figures is not None and not figures.hidden:
            text = level_text(figures.median)
            rows.append(GemeenteRow(gemeente["name"], True, text, figures.median, figures.count))
            continue
        if gemeente["people"] < min_group_size:
            why = _("minder dan %(count)s mensen uit deze gemeente")
        else:
            why = _("minder dan %(count)s scores, of om een andere groep te beschermen")
        text = _("te weinig antwoorden om te tonen") + f" ({why % {'count': min_group_size}})"
        rows.append(GemeenteRow(gemeente["name"], False, text, None, None))
    return rows
