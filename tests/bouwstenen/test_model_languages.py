"""Every text of the model in Dutch and English; a round's frozen texts keep both."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from bouwstenen.models import Bouwsteen
from bouwstenen.snapshot import ModelTexts, framework_snapshot, framework_texts
from tests.factories import make_round

pytestmark = pytest.mark.django_db


def test_english_reads_the_english_text_and_falls_back_to_dutch_where_empty(framework):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=2)
    with translation.override("en"):
        assert bouwsteen.short_title == "Vision and policy"
    Bouwsteen.objects.filter(pk=bouwsteen.pk).update(short_title_en="")
    bouwsteen.refresh_from_db()
    with translation.override("en"):
        assert bouwsteen.short_title == "Visie en beleid"


def test_snapshot_keeps_every_language_and_reads_the_active_one(framework):
    snapshot = framework_snapshot(framework)

    dutch = ModelTexts.from_json(snapshot, "nl")
    english = ModelTexts.from_json(snapshot, "en")
    assert dutch.bouwstenen[0].short_title == "Ambitie"
    assert english.bouwstenen[0].short_title == "Ambition"
    assert english.scale[0].label == "Absent"
    assert english.niveaus[0].name == "Organisation"
    assert english.rollen[0].name == "Administration"
    assert english.bouwstenen[0].questions[0].startswith("Has the ambition")
    assert [b.id for b in english.bouwstenen] == [b.id for b in dutch.bouwstenen]
    with translation.override("en"):
        assert ModelTexts.from_json(snapshot) == english
        assert framework_texts(framework) == english


def test_an_older_snapshot_without_english_reads_in_dutch(framework):
    dutch_only = framework_texts(framework, "nl").to_json()

    assert ModelTexts.from_json(dutch_only, "en").bouwstenen[0].short_title == "Ambitie"


def test_a_round_keeps_its_english_texts_when_the_model_is_edited(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    Bouwsteen.objects.filter(framework=framework, number=1).update(short_title_en="Changed")

    round.refresh_from_db()
    with translation.override("en"):
        assert round.model_texts().bouwstenen[0].short_title == "Ambition"


def test_bin_serve_loads_only_what_is_missing():
    serve = (Path(settings.BASE_DIR) / "bin" / "serve").read_text()

    assert "manage.py load_models" in serve
    assert "loaddata" not in serve


def test_the_first_model_is_the_same_in_english(client, framework):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_models", stdout=StringIO())
    with translation.override("en"):
        english = client.get("/en/").content.decode()
    dutch = client.get("/").content.decode()

    assert "Participation Embedding House" in english and "Borgingshuis Participatie" in dutch
    assert "Democratic values in participation" in english  # offered as the other model
