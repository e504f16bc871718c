"""A person's PDF never waits behind the renders the system queued by itself
(assessments/common/render_queue.py): it is queued on the users' queue at a higher priority,
a background render of the same PDF is moved ahead rather than rendered twice, and the page
says honestly how it stands when no worker takes it."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from assessments.common import stored_pdf
from assessments.common.render_queue import (
    BACKGROUND_PRIORITY,
    USER_PRIORITY,
    USER_QUEUE,
    render_promote,
)
from assessments.models import RenderedReport
from assessments.reporting.pdf import pdf_render_request, pdf_renders_request
from tests.factories import make_action, make_scored_round
from tests.tasks import run_tasks


def pdf_url(round):
    return reverse("assessments:round-report-pdf", args=[round.pk])


def download_url(round):
    return reverse("assessments:round-report-download", args=[round.pk])


def next_claimed() -> DBTaskResult:
    """The task a worker for every queue takes next: django-tasks-db's own query."""
    with transaction.atomic():
        return DBTaskResult.objects.ready().filter(backend_name="default").get_locked()


@pytest.fixture
def backlog(organisation, framework):
    """Twenty rounds whose PDFs the system queued for rendering (an action changed each)."""
    rounds = [
        make_scored_round(organisation=organisation, framework=framework, name=f"Ronde {n}")
        for n in range(20)
    ]
    for round in rounds:
        make_action(round=round, number=1)
    assert DBTaskResult.objects.ready().count() == 20
    return rounds


def test_the_system_queues_its_renders_at_a_low_priority_on_the_default_queue(backlog):
    priorities = set(DBTaskResult.objects.values_list("priority", "queue_name"))
    assert priorities == {(BACKGROUND_PRIORITY, "default")}


def test_a_pdf_asked_for_after_twenty_background_renders_is_taken_first(
    client, colleague, organisation, framework, backlog, no_render
):
    client.force_login(colleague)
    round = make_scored_round(organisation=organisation, framework=framework, name="Gevraagd")

    assert client.get(pdf_url(round)).status_code == 302

    task = next_claimed()
    assert task.args_kwargs["args"] == [round.pk, "nl"]
    assert (task.priority, task.queue_name) == (USER_PRIORITY, USER_QUEUE)


def test_asking_for_a_pdf_the_system_queued_moves_that_render_ahead_without_a_second_one(
    client, colleague, backlog, no_render
):
    client.force_login(colleague)
    last = backlog[-1]

    client.get(pdf_url(last))
    client.get(download_url(last))

    assert DBTaskResult.objects.count() == 20  # the same render, not a second
    task = next_claimed()
    assert task.args_kwargs["args"] == [last.pk, "nl"]
    assert (task.priority, task.queue_name) == (USER_PRIORITY, USER_QUEUE)


def test_the_download_page_alone_moves_a_waiting_background_render_ahead(
    client, colleague, backlog, no_render
):
    client.force_login(colleague)
    last = backlog[-1]

    html = client.get(download_url(last)).content.decode()

    assert next_claimed().args_kwargs["args"] == [last.pk, "nl"]
    assert "taak voor" not in html and "taken voor" not in html


def test_clicking_twice_and_a_change_meanwhile_queue_one_render_that_stays_ahead(
    client, colleague, organisation, framework, no_render
):
    client.force_login(colleague)
    round = make_scored_round(organisation=organisation, framework=framework)

    client.get(pdf_url(round))
    client.get(pdf_url(round))
    pdf_renders_request(round.pk)  # the system's re-render after a change, while it waits

    [task] = DBTaskResult.objects.all()
    assert (task.priority, task.queue_name) == (USER_PRIORITY, USER_QUEUE)


def test_a_render_a_worker_took_already_is_not_moved(organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    row = pdf_render_request(round_id=round.pk, language="nl")
    task = DBTaskResult.objects.get()
    task.claim("busy-worker")

    assert not render_promote(row.task_id)
    assert not render_promote("")  # a row without a task id
    task.refresh_from_db()
    assert task.priority == BACKGROUND_PRIORITY


def test_a_promoted_render_renders_once_and_is_served(client, colleague, backlog):
    client.force_login(colleague)
    last = backlog[-1]
    client.get(pdf_url(last))

    run_tasks(limit=1)  # the worker's first task is the one asked for

    response = client.get(pdf_url(last))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert RenderedReport.objects.filter(fingerprint="").count() == 19  # the rest still wait


def test_without_a_worker_and_fifty_renders_queued_the_page_says_it_is_made_and_no_500(
    client, colleague, organisation, framework, no_render
):
    client.force_login(colleague)
    for n in range(50):
        round = make_scored_round(organisation=organisation, framework=framework, name=f"R{n}")
        pdf_render_request(round_id=round.pk, language="nl")
    round = make_scored_round(organisation=organisation, framework=framework, name="Gevraagd")

    response = client.get(pdf_url(round))
    assert response.status_code == 302
    html = client.get(download_url(round)).content.decode()

    assert "Het borgingsrapport wordt gemaakt." in html
    assert "Stap 1 van 3: in de wachtrij" in html
    assert "taken voor" not in html  # the fifty background renders are not in its way
    assert "langer dan normaal" not in html


def test_a_render_that_waits_longer_than_usual_says_so_and_asks_nothing_again(
    client, colleague, organisation, framework, no_render
):
    client.force_login(colleague)
    round = make_scored_round(organisation=organisation, framework=framework)
    client.get(pdf_url(round))
    long_ago = timezone.now() - stored_pdf.RENDER_LATE_AFTER - datetime.timedelta(seconds=1)
    RenderedReport.objects.filter(round=round).update(queued_at=long_ago)

    html = client.get(download_url(round)).content.decode()

    assert "Het duurt langer dan normaal." in html
    assert "je hoeft hem niet opnieuw aan te vragen" in html
    assert DBTaskResult.objects.count() == 1


def test_the_english_page_says_a_late_render_in_english(
    client, colleague, organisation, framework, no_render
):
    client.force_login(colleague)
    round = make_scored_round(organisation=organisation, framework=framework)
    with translation.override("en"):
        client.get(pdf_url(round))
        long_ago = timezone.now() - stored_pdf.RENDER_LATE_AFTER - datetime.timedelta(seconds=1)
        RenderedReport.objects.filter(round=round, language="en").update(queued_at=long_ago)
        html = client.get(download_url(round)).content.decode()

    assert "This is taking longer than usual." in html
