"""The narrow house, for phones: the floors in the same order, but inside each floor every rol
gets a row of its own, so the bricks can keep their size and text."""

import textwrap

from .shapes import Box, Brick, Column, Floor, House, Label, Line, stack, stack_height

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


def layout_narrow(niveaus, rollen, cells, scale, roof_title, roof_lines) -> House:
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
                height = 2 * NARROW_CELL_PADDING + stack_height(len(cell), brick_height)
                placed += stack(
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
