"""Making a rode draad: its rules on the rounds, its figures read from the releases only, and
its being append-only."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Onderdeel, RodeDraad
from assessments.rodedraad.services import rode_draad_create
from tests.factories import make_round

from .scans import make_part, make_scan


@pytest.fixture
def three_projects(organisation, framework):
    """Three project scans: bouwsteen 1 a knelpunt in all three (level 2), bouwsteen 2 apart
    (1 in Woonvisie, 4 elsewhere), bouwsteen 3 not asked by Omgevingsvisies."""
    woon = make_part(organisation, "Woonvisie")
    energie = make_part(organisation, "Energietransitie")
    omgeving = make_part(organisation, "Omgevingsvisies")
    return [
        make_scan(
            organisation, framework, "Scan woonvisie", onderdeel=woon, levels={1: 2, 2: 1}, day=1
        ),
        make_scan(
            organisation, framework, "Scan energie", onderdeel=energie, levels={1: 2, 2: 4}, day=2
        ),
        make_scan(
            organisation,
            framework,
            "Scan omgeving",
            onderdeel=omgeving,
            levels={1: 2, 2: 4},
            asked=[1, 2, 4, 5, 6, 7, 8, 9, 10, 11],
            day=3,
        ),
    ]


def test_a_rode_draad_counts_in_how_many_scans_a_knelpunt_recurs(
    organisation, coordinator, three_projects
):
    rode_draad = rode_draad_create(
        organisation=organisation,
        name="Projecten 2026",
        rounds=three_projects,
        created_by=coordinator,
    )

    figures = RodeDraad.objects.get(pk=rode_draad.pk).figures
    first = next(item for item in figures["knelpunten"] if item["number"] == 1)
    assert (len(first["parts"]), first["shown"]) == (3, 3)
    # bouwsteen 2: level 1 is a knelpunt in Woonvisie only; 4 -> 4 elsewhere is none
    second = next(item for item in figures["knelpunten"] if item["number"] == 2)
    assert (second["parts"], second["shown"]) == ([0], 3)
    assert [part["name"] for part in figures["parts"]] == [
        "Scan woonvisie",
        "Scan energie",
        "Scan omgeving",
    ]
    assert list(rode_draad.rounds.order_by("pk")) == sorted(three_projects, key=lambda r: r.pk)


def test_a_bouwsteen_a_scan_did_not_ask_is_not_asked_never_a_zero(organisation, three_projects):
    rode_draad = rode_draad_create(
        organisation=organisation, name="Projecten", rounds=three_projects
    )

    third = rode_draad.figures["parts"][2]["figures"]["3"]
    assert third == {"asked": False, "hidden": False, "current": None, "desired": None}
    knelpunt_3 = [item for item in rode_draad.figures["knelpunten"] if item["number"] == 3]
    assert knelpunt_3 == [] or knelpunt_3[0]["shown"] == 2


def test_parts_whose_medians_lie_one_and_a_half_apart_differ(organisation, three_projects):
    rode_draad = rode_draad_create(
        organisation=organisation, name="Projecten", rounds=three_projects
    )

    (difference,) = [item for item in rode_draad.figures["differences"] if item["number"] == 2]
    assert (difference["low"], difference["high"], difference["low_part"]) == (1.0, 4.0, 0)
    assert all(item["number"] != 1 for item in rode_draad.figures["differences"])


def test_a_hidden_figure_stays_hidden_and_counts_for_nothing(
    organisation, framework, three_projects
):
    # three people count, only one of them answered bouwsteen 1
    small = make_scan(organisation, framework, "Klein team", levels={1: [1, None, None]}, day=4)

    rode_draad = rode_draad_create(
        organisation=organisation, name="Met klein team", rounds=[*three_projects, small]
    )

    part = rode_draad.figures["parts"][3]
    assert part["figures"]["1"]["hidden"] is True and part["figures"]["1"]["current"] is None
    first = next(item for item in rode_draad.figures["knelpunten"] if item["number"] == 1)
    assert (len(first["parts"]), first["shown"]) == (3, 3)


def test_its_figures_are_read_from_the_stored_releases_never_from_answers(
    organisation, three_projects, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        rode_draad_create(organisation=organisation, name="Projecten", rounds=three_projects)

    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "assessments_answer" not in sql
    assert "assessments_storedrelease" in sql


@pytest.mark.parametrize(
    "choose, message",
    [
        (lambda rounds, other, concept, copy: rounds[:1], "Kies minstens twee gesloten rondes."),
        (
            lambda rounds, other, concept, copy: [*rounds[:2], other],
            "Kies alleen rondes van je eigen organisatie.",
        ),
        (
            lambda rounds, other, concept, copy: [*rounds[:2], 999999],
            "Kies alleen rondes van je eigen organisatie.",
        ),
        (
            lambda rounds, other, concept, copy: [*rounds[:2], concept],
            "Nog niet gesloten: Scan in de maak.",
        ),
        (lambda rounds, other, concept, copy: [*rounds[:2], copy], "Kies rondes van één model."),
    ],
    ids=["one", "other-organisation", "unknown", "not-closed", "two-models"],
)
def test_the_rounds_must_be_two_or_more_closed_rounds_of_the_organisation_on_one_model(
    organisation, other_organisation, framework, three_projects, choose, message
):
    from bouwstenen.models import Framework

    other = make_scan(other_organisation, framework, "Scan elders", levels={1: 3})
    concept = make_round(
        organisation=organisation, framework=framework, name="Scan in de maak", status="open"
    )
    democratie = Framework.objects.create(
        slug="democratische-waarden", name="Democratische waarden", version="1"
    )
    copy = make_round(organisation=organisation, framework=democratie, name="Andere scan")
    copy.status = "closed"
    Copy = type(copy)
    Copy.objects.filter(pk=copy.pk).update(status="closed")

    with pytest.raises(ValidationError) as raised:
        rode_draad_create(
            organisation=organisation,
            name="Fout",
            rounds=choose(three_projects, other, concept, copy),
        )

    assert any(message in text for text in raised.value.message_dict["rounds"])
    assert not RodeDraad.objects.exists()
    assert "Scan elders" not in str(raised.value)


def test_a_rode_draad_is_append_only_in_model_and_queryset(organisation, three_projects):
    rode_draad = rode_draad_create(
        organisation=organisation, name="Projecten", rounds=three_projects
    )

    rode_draad.name = "Anders"
    with pytest.raises(RuntimeError):
        rode_draad.save()
    with pytest.raises(RuntimeError):
        rode_draad.delete()
    with pytest.raises(RuntimeError):
        RodeDraad.objects.filter(pk=rode_draad.pk).update(figures={})
    with pytest.raises(RuntimeError):
        RodeDraad.objects.filter(pk=rode_draad.pk).delete()
    assert RodeDraad.objects.get(pk=rode_draad.pk).name == "Projecten"


def test_the_admin_may_look_at_a_rode_draad_but_never_change_it(
    admin_client, organisation, three_projects
):
    rode_draad = rode_draad_create(
        organisation=organisation, name="Projecten", rounds=three_projects
    )

    assert (
        admin_client.get(
            reverse("admin:assessments_rodedraad_change", args=[rode_draad.pk])
        ).status_code
        == 200
    )
    assert (
        admin_client.post(
            reverse("admin:assessments_rodedraad_delete", args=[rode_draad.pk])
        ).status_code
        == 403
    )
    assert RodeDraad.objects.filter(pk=rode_draad.pk).exists()


def test_a_part_of_kind_gemeente_is_named_with_its_kind(organisation, framework):
    rounds = [
        make_scan(
            organisation,
            framework,
            f"Scan {name}",
            onderdeel=make_part(organisation, name, Onderdeel.Kind.GEMEENTE),
            levels={1: 3},
            day=day,
        )
        for day, name in enumerate(["Aadorp", "Beedorp"], start=1)
    ]

    rode_draad = rode_draad_create(organisation=organisation, name="Gemeenten", rounds=rounds)

    assert [part["onderdeel"] for part in rode_draad.figures["parts"]] == ["Aadorp", "Beedorp"]
    assert {part["kind"] for part in rode_draad.figures["parts"]} == {"gemeente"}
