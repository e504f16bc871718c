"""A respondent's reopen and every download (CSV, workbooks, PDFs) are in the logboek."""

import pytest
from django.urls import reverse

from assessments.audit.models import AuditEntry
from assessments.models import RenderedReport
from assessments.questionnaire.services import respondent_reopen
from assessments.rounds.services import round_close
from tests.factories import make_round, make_scored_round, make_submitted_respondent
from tests.tasks import run_tasks

Action = AuditEntry.Action


def test_a_respondents_reopen_is_in_the_logboek(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_submitted_respondent(round=round, rol="bestuur", levels={1: 3})

    assert respondent_reopen(respondent=respondent)
    assert not respondent_reopen(respondent=respondent)  # not sent: nothing to log

    [entry] = AuditEntry.objects.filter(action=Action.RESPONDENT_REOPEN)
    assert (entry.organisation, entry.round, entry.respondent) == (organisation, round, respondent)
    assert entry.subject == "door de respondent zelf, via de eigen link"


@pytest.fixture
def closed_round(organisation, framework):
    return round_close(round=make_scored_round(organisation=organisation, framework=framework))


@pytest.mark.parametrize(
    ("name", "what"),
    [("round-report-csv", "cijfers (CSV)"), ("round-report-xlsx", "cijfers (Excel)")],
)
def test_a_lezers_download_of_the_figures_is_in_the_logboek(
    client, colleague, closed_round, name, what
):
    client.force_login(colleague)

    assert client.get(reverse(f"assessments:{name}", args=[closed_round.pk])).status_code == 200

    [entry] = AuditEntry.objects.filter(action=Action.DOWNLOAD)
    assert (entry.actor, entry.round, entry.subject) == (colleague, closed_round, what)


def test_the_organisations_workbook_download_is_in_the_logboek(client, colleague, organisation):
    client.force_login(colleague)

    url = reverse("assessments:organisation-workbook", args=[organisation.slug])
    assert client.get(url).status_code == 200

    [entry] = AuditEntry.objects.filter(action=Action.DOWNLOAD)
    assert (entry.organisation, entry.subject) == (
        organisation,
        "ontwikkeling en actieplan (Excel)",
    )


def test_a_pdf_is_logged_when_served_not_while_it_is_being_made(client, colleague, closed_round):
    RenderedReport.objects.all().delete()
    client.force_login(colleague)
    url = reverse("assessments:round-report-pdf", args=[closed_round.pk])

    assert client.get(url).status_code == 302  # the download page: not downloaded yet
    assert not AuditEntry.objects.filter(action=Action.DOWNLOAD).exists()
    run_tasks()
    assert client.get(url).status_code == 200

    [entry] = AuditEntry.objects.filter(action=Action.DOWNLOAD)
    assert (entry.actor, entry.subject) == (colleague, "borgingsrapport (PDF)")


def test_an_outsider_downloads_nothing_and_nothing_is_logged(client, outsider, closed_round):
    client.force_login(outsider)

    for name in ("round-report-csv", "round-report-xlsx", "round-report-pdf"):
        assert client.get(reverse(f"assessments:{name}", args=[closed_round.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action=Action.DOWNLOAD).exists()
