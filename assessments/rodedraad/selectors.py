"""Reads of the rode draad that its views, PDF and workbook share: who may see which rode
draad, the rounds a coordinator may choose, and the page's figures (read from the stored
snapshot, plus the live planned actions: one query each)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace

from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from bouwstenen.house import Brick, House, house_drawings
from bouwstenen.snapshot import BouwsteenText, ModelTexts

from ..actions.models import ImprovementAction
from ..organisations.models import Onderdeel, Organisation
from ..organisations.selectors import get_organisation_for_member
from ..reporting.text import level_text, signed_text
from ..rounds.models import Round
from ..rounds.scope import NOT_ASKED
from . import figures as rd
from .models import RodeDraad


def get_rode_draad_for_member(request, slug: str, pk: int) -> tuple[Organisation, RodeDraad]:
    """A rode draad of an organisation the user is a coordinator or lezer of; 404 for
    anyone else (a begeleider too: it is not one of their pages)."""
    organisation = get_organisation_for_member(request, slug)
    return organisation, get_object_or_404(RodeDraad, organisation=organisation, pk=pk)


def closed_rounds(organisation: Organisation) -> list[Round]:
    """The organisation's closed rounds a rode draad can be made of, newest first. One
    query."""
    return list(
        Round.objects.closed()
        .filter(organisation=organisation)
        .select_related("framework", "onderdeel")
        .order_by("-closed_at", "-pk")
    )


@dataclass(frozen=True)
class Cell:
    """One part's figures on one bouwsteen, as text."""

    figure: rd.PartFigure
    text: str

    @property
    def gap_text(self) -> str:
        return signed_text(self.figure.gap)


@dataclass(frozen=True)
class Part:
    index: int
    name: str  # the round's name
    scope: str  # the onderdeel with its kind, or "Hele organisatie"
    closed_at: datetime.datetime | None
    cells: dict[int, Cell]
    house: House
    description: str  # the small house's text alternative


@dataclass(frozen=True)
class Recurring:
    bouwsteen: BouwsteenText
    parts: list[Part]
    shown: int

    @property
    def count_text(self) -> str:
        return _("in %(count)s van %(total)s scans") % {
            "count": len(self.parts),
            "total": self.shown,
        }

    @property
    def recurs(self) -> bool:
        return len(self.parts) >= rd.RECURRING_FROM


@dataclass(frozen=True)
class Difference:
    """A bouwsteen whose parts' current medians lie ROLES_DIFFER_AT or more apart."""

    bouwsteen: BouwsteenText
    low: float
    low_part: Part
    high: float
    high_part: Part

    @property
    def difference(self) -> float:
        return self.high - self.low

    @property
    def low_text(self) -> str:
        return level_text(self.low)

    @property
    def high_text(self) -> str:
        return level_text(self.high)

    @property
    def difference_text(self) -> str:
        return level_text(self.difference)


@dataclass(frozen=True)
class RodeDraadPage:
    rode_draad: RodeDraad
    texts: ModelTexts
    parts: list[Part]
    bouwstenen: list[BouwsteenText]
    knelpunten: list[Recurring]
    differences: list[Difference]
    actions: dict[int, list[ImprovementAction]]  # by bouwsteen number

    @property
    def recurring(self) -> list[Recurring]:
        return [item for item in self.knelpunten if item.recurs]

    @property
    def rows(self) -> list[tuple[BouwsteenText, list[Cell]]]:
        """Per bouwsteen its cell in every part (the table of gaps side by side)."""
        return [
            (item, [part.cells[item.number] for part in self.parts]) for item in self.bouwstenen
        ]

    def part_chunks(self, size: int = 5) -> list[list[Part]]:
        """The parts in groups of `size`: one table of gaps per group, narrow enough to print."""
        return [self.parts[start : start + size] for start in range(0, len(self.parts), size)]

    @property
    def chunked_rows(self) -> list[tuple[list[Part], list[tuple[BouwsteenText, list[Cell]]]]]:
        return [
            (
                chunk,
                [(item, [part.cells[item.number] for part in chunk]) for item in self.bouwstenen],
            )
            for chunk in self.part_chunks()
        ]

    @property
    def action_rows(self) -> list[tuple[BouwsteenText, list[ImprovementAction]]]:
        by_number = {item.number: item for item in self.bouwstenen}
        return [(by_number[number], found) for number, found in sorted(self.actions.items())]


NOT_IN_MODEL = rd.PartFigure(asked=False, hidden=False, current=None, desired=None)


def cell_text(figure: rd.PartFigure, min_group_size: int) -> str:
    """A part's figure in words, as the report says it: "niet gevraagd" (never a zero),
    hidden, no score, or now and desired."""
    if not figure.asked:
        return str(NOT_ASKED)
    if figure.hidden:
        return _("minder dan %(count)s antwoorden") % {"count": min_group_size}
    if figure.current is None:
        return _("geen score")
    return _("nu %(level)s → doel %(desired)s") % {
        "level": level_text(figure.current),
        "desired": level_text(figure.desired),
    }


def _scope(part: dict) -> str:
    if not part["onderdeel"]:
        return _("Hele organisatie")
    return f"{part['onderdeel']} ({Onderdeel.Kind(part['kind']).label.lower()})"


def _house(texts: ModelTexts, index: int, name: str, cells: dict[int, Cell]) -> House:
    bricks = [
        Brick(
            number=item.number,
            title=item.short_title,
            niveau=item.niveau,
            rol=item.rol,
            level=cells[item.number].figure.current,
            desired=cells[item.number].figure.desired,
            detail=cells[item.number].text,
            marks=("knelpunt",) if cells[item.number].figure.knelpunt else (),
            badge="!" if cells[item.number].figure.knelpunt else "",
        )
        for item in texts.bouwstenen
    ]
    drawings = house_drawings(texts.niveaus, texts.rollen, bricks, narrow=False, roof_title=name)
    return replace(drawings.house, key=f"rode-draad-house-{index}")


def _description(texts: ModelTexts, cells: dict[int, Cell]) -> str:
    """The small house in words: its knelpunten and what it did not ask or hid."""

    def names(test):
        return ", ".join(item.name for item in texts.bouwstenen if test(cells[item.number].figure))

    found = names(lambda figure: figure.knelpunt)
    sentences = [_("Knelpunten: %(names)s.") % {"names": found} if found else _("Geen knelpunten.")]
    unasked = names(lambda figure: not figure.asked)
    if unasked:
        sentences.append(_("Niet gevraagd: %(names)s.") % {"names": unasked})
    hidden = names(lambda figure: figure.hidden)
    if hidden:
        sentences.append(_("Te weinig antwoorden om te tonen: %(names)s.") % {"names": hidden})
    return " ".join(sentences)


def planned_actions(
    organisation: Organisation | int, lineage: str, numbers: list[int]
) -> dict[int, list[ImprovementAction]]:
    """The organisation's live actions on the bouwstenen `numbers` (of the model `lineage`)
    that are planned or under way, by bouwsteen number. One query."""
    found = defaultdict(list)
    actions = (
        ImprovementAction.objects.of_organisation(organisation)
        .live()
        .filter(
            status__in=ImprovementAction.UNFINISHED,
            bouwsteen__number__in=numbers,
            round__framework__lineage=lineage,
        )
        .select_related("bouwsteen", "round")
        .order_by("bouwsteen__number", "due_date", "pk")
    )
    for action in actions:
        found[action.bouwsteen.number].append(action)
    return dict(found)


def rode_draad_page(rode_draad: RodeDraad) -> RodeDraadPage:
    """Everything the page, the PDF and the workbook show of `rode_draad`: its stored figures
    in the active language, and the actions planned now on its knelpunten and differences
    (one query)."""
    stored = rode_draad.figures
    texts = ModelTexts.from_json(stored["model"])
    by_number = {item.number: item for item in texts.bouwstenen}
    parts = []
    for index, part in enumerate(stored["parts"]):
        figures = {int(key): rd.figure_from(value) for key, value in part["figures"].items()}
        cells = {}
        for number in by_number:  # a bouwsteen not in the round's model: not asked
            figure = figures.get(number, NOT_IN_MODEL)
            cells[number] = Cell(figure, cell_text(figure, part["min_group_size"]))
        parts.append(
            Part(
                index=index,
                name=part["name"],
                scope=_scope(part),
                closed_at=parse_datetime(part["closed_at"]) if part["closed_at"] else None,
                cells=cells,
                house=_house(texts, index, part["name"], cells),
                description=_description(texts, cells),
            )
        )
    knelpunten = [
        Recurring(by_number[item["number"]], [parts[i] for i in item["parts"]], item["shown"])
        for item in stored["knelpunten"]
        if item["number"] in by_number
    ]
    differences = [
        Difference(
            bouwsteen=by_number[item["number"]],
            low=item["low"],
            low_part=parts[item["low_part"]],
            high=item["high"],
            high_part=parts[item["high_part"]],
        )
        for item in stored["differences"]
        if item["number"] in by_number
    ]
    numbers = sorted(
        {item.bouwsteen.number for item in knelpunten}
        | {item.bouwsteen.number for item in differences}
    )
    return RodeDraadPage(
        rode_draad=rode_draad,
        texts=texts,
        parts=parts,
        bouwstenen=list(texts.bouwstenen),
        knelpunten=knelpunten,
        differences=differences,
        actions=planned_actions(rode_draad.organisation_id, stored["lineage"], numbers),
    )
