"""The rode draad's pages: making one (coordinators), reading it (coordinators and lezers),
its workbook, its link from the rounds overview, bad input and other organisations."""

import io
import re

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.models import Membership, RodeDraad
from assessments.rodedraad.services import rode_draad_create
from tests.conftest import make_member
from tests.dutch_words import dutch_words
from tests.factories import make_action
from tests.tasks import download_pdf

from .scans import make_part, make_scan


@pytest.fixture
def projects(organisation, framework):
    """Three closed project scans: bouwsteen 1 at level 2 everywhere, bouwsteen 2 at 1 in
    Woonvisie and 4 elsewhere, bouwsteen 3 not asked by Omgevingsvisies."""
    scans = []
    for day, (name, second, asked) in enumerate(
        [
            ("Woonvisie", 1, ()),
            ("Energietransitie", 4, ()),
            ("Omgevingsvisies", 4, [1, 2, 4, 5, 6, 7, 8, 9, 10, 11]),
        ],
        start=1,
    ):
        scans.append(
            make_scan(
                organisation,
                framework,
                f"Scan {name.lower()}",
                onderdeel=make_part(organisation, name),
                levels={1: 2, 2: second},
                asked=asked,
                day=day,
            )
        )
    return scans


@pytest.fixture
def rode_draad(organisation, coordinator, projects):
    return rode_draad_create(
        organisation=organisation, name="Projecten 2026", rounds=projects, created_by=coordinator
    )


def create_url(organisation):
    return reverse("assessments:rode-draad-create", args=[organisation.slug])


def page_url(rode_draad, name="assessments:rode-draad"):
    return reverse(name, args=[rode_draad.organisation.slug, rode_draad.pk])


def test_a_coordinator_makes_a_rode_draad_by_choosing_rounds(
    client, coordinator, organisation, projects
):
    client.force_login(coordinator)
    form = client.get(create_url(organisation))
    assert form.status_code == 200
    html = form.content.decode()
    assert "<fieldset" in html and all(f'value="{round.pk}"' in html for round in projects)

    response = client.post(
        create_url(organisation), {"name": "Projecten", "rounds": [r.pk for r in projects]}
    )

    rode_draad = RodeDraad.objects.get()
    assert response.status_code == 302 and response.url == page_url(rode_draad)
    assert rode_draad.created_by == coordinator
    page = client.get(response.url).content.decode()
    assert "in 3 van 3 scans" in page
    assert "niet gevraagd" in page


@pytest.mark.parametrize(
    "data, error",
    [
        ({"name": "", "rounds": []}, "Geef de rode draad een naam."),
        ({"name": "X", "rounds": []}, "Kies minstens twee gesloten rondes."),
        ({"name": "X", "rounds": ["abc"]}, "Kies alleen rondes uit de lijst."),
        (
            {"name": "X", "rounds": ["99999999999999999999"]},
            "Kies alleen rondes van je eigen organisatie.",
        ),
        ({"name": "X" * 121, "rounds": []}, "Gebruik hoogstens 120 tekens."),
    ],
    ids=["no-name", "no-rounds", "not-a-number", "huge-number", "long-name"],
)
def test_bad_input_shows_a_dutch_error_next_to_the_field_and_makes_nothing(
    client, coordinator, organisation, projects, data, error
):
    client.force_login(coordinator)

    response = client.post(create_url(organisation), data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not RodeDraad.objects.exists()


def test_one_round_is_refused_next_to_the_rounds_field(client, coordinator, organisation, projects):
    client.force_login(coordinator)

    response = client.post(create_url(organisation), {"name": "X", "rounds": [projects[0].pk]})

    assert response.context["form"].errors["rounds"] == ["Kies minstens twee gesloten rondes."]
    assert not RodeDraad.objects.exists()


def test_a_lezer_reads_the_rode_draad_and_its_workbook_but_cannot_make_one(
    client, colleague, organisation, rode_draad
):
    client.force_login(colleague)

    assert client.get(page_url(rode_draad)).status_code == 200
    assert client.get(page_url(rode_draad, "assessments:rode-draad-workbook")).status_code == 200
    assert client.get(create_url(organisation)).status_code == 404
    listing = client.get(reverse("assessments:rode-draad-list", args=[organisation.slug]))
    assert "Projecten 2026" in listing.content.decode()
    assert "Rode draad maken" not in listing.content.decode()


def test_another_organisation_never_sees_a_rode_draad_nor_uses_its_rounds(
    client, outsider, other_organisation, organisation, rode_draad, projects
):
    client.force_login(outsider)

    for name in [
        "assessments:rode-draad",
        "assessments:rode-draad-workbook",
        "assessments:rode-draad-pdf",
        "assessments:rode-draad-download",
    ]:
        assert client.get(page_url(rode_draad, name)).status_code == 404, name
    for name in ["assessments:rode-draad-list", "assessments:rode-draad-create"]:
        assert client.get(reverse(name, args=[organisation.slug])).status_code == 404
    # the same rode draad id under their own organisation's address
    own = reverse("assessments:rode-draad", args=[other_organisation.slug, rode_draad.pk])
    assert client.get(own).status_code == 404

    response = client.post(
        create_url(other_organisation), {"name": "Buit", "rounds": [r.pk for r in projects]}
    )

    assert response.status_code == 200
    assert "Kies alleen rondes van je eigen organisatie." in response.content.decode()
    assert "Scan woonvisie" not in response.content.decode()
    assert RodeDraad.objects.filter(organisation=other_organisation).count() == 0


def test_a_begeleider_does_not_get_the_rode_draad(client, organisation, rode_draad):
    begeleider = make_member(organisation, "begeleider", Membership.Role.BEGELEIDER)
    client.force_login(begeleider)

    assert client.get(page_url(rode_draad)).status_code == 404


def test_the_page_shows_a_small_house_per_scan_with_a_text_alternative(
    client, coordinator, rode_draad
):
    client.force_login(coordinator)

    html = client.get(page_url(rode_draad)).content.decode()

    houses = re.findall(r'<svg [^>]*aria-labelledby="(rode-draad-house-\d+)-title', html)
    assert houses == ["rode-draad-house-0", "rode-draad-house-1", "rode-draad-house-2"]
    assert 'id="rode-draad-house-2-desc">Knelpunten: 1.' in html
    assert "Niet gevraagd: 3." in html
    assert html.count('<th scope="col">Scan woonvisie</th>') == 1


def test_the_page_names_where_the_scans_differ_and_the_actions_planned_there(
    client, coordinator, rode_draad, projects
):
    make_action(round=projects[0], number=2, title="Leren van Energietransitie")
    make_action(round=projects[0], number=2, title="Al klaar", status="done")
    client.force_login(coordinator)

    html = client.get(page_url(rode_draad)).content.decode()

    differences = html.split('id="rd-differences"')[1].split("</section>")[0]
    assert "1 (Scan woonvisie)" in differences and "4 (Scan energietransitie)" in differences
    actions = html.split('id="rd-actions"')[1]
    assert "Leren van Energietransitie" in actions and "Al klaar" not in actions


def test_the_workbook_holds_the_same_figures_and_not_asked_where_a_scan_did_not_ask(
    client, coordinator, rode_draad
):
    client.force_login(coordinator)

    response = client.get(page_url(rode_draad, "assessments:rode-draad-workbook"))

    assert (
        response["Content-Disposition"] == 'attachment; filename="rode-draad-projecten-2026.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Knelpunten", "Per scan", "Verschillen", "Acties"]
    first = list(workbook["Knelpunten"].iter_rows(min_row=2, values_only=True))[0]
    assert first[0] == 1 and first[2:4] == (3, 3)
    rows = list(workbook["Per scan"].iter_rows(min_row=2, values_only=True))
    unasked = [row for row in rows if row[0] == "Scan omgevingsvisies" and row[2] == 3]
    assert unasked == [
        (
            "Scan omgevingsvisies",
            "Omgevingsvisies (project of vraagstuk)",
            3,
            unasked[0][3],
            None,
            None,
            None,
            "nee",
            "niet gevraagd",
        )
    ]


def test_the_rounds_overview_offers_a_rode_draad_with_two_closed_rounds(
    client, coordinator, colleague, organisation, framework
):
    client.force_login(coordinator)
    make_scan(organisation, framework, "Scan een", levels={1: 3})
    assert "Rode draad maken" not in client.get(reverse("assessments:round-list")).content.decode()

    make_scan(organisation, framework, "Scan twee", levels={1: 3}, day=2)

    html = client.get(reverse("assessments:round-list")).content.decode()
    assert f'href="{create_url(organisation)}"' in html
    client.force_login(colleague)
    assert "Rode draad maken" not in client.get(reverse("assessments:round-list")).content.decode()


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|title)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_english_page_shows_no_dutch_word(client, coordinator, rode_draad):
    client.force_login(coordinator)

    html = client.get("/en" + page_url(rode_draad)).content.decode()

    assert dutch_words(visible_text(html), TYPED) == []
    assert "in 3 of 3 scans" in html


TYPED = [
    "Projecten 2026",
    "Scan woonvisie",
    "Scan energietransitie",
    "Scan omgevingsvisies",
    "Woonvisie",
    "Energietransitie",
    "Omgevingsvisies",
    "Gemeente Testdorp",
]


def test_the_english_pdf_is_made_in_the_worker_and_shows_no_dutch_word(
    client, coordinator, rode_draad
):
    DBTaskResult.objects.all().delete()  # the scans' own report PDFs, queued when they closed
    client.force_login(coordinator)
    url = "/en" + page_url(rode_draad, "assessments:rode-draad-pdf")

    pdf = download_pdf(client, url, url.removesuffix(".pdf") + "/pdf/")

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Common thread: Projecten 2026" in " ".join(text.split())
    assert dutch_words(text, TYPED) == []


def test_an_address_with_a_huge_or_unknown_number_is_a_404(client, coordinator, organisation):
    client.force_login(coordinator)

    for pk in (99999999999999999999999, 123456):
        response = client.get(f"/organisaties/{organisation.slug}/rode-draad/{pk}/")
        assert response.status_code == 404
