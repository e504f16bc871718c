"""The narrow house for phones: the same bricks as the wide one, one under the other."""

import itertools

import pytest

from bouwstenen.house import NARROW_WIDTH, Brick, house_drawings, layout_house, wrap_roof_line
from bouwstenen.snapshot import AxisText

NIVEAUS = [("organisatie", "Organisatie"), ("vraagstuk", "Vraagstuk"), ("gesprek", "Gesprek")]
ROLLEN = [("bestuur", "Bestuur"), ("managers", "Managers"), ("adviseurs", "Adviseurs")]
# The grid of the shipped model (fixtures/borgingshuis_model.json).
GRID = [
    (1, "Ambitie", "organisatie", "bestuur"),
    (2, "Visie en beleid", "organisatie", "bestuur"),
    (3, "Kaders per vraagstuk", "vraagstuk", "bestuur"),
    (4, "Tijd en budget", "organisatie", "managers"),
    (5, "Ondersteuning en tooling", "organisatie", "managers"),
    (6, "In werkprocessen", "vraagstuk", "managers"),
    (7, "Professionalisering", "organisatie", "managers"),
    (8, "Advies", "vraagstuk", "adviseurs"),
    (9, "Werkwijze", "organisatie", "adviseurs"),
    (10, "Gesprekken", "gesprek", "adviseurs"),
    (11, "Opvolging", "gesprek", "adviseurs"),
]
ROOF = {
    "roof_title": "Borgingsscan 2026",
    "roof_lines": ["Borgingsniveau 2,8 · ambitie 4,1", "17 respondenten · consensus op 4 van 11"],
}


def model_bricks(scored=False):
    return [
        Brick(
            number,
            title,
            niveau,
            rol,
            level=3 if scored else None,
            desired=4 if scored else None,
            detail="nu 3 → doel 4" if scored else "",
        )
        for number, title, niveau, rol in GRID
    ]


@pytest.fixture(params=[False, True], ids=["public", "report"])
def narrow_house(request):
    scored = request.param
    return layout_house(NIVEAUS, ROLLEN, model_bricks(scored), narrow=True, scale=scored, **ROOF)


def overlap(a, b):
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and b.y < a.y + a.height
    )


def test_narrow_house_has_all_eleven_bricks_inside_its_width(narrow_house):
    assert narrow_house.width == NARROW_WIDTH
    assert [brick.number for brick in narrow_house.bricks] == list(range(1, 12))
    left = narrow_house.body_x
    right = narrow_house.body_x + narrow_house.body_width
    bottom = narrow_house.body_y + narrow_house.body_height
    for brick in narrow_house.bricks:
        assert 0 < left < brick.x and brick.x + brick.width < right < narrow_house.width
        assert narrow_house.body_y < brick.y and brick.y + brick.height < bottom
    assert bottom < narrow_house.height


def test_narrow_bricks_and_empty_cells_do_not_overlap(narrow_house):
    boxes = narrow_house.bricks + narrow_house.empty_cells
    for a, b in itertools.combinations(boxes, 2):
        assert not overlap(a, b), (a, b)
    # gesprek has no bouwsteen for bestuur and managers
    assert len(narrow_house.empty_cells) == 2


def test_narrow_house_keeps_the_niveau_order_and_the_rol_order(narrow_house):
    floors = narrow_house.floors
    assert [floor.code for floor in floors] == ["gesprek", "vraagstuk", "organisatie"]
    for upper, lower in itertools.pairwise(floors):
        assert upper.y + upper.height <= lower.y
    by_floor = {floor.code: floor for floor in floors}
    rol_order = [code for code, _ in ROLLEN]
    for floor in floors:
        bricks = [brick for brick in narrow_house.bricks if brick.niveau == floor.code]
        for brick in bricks:
            assert floor.y < brick.y and brick.y + brick.height < floor.y + floor.height
        # top to bottom: bestuur, managers, adviseurs; within a cell by number
        ordered = sorted(bricks, key=lambda brick: brick.y)
        keys = [(rol_order.index(brick.rol), brick.number) for brick in ordered]
        assert keys == sorted(keys)
    assert by_floor["gesprek"].y == narrow_house.body_y


def test_narrow_house_names_every_floor_and_rol_in_text_large_enough(narrow_house):
    texts = [label.text for label in narrow_house.labels]
    for _, name in NIVEAUS:
        assert texts.count(name) == 1
    assert texts.count("Bestuur") == 3  # a row in each floor, empty ones included
    for label in narrow_house.labels + narrow_house.roof_texts:
        assert label.size >= 13
        assert 0 < label.x < narrow_house.width
    assert all(brick.scale_font_size >= 13 for brick in narrow_house.bricks)


def test_narrow_roof_splits_long_lines_at_the_separators(narrow_house):
    lines = [text.text for text in narrow_house.roof_texts]
    assert lines == [
        "Borgingsscan 2026",
        "Borgingsniveau 2,8",
        "ambitie 4,1",
        "17 respondenten",
        "consensus op 4 van 11",
    ]
    assert narrow_house.roof_texts[-1].y < narrow_house.body_y


def test_narrow_report_brick_has_room_for_its_caption_detail_and_scale():
    house = layout_house(NIVEAUS, ROLLEN, model_bricks(scored=True), narrow=True, scale=True)

    for brick in house.bricks:
        assert brick.has_scale
        scale_box_top = brick.scale_y - 14
        assert brick.y + 20 + 18 * (len(brick.title_lines) - 1) < brick.detail_y
        assert brick.detail_y + 4 < scale_box_top
        assert scale_box_top + brick.scale_box_height <= brick.y + brick.height
        assert brick.scale_label_y < scale_box_top + brick.scale_box_height


def test_one_list_of_bricks_can_be_laid_out_both_ways():
    bricks = model_bricks()

    wide = layout_house(NIVEAUS, ROLLEN, bricks)
    narrow = layout_house(NIVEAUS, ROLLEN, bricks, narrow=True)

    assert all(brick.width == 0 for brick in bricks)  # the input is left as it was
    assert len({brick.x for brick in wide.bricks}) == 3  # a column per rol
    assert len({brick.x for brick in narrow.bricks}) == 1  # one brick per row
    assert wide.key != narrow.key  # element ids differ when a page shows both


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("11 bouwstenen · versie 1", 30, ["11 bouwstenen · versie 1"]),
        ("Borgingsniveau 2,8 · ambitie 4,1", 27, ["Borgingsniveau 2,8", "ambitie 4,1"]),
        ("a · b · c", 5, ["a · b", "c"]),
        ("Borgingshuis Participatie", 22, ["Borgingshuis", "Participatie"]),
        ("", 20, []),
    ],
)
def test_wrap_roof_line(text, width, lines):
    assert wrap_roof_line(text, width) == lines


def test_wide_roof_title_shrinks_to_stay_between_the_slopes():
    def title_size(title):
        house = layout_house(NIVEAUS, ROLLEN, model_bricks(), roof_title=title)
        return house.roof_texts[0].size

    assert title_size("Borgingsscan 2026") == 22
    assert title_size("Gemeente Voorbeeld · Borgingsscan 2026") < 22
    assert title_size("Gemeente Voorbeeld · Borgingsscan 2026 (tweede meting)") < title_size(
        "Gemeente Voorbeeld · Borgingsscan 2026"
    )


def axis(pairs):
    return [
        AxisText(id=index, code=code, name=name, description="")
        for index, (code, name) in enumerate(pairs)
    ]


def test_house_drawings_lay_out_the_wide_and_the_narrow_house_of_named_axes():
    drawings = house_drawings(axis(NIVEAUS), axis(ROLLEN), model_bricks(), **ROOF)

    assert drawings.house == layout_house(NIVEAUS, ROLLEN, model_bricks(), **ROOF)
    assert drawings.house_narrow == layout_house(
        NIVEAUS, ROLLEN, model_bricks(), narrow=True, **ROOF
    )


def test_house_drawings_for_print_leave_out_the_narrow_house():
    drawings = house_drawings(axis(NIVEAUS), axis(ROLLEN), model_bricks(), narrow=False)

    assert drawings.house.layout == "wide"
    assert drawings.house_narrow is None


def test_a_house_with_linked_bricks_is_a_group_of_links():
    bricks = model_bricks()
    assert not layout_house(NIVEAUS, ROLLEN, bricks).has_links
    bricks[0].href = "#bouwsteen-1"
    assert layout_house(NIVEAUS, ROLLEN, bricks).has_links


def test_an_unasked_brick_is_grey_without_a_scale_even_in_a_tall_cell():
    niveaus, rollen = [("organisatie", "Organisatie")], [("bestuur", "Bestuur")]
    bricks = [
        Brick(number=1, title="Ambitie", niveau="organisatie", rol="bestuur", level=3),
        Brick(number=2, title="Kaders", niveau="organisatie", rol="bestuur", asked=False),
    ]

    house = layout_house(niveaus, rollen, bricks, scale=True)

    asked, not_asked = house.bricks
    assert asked.has_scale and asked.fill != not_asked.fill
    assert not not_asked.has_scale
    assert (not_asked.fill, not_asked.text_fill) == ("#f1f3f5", "#33475b")
