"""Geometry of the Borgingshuis drawing: a roof over a body of floors (niveaus, the first one
at the bottom as the foundation) by columns (rollen), each bouwsteen a brick in its cell.

Plain Python so the public page, the report page and the PDF draw the same house.
"""

import textwrap
from dataclasses import dataclass, field

WIDTH = 900
LABEL_WIDTH = 130  # floor labels left of the body
BODY_X = LABEL_WIDTH + 10
BODY_WIDTH = WIDTH - BODY_X - 40
ROOF_HEIGHT = 190
CELL_PADDING = 10
BRICK_HEIGHT = 74
REPORT_BRICK_HEIGHT = 100  # room for the scale bar under the caption
BRICK_GAP = 8
MIN_FLOOR_HEIGHT = 110
COLUMN_LABEL_HEIGHT = 36
CHARS_PER_LINE = 22


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

    @property
    def band(self) -> int:
        """Colour band 1-5 for the level (0 when there is no level): halves round up."""
        if self.level is None:
            return 0
        return max(1, min(5, int(self.level + 0.5)))

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
        return self.y + self.height - 22

    @property
    def scale_x1(self) -> float:
        return self.x + CELL_PADDING

    @property
    def scale_x2(self) -> float:
        return self.x + self.width - CELL_PADDING

    @property
    def scale_ticks(self) -> list[float]:
        return [self._scale_x(value) for value in range(1, 6)]

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
        return self.x + CELL_PADDING + inner * (value - 1) / 4


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
class EmptyCell:
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
class House:
    width: int
    height: float
    roof_points: str
    roof_center_x: float
    body_x: float
    body_y: float
    body_width: float
    body_height: float
    columns: list[Column]
    floors: list[Floor]
    bricks: list[Brick]
    empty_cells: list[EmptyCell]
    column_label_y: float


def layout_house(
    niveaus: list[tuple[str, str]],
    rollen: list[tuple[str, str]],
    bricks: list[Brick],
    *,
    brick_height: int = BRICK_HEIGHT,
) -> House:
    """Place every brick in its (niveau, rol) cell. `niveaus` and `rollen` are (code, label)
    pairs in model order; the first niveau is drawn at the bottom. Bricks whose niveau or rol
    is not listed are left out. A floor is as tall as its fullest cell. The report passes
    `brick_height=REPORT_BRICK_HEIGHT` for bricks with a scale bar."""
    column_width = BODY_WIDTH / max(len(rollen), 1)
    columns = [
        Column(code, label, BODY_X + index * column_width, column_width)
        for index, (code, label) in enumerate(rollen)
    ]
    cells: dict[tuple[str, str], list[Brick]] = {}
    for brick in bricks:
        cells.setdefault((brick.niveau, brick.rol), []).append(brick)

    floors: list[Floor] = []
    y = ROOF_HEIGHT
    for code, label in reversed(niveaus):
        most = max((len(cells.get((code, rol), [])) for rol, _ in rollen), default=0)
        height = max(
            MIN_FLOOR_HEIGHT, 2 * CELL_PADDING + most * brick_height + (most - 1) * BRICK_GAP
        )
        floors.append(Floor(code, label, y, height))
        y += height
    body_height = y - ROOF_HEIGHT

    placed: list[Brick] = []
    empty_cells: list[EmptyCell] = []
    for floor in floors:
        for column in columns:
            cell = cells.get((floor.code, column.code), [])
            if not cell:
                empty_cells.append(
                    EmptyCell(column.x + 4, floor.y + 4, column.width - 8, floor.height - 8)
                )
                continue
            stack = len(cell) * brick_height + (len(cell) - 1) * BRICK_GAP
            top = floor.y + (floor.height - stack) / 2
            for brick in cell:
                brick.x = column.x + CELL_PADDING
                brick.y = top
                brick.width = column.width - 2 * CELL_PADDING
                brick.height = brick_height
                brick.title_lines = wrap_title(brick.number, brick.title)
                placed.append(brick)
                top += brick_height + BRICK_GAP

    eave = 30
    roof_points = (
        f"{BODY_X - eave},{ROOF_HEIGHT} {BODY_X + BODY_WIDTH / 2},12 "
        f"{BODY_X + BODY_WIDTH + eave},{ROOF_HEIGHT}"
    )
    return House(
        width=WIDTH,
        height=ROOF_HEIGHT + body_height + COLUMN_LABEL_HEIGHT + 8,
        roof_points=roof_points,
        roof_center_x=BODY_X + BODY_WIDTH / 2,
        body_x=BODY_X,
        body_y=ROOF_HEIGHT,
        body_width=BODY_WIDTH,
        body_height=body_height,
        columns=columns,
        floors=floors,
        bricks=sorted(placed, key=lambda brick: brick.number),
        empty_cells=empty_cells,
        column_label_y=ROOF_HEIGHT + body_height + 26,
    )


def wrap_title(number: int, title: str, width: int = CHARS_PER_LINE) -> list[str]:
    """The brick's caption in at most two lines, the second shortened with an ellipsis."""
    lines = textwrap.wrap(f"{number}. {title}", width=width) or [str(number)]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width=width, placeholder="…")]
    return lines


# A colour-blind-safe sequential scale (ColorBrewer YlGnBu), light to dark; the level is
# always printed on the brick too, so nothing depends on colour alone.
BAND_FILLS = {0: "#ffffff", 1: "#edf8b1", 2: "#c7e9b4", 3: "#7fcdbb", 4: "#41b6c4", 5: "#225ea8"}
BAND_TEXT = {5: "#ffffff"}


def band_fill(band: int) -> str:
    return BAND_FILLS[band]


def band_text(band: int) -> str:
    return BAND_TEXT.get(band, "#102a43")
