"""Export and import keep an organisation's parts (onderdelen), each round's scope and a
respondent's gemeente; a file written before parts existed (schema version 1) still reads,
as rounds about the whole organisation that ask every bouwsteen."""

import json

import pytest
from django.core.management import CommandError

from assessments.models import Onderdeel, Respondent, Round
from assessments.organisations.transfer.export import document_bytes
from assessments.organisations.transfer.schema import SCHEMA_VERSION
from assessments.rounds.services import round_close
from tests.assessments.organisations.test_transfer import (
    export_file,
    import_file,
    wipe,
    without_the_import_line,
)
from tests.factories import make_respondent, make_round, make_scored_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation_with_parts(organisation, framework, coordinator):
    team = Onderdeel.objects.create(organisation=organisation, name="Team Wijkzaken")
    oost = Onderdeel.objects.create(
        organisation=organisation, name="Gemeente Oost", kind=Onderdeel.Kind.GEMEENTE
    )
    Onderdeel.objects.create(
        organisation=organisation, name="Project Haven", kind=Onderdeel.Kind.VRAAGSTUK
    )
    closed = make_scored_round(organisation=organisation, framework=framework, per_role=1)
    round_close(round=closed)
    concept = make_round(
        organisation=organisation,
        framework=framework,
        name="Scan Wijkzaken",
        onderdeel=team,
        asked_bouwstenen=[3, 6, 8],
    )
    make_respondent(round=concept, email="wethouder@example.org", rol="bestuur", gemeente=oost)
    return organisation


def test_parts_scopes_and_gemeenten_survive_export_and_import_byte_for_byte(
    tmp_path, organisation_with_parts
):
    first = export_file(tmp_path)
    document = json.loads(first.read_bytes())
    assert document["schema_version"] == SCHEMA_VERSION == 2
    parts = {row["name"]: row for row in document["sections"]["onderdelen"]}
    assert parts["Team Wijkzaken"]["key"] == ["testdorp", "Team Wijkzaken"]
    rounds = {row["name"]: row for row in document["sections"]["rounds"]}
    assert rounds["Scan Wijkzaken"]["onderdeel"] == ["testdorp", "Team Wijkzaken"]
    assert rounds["Scan Wijkzaken"]["asked_bouwstenen"] == [3, 6, 8]
    [named] = [r for r in document["sections"]["respondents"] if r["gemeente"]]
    assert named["gemeente"] == ["testdorp", "Gemeente Oost"]
    wipe(organisation_with_parts)
    assert not Onderdeel.objects.exists()

    import_file(first)

    assert without_the_import_line(export_file(tmp_path, name="again.json")) == first.read_bytes()
    scan = Round.objects.get(name="Scan Wijkzaken")
    assert (scan.onderdeel.name, scan.asked_bouwstenen) == ("Team Wijkzaken", [3, 6, 8])
    assert scan.onderdeel.organisation == scan.organisation
    assert Respondent.objects.get(email="wethouder@example.org").gemeente.name == "Gemeente Oost"
    assert Round.objects.get(name="Borgingsscan 2026").onderdeel is None
    assert sorted(Onderdeel.objects.values_list("name", "kind")) == [
        ("Gemeente Oost", "gemeente"),
        ("Project Haven", "vraagstuk"),
        ("Team Wijkzaken", "team"),
    ]


def test_a_file_of_schema_version_1_reads_as_the_whole_organisation_and_every_bouwsteen(
    tmp_path, organisation, framework
):
    make_scored_round(organisation=organisation, framework=framework, per_role=1)
    document = json.loads(export_file(tmp_path).read_bytes())
    # the file as the previous release wrote it: no parts, no scope, no gemeente
    document["schema_version"] = 1
    del document["sections"]["onderdelen"]
    for row in document["sections"]["rounds"]:
        del row["onderdeel"], row["asked_bouwstenen"]
    for row in document["sections"]["respondents"]:
        del row["gemeente"]
    old = tmp_path / "version-1.json"
    old.write_bytes(document_bytes(document))
    wipe(organisation)

    import_file(old)

    round = Round.objects.get(organisation__slug="testdorp")
    assert (round.onderdeel, round.asked_bouwstenen) == (None, [])
    assert not Onderdeel.objects.exists()
    assert not Respondent.objects.filter(gemeente__isnull=False).exists()


def test_a_part_named_twice_in_a_file_is_refused(tmp_path, organisation_with_parts):
    document = json.loads(export_file(tmp_path).read_bytes())
    parts = document["sections"]["onderdelen"]
    parts.append({**parts[0]})
    bad = tmp_path / "twice.json"
    bad.write_bytes(document_bytes(document))
    wipe(organisation_with_parts)

    with pytest.raises(CommandError, match="komt twee keer voor"):
        import_file(bad)
    assert not Onderdeel.objects.exists()
