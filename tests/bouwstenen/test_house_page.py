import re

import pytest
from django.urls import reverse

from bouwstenen.house import Brick, layout_house, wrap_title
from bouwstenen.models import Bouwsteen


def brick_cells(html, layout="wide"):
    """Map bouwsteen number to the (x, y) of its brick in the page's wide or narrow house."""
    svg = re.search(rf'<svg[^>]*house-svg-{layout}".*?</svg>', html, re.S).group(0)
    cells = {}
    pattern = r'data-bouwsteen="(\d+)">\s*<rect x="([\d.]+)" y="([\d.]+)"'
    for number, x, y in re.findall(pattern, svg):
        cells[int(number)] = (float(x), float(y))
    return cells


def test_public_page_lists_all_eleven_and_draws_each_in_its_cell(client, framework):
    response = client.get(reverse("bouwstenen:house"))

    html = response.content.decode()
    assert response.status_code == 200
    for bouwsteen in Bouwsteen.objects.filter(framework=framework):
        assert f'id="bouwsteen-{bouwsteen.number}"' in html
        assert bouwsteen.title in html
    cells = brick_cells(html)
    assert sorted(cells) == list(range(1, 12))
    # Columns: bestuur left of managers left of adviseurs. Floors: gesprek on top.
    assert cells[1][0] < cells[4][0] < cells[9][0]
    assert cells[10][1] < cells[8][1] < cells[9][1]
    assert cells[1][0] == cells[3][0]  # same column: bestuur
    narrow = brick_cells(html, "narrow")
    assert sorted(narrow) == list(range(1, 12))
    assert narrow[10][1] < narrow[8][1] < narrow[9][1]  # the same floors, one under the other
    assert "texts" not in html  # Dutch by default
    assert "functioneel beheerder kan ze aanpassen" in html


def test_public_page_uses_a_fixed_number_of_queries(
    client, framework, django_assert_max_num_queries
):
    # framework, niveaus, rollen, bouwstenen with niveau/rol, questions, scale, others
    with django_assert_max_num_queries(8):
        client.get(reverse("bouwstenen:house"))


def test_unpublished_or_unknown_framework_gives_404(client, framework):
    framework.is_published = False
    framework.save()
    assert client.get(reverse("bouwstenen:house")).status_code == 404
    assert (
        client.get(reverse("bouwstenen:framework-house", args=["bestaat-niet"])).status_code == 404
    )


def test_english_page_is_english(client, framework):
    response = client.get("/en/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "The building blocks" in html
    assert "De bouwstenen" not in html


def test_layout_puts_first_niveau_at_the_bottom_and_marks_empty_cells():
    house = layout_house(
        [("org", "Organisatie"), ("gesprek", "Gesprek")],
        [("a", "A"), ("b", "B")],
        [
            Brick(1, "Een", "org", "a"),
            Brick(2, "Twee", "gesprek", "b"),
            Brick(3, "Drie", "org", "a"),
        ],
    )

    by_number = {brick.number: brick for brick in house.bricks}
    assert by_number[2].y < by_number[1].y < by_number[3].y
    assert by_number[1].x == by_number[3].x < by_number[2].x
    assert len(house.empty_cells) == 2
    assert [floor.code for floor in house.floors] == ["gesprek", "org"]


def test_brick_outside_the_grid_is_left_out():
    house = layout_house([("org", "Organisatie")], [("a", "A")], [Brick(1, "Een", "elders", "a")])
    assert house.bricks == []


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("Ambitie", ["1. Ambitie"]),
        ("Ondersteuning en tooling", ["1. Ondersteuning en", "tooling"]),
        (
            "Een hele lange titel die echt niet op twee regels past",
            ["1. Een hele lange", "titel die echt niet…"],
        ),
    ],
)
def test_wrap_title(title, lines):
    assert wrap_title(1, title) == lines


@pytest.mark.parametrize(
    ("title", "first_width", "lines"),
    [
        ("Professionalisering", 14, ["1.", "Professionalisering"]),
        ("Ondersteuning en tooling", 18, ["1. Ondersteuning", "en tooling"]),
        ("Advies", 14, ["1. Advies"]),
    ],
)
def test_wrap_title_leaves_the_first_line_room_for_marks(title, first_width, lines):
    assert wrap_title(1, title, first_width=first_width) == lines


def test_a_brick_with_a_badge_and_an_arrow_keeps_its_title_clear_of_them():
    marked = Brick(7, "Professionalisering", "org", "a", badge="!", change="up")
    plain = Brick(7, "Professionalisering", "org", "a")
    house = layout_house([("org", "Organisatie")], [("a", "A")], [marked])
    assert house.bricks[0].title_lines == ["7.", "Professionalisering"]
    house = layout_house([("org", "Organisatie")], [("a", "A")], [plain])
    assert house.bricks[0].title_lines == ["7. Professionalisering"]
