"""A model is data only: a made-up third model with another grid (2 niveaus by 4 rollen,
7 bouwstenen), loaded from a fixture, runs a whole round without a line of code for it:
questionnaire, report page and PDF, in Dutch and in English."""

import io
import json

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from assessments.models import Respondent
from assessments.rounds.services import round_close, round_create, round_open
from bouwstenen.house import layout_house
from bouwstenen.loading import shipped_model_load
from tests.factories import niveau_post
from tests.tasks import download_pdf

pytestmark = pytest.mark.django_db

SLUG = "verzonnen-2030"
NIVEAUS = ["wijk", "stad"]
ROLLEN = ["bewoners", "raad", "ambtenaren", "partners"]
# number -> (niveau, rol): 7 bouwstenen, two in one cell, two cells empty
GRID = {
    1: ("wijk", "bewoners"),
    2: ("wijk", "bewoners"),
    3: ("wijk", "raad"),
    4: ("wijk", "partners"),
    5: ("stad", "raad"),
    6: ("stad", "ambtenaren"),
    7: ("stad", "partners"),
}


def made_up_fixture(path):
    fw = [SLUG]
    items = [
        {
            "model": "bouwstenen.framework",
            "fields": {
                "slug": SLUG,
                "name_nl": "Verzonnen Stadsmodel",
                "name_en": "Made-up City Model",
                "version": "2030",
                "intro_nl": "Een verzonnen model.",
                "intro_en": "A made-up model.",
                "is_published": True,
            },
        }
    ]
    for kind, codes in (("niveau", NIVEAUS), ("rol", ROLLEN)):
        for order, code in enumerate(codes, 1):
            items.append(
                {
                    "model": f"bouwstenen.{kind}",
                    "fields": {
                        "framework": fw,
                        "code": code,
                        "name_nl": f"NL-{code}",
                        "name_en": f"EN-{code}",
                        "description_nl": f"Omschrijving {code}",
                        "description_en": f"Description {code}",
                        "order": order,
                    },
                }
            )
    for value in range(1, 6):
        items.append(
            {
                "model": "bouwstenen.scalelevel",
                "fields": {
                    "framework": fw,
                    "value": value,
                    "label_nl": f"Trede {value}",
                    "label_en": f"Step {value}",
                    "meaning_nl": f"Betekenis {value}",
                    "meaning_en": f"Meaning {value}",
                },
            }
        )
    for number, (niveau, rol) in GRID.items():
        items.append(
            {
                "model": "bouwstenen.bouwsteen",
                "fields": {
                    "framework": fw,
                    "number": number,
                    "title_nl": f"Verzonnen bouwsteen {number}",
                    "title_en": f"Made-up block {number}",
                    "short_title_nl": f"Kort {number}",
                    "short_title_en": f"Short {number}",
                    "description_nl": f"Tekst {number}",
                    "description_en": f"Text {number}",
                    "niveau": [SLUG, niveau],
                    "rol": [SLUG, rol],
                    "order": number,
                },
            }
        )
        items.append(
            {
                "model": "bouwstenen.reflectionquestion",
                "fields": {
                    "bouwsteen": [SLUG, number],
                    "text_nl": f"Vraag bij {number}?",
                    "text_en": f"Question about {number}?",
                    "order": 1,
                },
            }
        )
    path.write_text(json.dumps(items))
    return str(path)


@pytest.fixture
def made_up(tmp_path, framework):
    return shipped_model_load(fixture=made_up_fixture(tmp_path / "verzonnen.json"))


def test_made_up_model_draws_its_own_two_by_four_house(made_up):
    rollen = [(r.code, r.name) for r in made_up.rol_set.order_by("order")]
    niveaus = [(n.code, n.name) for n in made_up.niveau_set.order_by("order")]
    house = layout_house(niveaus, rollen, [])

    assert [c.code for c in house.columns] == ROLLEN
    assert [f.code for f in house.floors] == list(reversed(NIVEAUS))  # the first at the bottom


def test_made_up_model_runs_a_round_questionnaire_report_and_pdf(
    client, organisation, coordinator, made_up
):
    round = round_create(
        organisation=organisation,
        framework=made_up,
        name="Stadsscan",
        deadline=None,
        created_by=coordinator,
    )
    round = round_open(round=round)
    rollen = {rol.code: rol for rol in made_up.rol_set.all()}
    for index, rol in enumerate(ROLLEN * 3):
        respondent = Respondent.objects.create(round=round, email=f"p{index}@example.org")
        with translation.override("en" if index % 2 else "nl"):
            rol_url = reverse("assessments:questionnaire-rol", args=[respondent.token])
            page = client.get(rol_url).content.decode()
            assert ("EN-partners" if index % 2 else "NL-partners") in page
            response = client.post(rol_url, {"rol": rollen[rol].pk, "function": ""})
            for niveau in NIVEAUS:
                assert response.status_code == 302, response.content.decode()[:2000]
                url = reverse("assessments:questionnaire-niveau", args=[respondent.token, niveau])
                page = client.get(url).content.decode()
                numbers = [n for n, (where, _rol) in GRID.items() if where == niveau]
                expected = "Made-up block" if index % 2 else "Verzonnen bouwsteen"
                assert all(f"{expected} {n}" in page for n in numbers)
                levels = dict.fromkeys(numbers, 1 + index % 5)
                data = niveau_post(round, niveau, levels=levels, desired=dict.fromkeys(numbers, 5))
                response = client.post(url, {**data, "next": "1"})
            summary = reverse("assessments:questionnaire-summary", args=[respondent.token])
            assert client.post(summary).status_code == 302
    assert round.respondents.submitted().count() == 12
    round = round_close(round=round)

    client.force_login(coordinator)
    for language, title, dutch in (
        ("nl", "Verzonnen bouwsteen 7", None),
        ("en", "Made-up block 7", "Verzonnen"),
    ):
        with translation.override(language):
            report_url = reverse("assessments:round-report", args=[round.pk])
            pdf_url = reverse("assessments:round-report-pdf", args=[round.pk])
        page = client.get(report_url).content.decode()
        assert title in page
        assert all(f"{language.upper()}-{code}" in page for code in ROLLEN)
        if dutch:
            assert dutch not in page
    reader = PdfReader(io.BytesIO(download_pdf(client, pdf_url)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "Made-up block 7" in text and "7 building blocks" in text
