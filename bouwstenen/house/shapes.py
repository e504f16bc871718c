"""The shapes of the Borgingshuis drawing: bricks, columns, floors, labels and the house that
holds them, with the sizes both layouts share. Plain Python, no Django."""

import textwrap
from dataclasses import dataclass, field

from ..scale import HIGHEST, LEVELS, LOWEST, band, band_fill, band_text

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
MARK_CHARS = 4  # a title's first line gives up this many characters per mark beside it
SCALE_FONT_SIZE = 9
# A bouwsteen the round did not ask: a light grey brick under hatching, its texts dark
# enough on it (contrast above 7:1).
NOT_ASKED_FILL = "#f1f3f5"
NOT_ASKED_TEXT = "#33475b"


@dataclass(frozen=True)
class TextSizes:
    """Font sizes (in drawing units) of the brick texts, and the brick height they need."""

    title: int = 14
    title_line: int = 18  # between the two lines of a title
    detail: int = 13
    note: int = 13  # "geen bouwsteen" in an empty cell
    scale: int = SCALE_FONT_SIZE
    brick_height: int = REPORT_BRICK_HEIGHT


SCREEN_SIZES = TextSizes()
# The PDF prints the house (WIDTH units) over the page width, 174 mm: 15 units are 8 pt there.
PRINT_SIZES = TextSizes(title=15, title_line=19, detail=15, note=15, scale=15, brick_height=116)


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
    change: str = ""  # "up" or "down" against an earlier measurement, drawn as an arrow
    change_label: str = ""  # the change in words, for screen readers and as the arrow's title
    # False: the round did not ask this bouwsteen; drawn hatched and grey, its `detail` says so
    asked: bool = True
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
        return (
            self.asked
            and self.height >= REPORT_BRICK_HEIGHT
            and (self.level is not None or self.desired is not None)
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
    def mark_count(self) -> int:
        """How many signs the top right corner holds: the badge and the change arrow."""
        return bool(self.badge) + (self.change in ("up", "down"))

    @property
    def badge_x(self) -> float:
        return self.x + self.width - 16

    @property
    def change_points(self) -> str:
        """A small triangle left of the badge, pointing up or down; "" without a change."""
        if self.change not in ("up", "down"):
            return ""
        x = self.badge_x - (28 if self.badge else 0)
        top, bottom = self.y + 7, self.y + 25
        if self.change == "up":
            points = [(x - 9, bottom), (x + 9, bottom), (x, top)]
        else:
            points = [(x - 9, top), (x + 9, top), (x, bottom)]
        return " ".join(f"{px:g},{py:g}" for px, py in points)

    @property
    def text_x(self) -> float:
        return self.x + 10

    @property
    def detail_y(self) -> float:
        if self.height < REPORT_BRICK_HEIGHT:
            return self.y + 63
        # a taller (printed) brick spends half its extra room apart from a two-line title
        return self.y + 58 + (self.height - REPORT_BRICK_HEIGHT) // 2

    @property
    def fill(self) -> str:
        return band_fill(self.band) if self.asked else NOT_ASKED_FILL

    @property
    def text_fill(self) -> str:
        return band_text(self.band) if self.asked else NOT_ASKED_TEXT

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
    sizes: TextSizes = SCREEN_SIZES

    @property
    def has_links(self) -> bool:
        """A drawing whose bricks link to their texts is a group of links, else an image."""
        return any(brick.href for brick in self.bricks)


def stack_height(count: int, brick_height: float) -> float:
    return count * brick_height + (count - 1) * BRICK_GAP


def stack(
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
        brick.title_lines = wrap_title(
            brick.number, brick.title, first_width=CHARS_PER_LINE - MARK_CHARS * brick.mark_count
        )
        brick.scale_font_size = scale_font_size
        top += brick_height + BRICK_GAP
    return cell


def wrap_title(
    number: int, title: str, width: int = CHARS_PER_LINE, first_width: int | None = None
) -> list[str]:
    """The brick's caption in at most two lines, the second shortened with an ellipsis. The
    first line may be narrower (`first_width`), to leave room for the marks in the brick's
    top right corner; a word that does not fit there goes whole to the second line."""
    text = f"{number}. {title}"
    first = textwrap.wrap(text, width=first_width or width, break_long_words=False)
    if not first:
        return [str(number)]
    rest = text.strip()[len(first[0]) :].strip()
    if not rest:
        return first[:1]
    return [first[0], textwrap.shorten(rest, width=width, placeholder="…")]
