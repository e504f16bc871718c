"""The wide house, for a large screen and the PDF: columns side by side under a pointed roof."""

from .shapes import (
    BODY_WIDTH,
    BODY_X,
    BRICK_HEIGHT,
    CELL_PADDING,
    COLUMN_LABEL_HEIGHT,
    MIN_FLOOR_HEIGHT,
    ROOF_APEX_Y,
    ROOF_HEIGHT,
    ROOF_TITLE_Y,
    SCREEN_SIZES,
    WIDTH,
    Box,
    Brick,
    Column,
    Floor,
    House,
    Label,
    Line,
    TextSizes,
    stack,
    stack_height,
)


def layout_wide(
    niveaus, rollen, cells, scale, roof_title, roof_lines, sizes: TextSizes = SCREEN_SIZES
) -> House:
    """Columns side by side under a pointed roof; a floor is as tall as its fullest cell.
    `sizes`: the brick texts' font sizes (PRINT_SIZES for the PDF)."""
    brick_height = sizes.brick_height if scale else BRICK_HEIGHT
    column_width = BODY_WIDTH / max(len(rollen), 1)
    columns = [
        Column(code, label, BODY_X + index * column_width, column_width)
        for index, (code, label) in enumerate(rollen)
    ]
    floors: list[Floor] = []
    y = ROOF_HEIGHT
    for code, label in reversed(niveaus):
        most = max((len(cells.get((code, rol), [])) for rol, _ in rollen), default=0)
        height = max(MIN_FLOOR_HEIGHT, 2 * CELL_PADDING + stack_height(most, brick_height))
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
            top = floor.y + (floor.height - stack_height(len(cell), brick_height)) / 2
            placed += stack(
                cell,
                column.x + CELL_PADDING,
                top,
                column.width - 2 * CELL_PADDING,
                brick_height,
                scale_font_size=sizes.scale,
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
        sizes=sizes,
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
