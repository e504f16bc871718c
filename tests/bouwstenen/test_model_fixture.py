from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from bouwstenen.models import Bouwsteen, ScaleLevel


def test_fixture_loads_eleven_bouwstenen_on_a_three_by_three_grid(framework):
    bouwstenen = list(Bouwsteen.objects.filter(framework=framework).with_grid())

    assert [b.number for b in bouwstenen] == list(range(1, 12))
    assert {b.niveau.code for b in bouwstenen} == {"organisatie", "vraagstuk", "gesprek"}
    assert {b.rol.code for b in bouwstenen} == {"bestuur", "managers", "adviseurs"}
    cells = Counter((b.rol.code, b.niveau.code) for b in bouwstenen)
    assert cells[("adviseurs", "gesprek")] == 2
    assert cells[("managers", "organisatie")] == 3
    for bouwsteen in bouwstenen:
        assert 2 <= len(bouwsteen.questions.all()) <= 4, bouwsteen
        assert len(bouwsteen.short_title) <= 40


def test_seed_titles_of_bouwsteen_1_and_8(framework):
    titles = dict(Bouwsteen.objects.filter(framework=framework).values_list("number", "title"))
    assert titles[1].startswith("Ambitie van de participatieve organisatie")
    assert titles[8] == (
        "Advies en/of ondersteuning in participatieaanpak, uitvoering en evaluatie "
        "participatieproces"
    )


def test_scale_has_five_labelled_steps(framework):
    labels = list(ScaleLevel.objects.filter(framework=framework).values_list("label", flat=True))
    assert labels == [
        "Afwezig",
        "Persoonsafhankelijk",
        "Vastgelegd",
        "Toegepast",
        "Geborgd en lerend",
    ]


@pytest.mark.django_db
def test_loading_twice_keeps_edited_texts(framework):
    Bouwsteen.objects.filter(number=4).update(short_title="Mensen en middelen")

    call_command("load_borgingshuis", stdout=StringIO())

    assert Bouwsteen.objects.count() == 11
    assert Bouwsteen.objects.get(number=4).short_title == "Mensen en middelen"
