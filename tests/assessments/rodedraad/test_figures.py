"""The rode draad's definitions (rodedraad/figures.py), on plain figures."""

from assessments.rodedraad.figures import PartFigure, differences, knelpunten, part_figure

SHOWN = {"hidden": False, "median": 3.0}


def figure(current, desired=None, asked=True, hidden=False):
    return PartFigure(asked=asked, hidden=hidden, current=current, desired=desired)


def test_a_knelpunt_is_a_gap_of_one_or_more_or_a_level_of_two_or_lower():
    assert figure(3.0, 4.0).knelpunt
    assert not figure(3.0, 3.5).knelpunt
    assert figure(2.0, 2.0).knelpunt
    assert not figure(2.5, 3.0).knelpunt
    assert figure(2.0, None).knelpunt  # no desired level: the level alone decides


def test_a_hidden_or_unasked_figure_is_never_a_knelpunt_and_has_no_gap():
    assert not figure(None, None, hidden=True).knelpunt
    assert not figure(None, None, asked=False).knelpunt
    assert figure(None, None, asked=False).gap is None


def test_knelpunten_count_over_the_parts_that_show_the_bouwsteen():
    parts = [
        {1: figure(2.0, 4.0), 2: figure(4.0, 4.0)},
        {1: figure(None, None, hidden=True), 2: figure(1.0, 4.0)},
        {1: figure(3.0, 4.0), 2: figure(None, None, asked=False)},
    ]

    found = knelpunten([1, 2], parts)

    assert found == [
        {"number": 1, "parts": [0, 2], "shown": 2},
        {"number": 2, "parts": [1], "shown": 2},
    ]


def test_parts_differ_from_one_and_a_half_apart():
    parts = [
        {1: figure(2.0), 2: figure(2.0)},
        {1: figure(3.5), 2: figure(3.0)},
        {1: figure(None, asked=False)},
    ]

    found = differences([1, 2], parts)

    assert found == [
        {"number": 1, "low": 2.0, "low_part": 0, "high": 3.5, "high_part": 1, "difference": 1.5}
    ]


def test_a_part_figure_is_read_from_a_stored_release():
    released = {"current": {**SHOWN, "median": 2.0}, "desired": {**SHOWN, "median": 4.0}}

    assert part_figure(released, asked=True) == figure(2.0, 4.0)
    assert part_figure(released, asked=False) == figure(None, None, asked=False)
    hidden = {
        "current": {"hidden": True, "median": None},
        "desired": {"hidden": True, "median": None},
    }
    assert part_figure(hidden, asked=True) == figure(None, None, hidden=True)
