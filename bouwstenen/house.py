"""Geometry of the Borgingshuis drawing: a roof over a body of floors (niveaus, the first one
at the bottom as the foundation) by columns (rollen), each bouwsteen a brick in its cell.

Plain Python so the public page, the report page and the PDF draw the same house. There are
two layouts for the one template: the wide house (the page on a large screen, and the PDF)
and a narrow one for phones. The narrow house keeps the floors in the same order, but inside
each floor every rol gets a row of its own, so the bricks can keep their size and text.
"""

import textwrap
from dataclasses import dataclass, field, replace

from .scale import HIGHEST, LEVELS, LOWEST, band, band_fill, band_text

WIDTH = 900
LABEL_WIDTH = 130  # floor labels left of the body
BODY_X = LABEL_WIDTH + 10
BODY_WIDTH = WIDTH - BODY_X - 40
ROOF_HEIGHT = 190
ROOF_APEX_Y = 12
ROOF_TITLE_Y = 114
CELL_PADDING = 10
BRICK_HEIGHT = 74
REPORT_BRICK_HEIGHT = 100  # room for the scale bar under the caption
BRICK_GAP = 8
MIN_FLOOR_HEIGHT = 110
COLUMN_LABEL_HEIGHT = 36
CHARS_PER_LINE = 22
SCALE_FONT_SIZE = 9

# The narrow house is drawn at about its own size on a 360 px phone (336 px of content), so
# text of 13 units shows at 12.8 CSS px; no text in it is smaller than that.
NARROW_WIDTH = 340
NARROW_BODY_X = 10
NARROW_BODY_WIDTH = NARROW_WIDTH - 2 * NARROW_BODY_X
NARROW_ROOF_TOP = 8
NARROW_EAVE = 64  # where the roof's slopes end and the panel with its text begins
NARROW_EAVE_OVERHANG = 8
NARROW_FLOOR_LABEL_HEIGHT = 32
NARROW_ROL_WIDTH = 86  # rol labels left of the bricks, in each floor
NARROW_ROL_CHARS = 9  # per line of a rol label: "Adviseurs" in bold 14 just fits
NARROW_EMPTY_HEIGHT = 40
NARROW_CELL_PADDING = 8
NARROW_BRICK_HEIGHT = 50  # one or two caption lines: the public bricks show nothing else
NARROW_REPORT_BRICK_HEIGHT = 106  # the scale bar's numbers are larger than in the wide house
NARROW_SCALE_FONT_SIZE = 13


@dataclass
class Brick:
    number: int
    title: str
    niveau: str
    rol: str
    href: str = ""
    level: float | None = None
    desired: float | None = None
    detail: str = ""
    marks: tuple[str, ...] = ()
    spread: tuple[float, float] | None = None  # interquartile range of the levels
    badge: str = ""  # a short printed sign for a mark (e.g. "!"), readable without colour
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    title_lines: list[str] = field(default_factory=list)
    scale_font_size: int = SCALE_FONT_SIZE

    @property
    def band(self) -> int:
        """Colour band 1-5 for the level (0 when there is no level): halves round up."""
        return band(self.level)

    @property
    def level_x(self) -> float:
        """Where the current level sits on the brick's scale bar (1..5 over its width)."""
        return self._scale_x(self.level)

    @property
    def desired_x(self) -> float:
        return self._scale_x(self.desired)

    @property
    def has_scale(self) -> bool:
        """Report bricks are tall enough for a scale bar with level, ambition and spread."""
        return self.height >= REPORT_BRICK_HEIGHT and (
            self.level is not None or self.desired is not None
        )

    @property
    def scale_y(self) -> float:
        """The scale bar's line; its numbers and the box around it fit below, inside the brick."""
        return self.y + self.height - 13 - self.scale_font_size

    @property
    def scale_label_y(self) -> float:
        return self.scale_y + 5 + self.scale_font_size

    @property
    def scale_box_height(self) -> float:
        return 21 + self.scale_font_size

    @property
    def scale_x1(self) -> float:
        return self.x + CELL_PADDING

    @property
    def scale_x2(self) -> float:
        return self.x + self.width - CELL_PADDING

    @property
    def scale_ticks(self) -> list[float]:
        return [self._scale_x(value) for value in LEVELS]

    @property
    def spread_x(self) -> float | None:
        return self._scale_x(self.spread[0]) if self.spread else None

    @property
    def spread_width(self) -> float:
        if not self.spread:
            return 0
        return max(4, self._scale_x(self.spread[1]) - self._scale_x(self.spread[0]))

    @property
    def desired_points(self) -> str:
        """An open triangle pointing down at the desired level, above the bar."""
        if self.desired is None:
            return ""
        x, y = self.desired_x, self.scale_y - 3
        return f"{x - 7:.1f},{y - 11:.1f} {x + 7:.1f},{y - 11:.1f} {x:.1f},{y:.1f}"

    @property
    def badge_x(self) -> float:
        return self.x + self.width - 16

    @property
    def text_x(self) -> float:
        return self.x + 10

    @property
    def detail_y(self) -> float:
        return self.y + (58 if self.height >= REPORT_BRICK_HEIGHT else 63)

    @property
    def fill(self) -> str:
        return band_fill(self.band)

    @property
    def text_fill(self) -> str:
        return band_text(self.band)

    def _scale_x(self, value):
        if value is None:
            return None
        inner = self.width - 2 * CELL_PADDING
        return self.x + CELL_PADDING + inner * (value - LOWEST) / (HIGHEST - LOWEST)


@dataclass
class Column:
    code: str
    label: str
    x: float
    width: float

    @property
    def center(self):
        return self.x + self.width / 2


@dataclass
class Floor:
    code: str
    label: str
    y: float
    height: float

    @property
    def middle(self):
        return self.y + self.height / 2


@dataclass
class Box:
    """A rectangle: an empty cell (hatched, "geen bouwsteen") or a floor's label band."""

    x: float
    y: float
    width: float
    height: float

    @property
    def center_x(self):
        return self.x + self.width / 2

    @property
    def center_y(self):
        return self.y + self.height / 2


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Label:
    """A line of text: a floor or rol name, or a line of the roof. `y` is the baseline."""

    text: str
    x: float
    y: float
    size: int
    anchor: str = "middle"
    bold: bool = True


@dataclass
class House:
    layout: str  # "wide" or "narrow"
    key: str  # prefix of the drawing's element ids, different per layout on one page
    width: int
    height: float
    roof_points: str
    roof_texts: list[Label]
    body_x: float
    body_y: float
    body_width: float
    body_height: float
    columns: list[Column]
    floors: list[Floor]
    bricks: list[Brick]
    empty_cells: list[Box]
    bands: list[Box]
    lines: list[Line]
    labels: list[Label]


def layout_house(
    niveaus: list[tuple[str, str]],
    rollen: list[tuple[str, str]],
    bricks: list[Brick],
    *,
    narrow: bool = False,
    scale: bool = False,
    roof_title: str = "",
    roof_lines: tuple[str, ...] | list[str] = (),
) -> House:
    """Place every brick in its (niveau, rol) cell. `niveaus` and `rollen` are (code, label)
    pairs in model order; the first niveau is drawn at the bottom. Bricks whose niveau or rol
    is not listed are left out. `scale` makes the bricks tall enough for a scale bar (the
    report); `narrow` gives the layout for phones. The bricks passed in are not changed: the
    house holds placed copies, so one list of bricks can be laid out both ways."""
    cells: dict[tuple[str, str], list[Brick]] = {}
    for brick in bricks:
        cells.setdefault((brick.niveau, brick.rol), []).append(replace(brick))
    layout = _layout_narrow if narrow else _layout_wide
    return layout(niveaus, rollen, cells, scale, roof_title, list(roof_lines))


def _layout_wide(niveaus, rollen, cells, scale, roof_title, roof_lines) -> House:
    """Columns side by side under a pointed roof; a floor is as tall as its fullest cell."""
    brick_height = REPORT_BRICK_HEIGHT if scale else BRICK_HEIGHT
    column_width = BODY_WIDTH / max(len(rollen), 1)
    columns = [
        Column(code, label, BODY_X + index * column_width, column_width)
        for index, (code, label) in enumerate(rollen)
    ]
    floors: list[Floor] = []
    y = ROOF_HEIGHT
    for code, label in reversed(niveaus):
        most = max((len(cells.get((code, rol), [])) for rol, _ in rollen), default=0)
        height = max(MIN_FLOOR_HEIGHT, 2 * CELL_PADDING + _stack_height(most, brick_height))
        floors.append(Floor(code, label, y, height))
        y += height
    body_height = y - ROOF_HEIGHT

    placed: list[Brick] = []
    empty_cells: list[Box] = []
    for floor in floors:
        for column in columns:
            cell = cells.get((floor.code, column.code), [])
            if not cell:
                empty_cells.append(
                    Box(column.x + 4, floor.y + 4, column.width - 8, floor.height - 8)
                )
                continue
            top = floor.y + (floor.height - _stack_height(len(cell), brick_height)) / 2
            placed += _stack(
                cell, column.x + CELL_PADDING, top, column.width - 2 * CELL_PADDING, brick_height
            )

    eave = 30
    roof_points = (
        f"{BODY_X - eave},{ROOF_HEIGHT} {BODY_X + BODY_WIDTH / 2},{ROOF_APEX_Y} "
        f"{BODY_X + BODY_WIDTH + eave},{ROOF_HEIGHT}"
    )
    center = BODY_X + BODY_WIDTH / 2
    roof_texts = [Label(roof_title, center, ROOF_TITLE_Y, _roof_title_size(roof_title, eave))]
    for index, line in enumerate(roof_lines):
        first = index == 0
        y = (144, 165, 184)[min(index, 2)]
        roof_texts.append(Label(line, center, y, 20 if first else 15, bold=first))
    bottom = ROOF_HEIGHT + body_height
    return House(
        layout="wide",
        key="house",
        width=WIDTH,
        height=bottom + COLUMN_LABEL_HEIGHT + 8,
        roof_points=roof_points,
        roof_texts=roof_texts,
        body_x=BODY_X,
        body_y=ROOF_HEIGHT,
        body_width=BODY_WIDTH,
        body_height=body_height,
        columns=columns,
        floors=floors,
        bricks=sorted(placed, key=lambda brick: brick.number),
        empty_cells=empty_cells,
        bands=[],
        lines=[Line(BODY_X, f.y, BODY_X + BODY_WIDTH, f.y) for f in floors[1:]]
        + [Line(c.x, ROOF_HEIGHT, c.x, bottom) for c in columns[1:]],
        labels=[Label(f.label, BODY_X - 10, f.middle, 16, anchor="end") for f in floors]
        + [Label(c.label, c.center, bottom + 26, 17) for c in columns],
    )


def _layout_narrow(niveaus, rollen, cells, scale, roof_title, roof_lines) -> House:
    """Floors stacked as in the wide house, each with its name in a band on top and then one
    row per rol: the rol's name on the left, its bricks one under the other on the right. An
    empty cell is a low hatched row. The roof is a short gable over a panel with its text."""
    brick_height = NARROW_REPORT_BRICK_HEIGHT if scale else NARROW_BRICK_HEIGHT
    left, right = NARROW_BODY_X, NARROW_BODY_X + NARROW_BODY_WIDTH
    cell_x = left + NARROW_ROL_WIDTH
    cell_width = right - cell_x
    # every rol's bricks share the one column right of the rol labels
    columns = [Column(code, label, cell_x, cell_width) for code, label in rollen]

    roof_texts, body_y = _narrow_roof_texts(roof_title, roof_lines)
    floors: list[Floor] = []
    placed: list[Brick] = []
    empty_cells: list[Box] = []
    bands: list[Box] = []
    lines: list[Line] = []
    labels: list[Label] = []
    y = body_y
    for code, label in reversed(niveaus):
        top = y
        # The band keeps clear of the body's border (4 wide, half of it inside the body).
        border = 0 if floors else 2
        bands.append(
            Box(left + 2, y + border, right - left - 4, NARROW_FLOOR_LABEL_HEIGHT - border)
        )
        labels.append(Label(label, left + 10, y + 22, 16, anchor="start"))
        y += NARROW_FLOOR_LABEL_HEIGHT
        for index, column in enumerate(columns):
            cell = cells.get((code, column.code), [])
            if cell:
                height = 2 * NARROW_CELL_PADDING + _stack_height(len(cell), brick_height)
                placed += _stack(
                    cell,
                    cell_x + NARROW_CELL_PADDING,
                    y + NARROW_CELL_PADDING,
                    cell_width - 2 * NARROW_CELL_PADDING,
                    brick_height,
                    scale_font_size=NARROW_SCALE_FONT_SIZE,
                )
                label_y = y + NARROW_CELL_PADDING + 20  # beside the first brick's caption
            else:
                height = NARROW_EMPTY_HEIGHT
                empty_cells.append(Box(cell_x + 4, y + 4, cell_width - 8, height - 8))
                label_y = y + height / 2
            rol_lines = textwrap.wrap(column.label, NARROW_ROL_CHARS, break_long_words=False)
            height = max(height, 2 * NARROW_CELL_PADDING + 17 * len(rol_lines) + 6)
            labels += [
                Label(text, left + 6, label_y + 17 * number, 14, anchor="start")
                for number, text in enumerate(rol_lines)
            ]
            if index:
                lines.append(Line(left, y, right, y))
            y += height
        lines.append(Line(cell_x, top + NARROW_FLOOR_LABEL_HEIGHT, cell_x, y))
        floors.append(Floor(code, label, top, y - top))

    center = NARROW_WIDTH / 2
    roof_points = (
        f"{left},{body_y} {left},{NARROW_EAVE} {left - NARROW_EAVE_OVERHANG},{NARROW_EAVE} "
        f"{center},{NARROW_ROOF_TOP} {right + NARROW_EAVE_OVERHANG},{NARROW_EAVE} "
        f"{right},{NARROW_EAVE} {right},{body_y}"
    )
    return House(
        layout="narrow",
        key="house-narrow",
        width=NARROW_WIDTH,
        height=y + 8,
        roof_points=roof_points,
        roof_texts=roof_texts,
        body_x=left,
        body_y=body_y,
        body_width=NARROW_BODY_WIDTH,
        body_height=y - body_y,
        columns=columns,
        floors=floors,
        bricks=sorted(placed, key=lambda brick: brick.number),
        empty_cells=empty_cells,
        bands=bands,
        lines=lines,
        labels=labels,
    )


def _roof_title_size(title: str, eave: float) -> int:
    """The largest font size (at most 22) at which the title fits between the roof's slopes
    at the height of its capitals (bold DejaVu Sans: about 0.68 em per character)."""
    half_base = BODY_WIDTH / 2 + eave
    for size in range(22, 11, -1):
        top = ROOF_TITLE_Y - 0.73 * size
        room = 2 * half_base * (top - ROOF_APEX_Y) / (ROOF_HEIGHT - ROOF_APEX_Y) - 16
        if 0.68 * size * len(title) <= room:
            return size
    return 12


def _narrow_roof_texts(title: str, lines: list[str]) -> tuple[list[Label], float]:
    """The roof's title and lines, wrapped to the narrow house, and where the body starts."""
    items = [(title, 20, True)] + [
        (line, 16 if index == 0 else 14, index == 0) for index, line in enumerate(lines)
    ]
    texts = []
    y = NARROW_EAVE + 4
    for text, size, bold in items:
        for part in wrap_roof_line(text, _chars_that_fit(NARROW_BODY_WIDTH - 20, size, bold)):
            y += round(size * 1.3)
            texts.append(Label(part, NARROW_WIDTH / 2, y, size, bold=bold))
    return texts, y + 14


def _chars_that_fit(width: float, size: int, bold: bool) -> int:
    """About how many characters of DejaVu Sans fit in `width` (on the safe side)."""
    return int(width / (size * (0.68 if bold else 0.6)))


def wrap_roof_line(text: str, width: int) -> list[str]:
    """A roof line in lines of at most `width` characters, broken at its " · " separators
    first and at spaces only when a part is still too long. Empty text gives no lines."""
    lines: list[str] = []
    for part in text.split(" · "):
        if not part:
            continue
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines += textwrap.wrap(part, width, break_long_words=False)
    return lines


def _stack_height(count: int, brick_height: float) -> float:
    return count * brick_height + (count - 1) * BRICK_GAP


def _stack(
    cell: list[Brick],
    x: float,
    top: float,
    width: float,
    brick_height: float,
    *,
    scale_font_size: int = SCALE_FONT_SIZE,
) -> list[Brick]:
    """Place a cell's bricks one under the other from `top`; returns them."""
    for brick in cell:
        brick.x, brick.y, brick.width, brick.height = x, top, width, brick_height
        brick.title_lines = wrap_title(brick.number, brick.title)
        brick.scale_font_size = scale_font_size
        top += brick_height + BRICK_GAP
    return cell


def wrap_title(number: int, title: str, width: int = CHARS_PER_LINE) -> list[str]:
    """The brick's caption in at most two lines, the second shortened with an ellipsis."""
    lines = textwrap.wrap(f"{number}. {title}", width=width) or [str(number)]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width=width, placeholder="…")]
    return lines
