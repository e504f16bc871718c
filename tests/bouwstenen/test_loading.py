"""Shipped models load only when missing, never over an edit, and with a first history entry."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from bouwstenen.loading import LOADED_REASON, SHIPPED_MODELS, fixture_path, shipped_model_load
from bouwstenen.models import Bouwsteen, Framework, ReflectionQuestion

pytestmark = pytest.mark.django_db


def test_load_models_loads_every_shipped_model_once(framework):
    out = StringIO()
    call_command("load_models", stdout=out)
    call_command("load_models", stdout=out)

    slugs = set(Framework.objects.values_list("slug", flat=True))
    assert {"borgingshuis-2023", "democratische-waarden-2024"} <= slugs
    assert Bouwsteen.objects.filter(framework__slug="democratische-waarden-2024").count() == 5
    assert "democratische_waarden_model: is al geladen" in out.getvalue()
    assert ReflectionQuestion.objects.filter(bouwsteen__framework=framework).count() == 33


def test_an_edit_survives_loading_twice_and_the_shipped_text_can_be_restored(framework):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=4)
    shipped = bouwsteen.title_nl
    bouwsteen.title_nl = "Mensen en middelen voor participatie"
    bouwsteen._change_reason = "Andere woorden"
    bouwsteen.save()

    call_command("load_models", stdout=StringIO())
    call_command("load_models", stdout=StringIO())

    bouwsteen.refresh_from_db()
    assert bouwsteen.title_nl == "Mensen en middelen voor participatie"
    first, latest = bouwsteen.history.earliest(), bouwsteen.history.latest()
    assert first.history_change_reason == LOADED_REASON and first.title_nl == shipped
    assert latest.history_change_reason == "Andere woorden"
    first.instance.save()  # what the admin's "restore" does
    bouwsteen.refresh_from_db()
    assert bouwsteen.title_nl == shipped


def test_every_loaded_record_has_its_first_history_entry(framework):
    for model in (Framework, Bouwsteen, ReflectionQuestion):
        assert model.history.filter(history_type="+", history_change_reason=LOADED_REASON)
    assert Bouwsteen.history.filter(framework_id=framework.pk).count() == 11


def newer_version(tmp_path, slug, name_nl, lineage="borgingshuis"):
    data = json.loads(fixture_path("borgingshuis_model").read_text())
    for item in data:
        fields = item["fields"]
        if item["model"] == "bouwstenen.framework":
            fields.update(slug=slug, name_nl=name_nl, version="2027", lineage=lineage)
        for key in ("framework", "niveau", "rol", "bouwsteen"):
            if key in fields:
                fields[key][0] = slug
    path = tmp_path / f"{slug}.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_a_newer_shipped_version_arrives_unpublished_beside_the_edited_one(framework, tmp_path):
    new = shipped_model_load(
        fixture=newer_version(tmp_path, "borgingshuis-2027", framework.name_nl)
    )

    assert new.is_published is False
    assert Framework.objects.get(pk=new.pk).is_published is False
    assert Framework.objects.get(pk=new.pk).lineage == framework.lineage == "borgingshuis"
    assert Framework.objects.get(pk=framework.pk).is_published
    assert Bouwsteen.objects.filter(framework=new).count() == 11
    assert shipped_model_load(fixture=newer_version(tmp_path, "borgingshuis-2027", "x")) is None


def test_a_new_model_arrives_published_in_its_own_lineage(framework, tmp_path):
    new = shipped_model_load(
        fixture=newer_version(tmp_path, "ander-model", "Een ander model", lineage="")
    )

    assert new.is_published
    assert Framework.objects.get(pk=new.pk).lineage == "ander-model"


def test_a_renamed_newer_version_joins_its_lineage(framework, tmp_path):
    new = shipped_model_load(
        fixture=newer_version(tmp_path, "borgingshuis-2027", "Het Borgingshuis, herzien")
    )

    assert Framework.objects.get(pk=new.pk).lineage == framework.lineage
    assert new.is_published is False


def test_unknown_fixture_and_fixture_without_a_model_are_refused(tmp_path):
    with pytest.raises(FileNotFoundError):
        fixture_path("bestaat-niet")
    empty = tmp_path / "leeg.json"
    empty.write_text("[]")
    with pytest.raises(ValueError):
        shipped_model_load(fixture=str(empty))


@pytest.mark.parametrize("name", SHIPPED_MODELS)
def test_every_shipped_text_has_dutch_and_english(name):
    data = json.loads(fixture_path(name).read_text())
    for item in data:
        dutch = {k[:-3]: v for k, v in item["fields"].items() if k.endswith("_nl")}
        assert dutch, item["model"]
        for field, text in dutch.items():
            assert text.strip(), (item, field)
            assert item["fields"][f"{field}_en"].strip(), (item, field)
