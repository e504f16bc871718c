"""Geometry of the Borgingshuis drawing: a roof over a body of floors (niveaus, the first one
at the bottom as the foundation) by columns (rollen), each bouwsteen a brick in its cell.

Plain Python so the public page, the report page and the PDF draw the same house. There are
two layouts for the one template: the wide house (the page on a large screen, and the PDF,
wide.py) and a narrow one for phones (narrow.py).
"""

from dataclasses import replace
from typing import NamedTuple, Protocol

from .narrow import NARROW_WIDTH, layout_narrow, wrap_roof_line
from .shapes import PRINT_SIZES, SCREEN_SIZES, Brick, House, wrap_title
from .wide import layout_wide

__all__ = [
    "NARROW_WIDTH",
    "Brick",
    "House",
    "HouseDrawings",
    "house_drawings",
    "layout_house",
    "wrap_roof_line",
    "wrap_title",
]


class Named(Protocol):
    """A niveau or rol: a model row or its frozen text (bouwstenen.snapshot.AxisText)."""

    code: str
    name: str


class HouseDrawings(NamedTuple):
    """What the house template draws: the wide house, and the narrow one for phones (None
    where only the wide one is drawn, as in the PDF)."""

    house: House
    house_narrow: House | None


def house_drawings(
    niveaus: list[Named],
    rollen: list[Named],
    bricks: list[Brick],
    *,
    narrow: bool = True,
    **options,
) -> HouseDrawings:
    """The house of a page: `niveaus` and `rollen` in model order, laid out wide and, unless
    `narrow` is False, narrow too. `options` are layout_house's (scale, roof_title,
    roof_lines)."""
    args = (
        [(niveau.code, niveau.name) for niveau in niveaus],
        [(rol.code, rol.name) for rol in rollen],
        bricks,
    )
    return HouseDrawings(
        house=layout_house(*args, **options),
        house_narrow=layout_house(*args, narrow=True, **options) if narrow else None,
    )


def layout_house(
    niveaus: list[tuple[str, str]],
    rollen: list[tuple[str, str]],
    bricks: list[Brick],
    *,
    narrow: bool = False,
    scale: bool = False,
    roof_title: str = "",
    roof_lines: tuple[str, ...] | list[str] = (),
    for_print: bool = False,
) -> House:
    """Place every brick in its (niveau, rol) cell. `niveaus` and `rollen` are (code, label)
    pairs in model order; the first niveau is drawn at the bottom. Bricks whose niveau or rol
    is not listed are left out. `scale` makes the bricks tall enough for a scale bar (the
    report); `narrow` gives the layout for phones. The bricks passed in are not changed: the
    house holds placed copies, so one list of bricks can be laid out both ways. `for_print`
    gives the wide house the larger brick texts the PDF needs (shapes.PRINT_SIZES)."""
    cells: dict[tuple[str, str], list[Brick]] = {}
    for brick in bricks:
        cells.setdefault((brick.niveau, brick.rol), []).append(replace(brick))
    if narrow:
        return layout_narrow(niveaus, rollen, cells, scale, roof_title, list(roof_lines))
    sizes = PRINT_SIZES if for_print else SCREEN_SIZES
    return layout_wide(niveaus, rollen, cells, scale, roof_title, list(roof_lines), sizes)
