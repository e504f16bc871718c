"""Fast by construction: a rode draad over 20 scans of 100 people each takes as many queries
as one over 2, and its PDF (made in the task worker) stays short."""

import io

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from assessments.rodedraad.services import rode_draad_create
from tests.factories import make_action
from tests.tasks import download_pdf

from .scans import make_many_scans


@pytest.fixture
def twenty(organisation, framework):
    rounds = make_many_scans(organisation, framework, 20, people=100)
    make_action(round=rounds[0], number=1, title="Samen leren")
    return rounds


def page_urls(rode_draad):
    args = [rode_draad.organisation.slug, rode_draad.pk]
    return [
        reverse("assessments:rode-draad", args=args),
        reverse("assessments:rode-draad-workbook", args=args),
    ]


def test_making_and_reading_a_rode_draad_takes_as_many_queries_for_20_scans_as_for_2(
    client, coordinator, organisation, twenty, django_assert_max_num_queries
):
    client.force_login(coordinator)
    for rounds in (twenty[:2], twenty):
        # savepoint, the rounds, their stored releases, the insert, the rounds' links (read
        # and written), savepoint released: 8 (measured 8 for 2 and for 20 scans)
        with django_assert_max_num_queries(8):
            rode_draad = rode_draad_create(
                organisation=organisation, name=f"{len(rounds)} scans", rounds=rounds
            )
        for url in page_urls(rode_draad):
            # session, user, the organisation with the role, the rode draad, the actions,
            # and the session's or the workbook's audit write: 6 (measured for 2 and 20)
            with django_assert_max_num_queries(6):
                assert client.get(url).status_code == 200
        # session, user, the organisations, the closed rounds (one query for all): 4
        with django_assert_max_num_queries(4):
            client.get(reverse("assessments:rode-draad-create", args=[organisation.slug]))


def test_the_pdf_of_20_scans_is_made_in_the_worker_and_is_at_most_12_pages(
    client, coordinator, organisation, twenty
):
    DBTaskResult.objects.all().delete()  # the rounds' own report PDFs, queued when they closed
    rode_draad = rode_draad_create(organisation=organisation, name="Twintig teams", rounds=twenty)
    client.force_login(coordinator)
    url = reverse("assessments:rode-draad-pdf", args=[organisation.slug, rode_draad.pk])

    pdf = download_pdf(client, url, url.removesuffix(".pdf") + "/pdf/")

    pages = PdfReader(io.BytesIO(pdf)).pages
    text = " ".join(page.extract_text() for page in pages)
    assert len(pages) <= 12, len(pages)
    assert "Scan team 20" in text and "niet gevraagd" in text
