import io
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import RenderedReport
from assessments.reporting.fingerprint import report_fingerprint
from assessments.reporting.pdf import render_report_html, report_pdf
from assessments.reporting.report import PRINT_HOUSE, build_report
from assessments.rounds.services import round_close
from bouwstenen.models import Bouwsteen
from tests.factories import make_action, make_round, make_scored_round


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def closed_round(organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    make_action(round=round, number=7, title="Basistraining voor projectleiders")
    return round_close(round=round)


def pdf_url(round):
    return reverse("assessments:round-report-pdf", args=[round.pk])


def test_pdf_is_a4_tagged_with_all_titles_cached_and_exported_the_same(
    client, colleague, closed_round, tmp_path, django_assert_max_num_queries
):
    # One WeasyPrint render for the whole test: the download renders, the rest is cached.
    client.force_login(colleague)

    # session, user, round scoped to the member; the round's data read once (answers,
    # consensus, respondent counts, actions, previous closed round); the cache lookup; then
    # update_or_create stores the PDF (a lookup and an insert, in two savepoints: 6)
    with django_assert_max_num_queries(15):
        response = client.get(pdf_url(closed_round))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="borgingsrapport-gemeente-testdorp-borgingsscan-2026.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    text = " ".join(pdf_text(response.content).split())
    assert "Gemeente Testdorp" in text
    for bouwsteen in Bouwsteen.objects.all():
        assert " ".join(bouwsteen.title.split()) in text, bouwsteen.title
    assert "Basistraining voor projectleiders" in text
    assert "Pagina 2 van" in text
    assert "beheerder kan ze aanpassen" in text

    start = time.perf_counter()
    again, cached = report_pdf(closed_round)
    assert cached
    assert again == response.content
    assert time.perf_counter() - start < 1  # generous: the benchmark measures < 50 ms

    out = StringIO()
    call_command("export_pdf", closed_round.pk, str(tmp_path), stdout=out)
    path = tmp_path / "borgingsrapport-gemeente-testdorp-borgingsscan-2026.pdf"
    assert str(path) in out.getvalue() and "uit de cache" in out.getvalue()
    assert path.read_bytes() == response.content


def test_cached_pdf_is_served_after_reading_the_round_once(
    closed_round, django_assert_max_num_queries
):
    RenderedReport.objects.create(
        round=closed_round, fingerprint=report_fingerprint(closed_round), pdf=b"%PDF- cached"
    )

    # answers, consensus, respondent counts, actions, the previous closed round, the cached
    # PDF: the data is read once (a previous round would add its answers, consensus, actions)
    with django_assert_max_num_queries(6):
        pdf, cached = report_pdf(closed_round)

    assert cached and pdf == b"%PDF- cached"


def test_pdf_draws_only_the_wide_house(closed_round):
    html = render_report_html(build_report(closed_round, house=PRINT_HOUSE))

    assert html.count("<svg") == 1
    assert "house-svg-wide" in html and "house-svg-narrow" not in html


def test_closed_round_pdf_does_not_change_when_an_admin_edits_a_title(closed_round, framework):
    # The PDF is rendered from this HTML and cached by this fingerprint: when neither
    # changes, neither does the PDF.
    def shown():
        report = build_report(closed_round, house=PRINT_HOUSE)
        return render_report_html(report), report_fingerprint(closed_round)

    html, fingerprint = shown()
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=1)
    old_title = bouwsteen.title
    bouwsteen.title = "Een heel nieuwe titel"
    bouwsteen.save()  # what the admin's change form does

    assert shown() == (html, fingerprint)
    assert old_title in html
    assert "Een heel nieuwe titel" not in html


def test_changed_open_round_is_rendered_again(organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    RenderedReport.objects.create(
        round=round, fingerprint=report_fingerprint(round), pdf=b"%PDF- the old one"
    )
    make_action(round=round, number=2, title="Visie herschrijven")

    pdf, cached = report_pdf(round)

    assert not cached
    assert "Visie herschrijven" in pdf_text(pdf)
    assert RenderedReport.objects.get(round=round).pdf == pdf


def test_empty_round_pdf_says_there_are_no_answers(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")

    pdf, _cached = report_pdf(round)

    assert "nog geen ingevulde vragenlijsten" in " ".join(pdf_text(pdf).split())


@pytest.mark.parametrize("user", ["outsider", None])
def test_non_members_get_no_pdf(client, request, closed_round, user):
    if user:
        client.force_login(request.getfixturevalue(user))
    response = client.get(pdf_url(closed_round))
    assert response.status_code == (404 if user else 302)


def test_export_pdf_unknown_round(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_pdf", 999, str(tmp_path / "x.pdf"), stdout=StringIO())
