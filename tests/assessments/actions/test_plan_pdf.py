"""The action plan's PDF is made in the task worker, never in a web request, and stored per
organisation and language; a request serves the stored one while its plan key still fits."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments.actions import plan_pdf
from assessments.actions.plan_pdf import plan_key, render_plan_html
from assessments.actions.services import action_delete, action_progress_add, action_save
from assessments.models import RenderedActionPlan
from tests.factories import make_action, make_round
from tests.tasks import queued, run_tasks, served_pdf

JUNE = datetime.datetime(2027, 6, 1, 10, tzinfo=datetime.UTC)


@pytest.fixture
def plan_round(organisation, framework):
    """An open round with two actions, one overdue from 1 March 2027; the round's own PDF
    renders they queued are done with, so only the plan's count."""
    round = make_round(
        organisation=organisation, framework=framework, name="Scan 2027", status="open"
    )
    make_action(round=round, title="Training", due_date=datetime.date(2027, 3, 1))
    make_action(round=round, number=7, title="Leidraad", line="ontwikkelen")
    for task in queued():
        task.delete()
    return round


@pytest.fixture
def june():
    with time_machine.travel(JUNE, tick=False) as clock:
        yield clock


def pdf_url(organisation):
    return reverse("assessments:action-plan-pdf", args=[organisation.slug])


def download_url(organisation):
    return reverse("assessments:action-plan-download", args=[organisation.slug])


def plan_renders():
    return [task for task in queued() if task.task_path.endswith(".render_action_plan_pdf")]


def store_current_plan(organisation, language="nl"):
    """A stored plan PDF that fits the plan as it is now, without rendering one."""
    key = plan_key(organisation, language, timezone.localdate())
    return RenderedActionPlan.objects.create(
        organisation=organisation,
        language=language,
        fingerprint=key,
        pdf=b"%PDF- stored",
        rendered_at=timezone.now(),
    )


def test_a_plan_pdf_request_never_renders_it_queues_a_render_and_shows_the_download_page(
    client, colleague, organisation, plan_round, no_render, june, django_assert_max_num_queries
):
    client.force_login(colleague)

    # session, user, the organisation scoped to the member; the plan key (the actions'
    # aggregate, the rounds' names); the stored PDF; then queuing the render (its row, the
    # task, the row written)
    with django_assert_max_num_queries(9):
        response = client.get(pdf_url(organisation))

    assert response.status_code == 302
    assert response["Location"] == download_url(organisation)
    # session, user, organisation; the plan key (two); the stored row; its task; the tasks
    # waiting before it; the nav's organisations
    with django_assert_max_num_queries(9):
        response = client.get(download_url(organisation))
    html = response.content.decode()
    assert "Het actieplan wordt gemaakt." in html
    assert 'progress id="pdf-progress" max="3" value="1"' in html
    assert "Stap 1 van 3: in de wachtrij" in html
    assert f'href="{download_url(organisation)}">Vernieuwen</a>' in html
    assert "js/pdf-status.js" in html
    assert "http-equiv" not in html  # no automatic refresh (WCAG 2.2.1)
    [task] = plan_renders()  # the two visits queued one render
    assert task.args_kwargs["args"] == [organisation.pk, "nl"]


def test_the_worker_renders_the_plan_and_the_request_then_serves_it(
    client, colleague, organisation, plan_round, june, django_assert_max_num_queries
):
    client.force_login(colleague)  # a lezer may download it
    assert client.get(pdf_url(organisation)).status_code == 302

    assert run_tasks() == 1  # one WeasyPrint render, in the worker's code

    html = client.get(download_url(organisation)).content.decode()
    assert "Het actieplan is klaar (gemaakt op 1 juni 2027, 12:00)." in html
    assert f'href="{pdf_url(organisation)}" download="actieplan-gemeente-testdorp.pdf"' in html
    # session, user, organisation; the plan key (aggregate, rounds); the stored PDF itself;
    # the download in the logboek
    with django_assert_max_num_queries(7):
        response = client.get(pdf_url(organisation))
    reader = PdfReader(io.BytesIO(served_pdf(response, "actieplan-gemeente-testdorp.pdf")))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "nl"  # tagged, in Dutch
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Actieplan Gemeente Testdorp" in text
    assert "Stand van 1 juni 2027. 2 acties, 1 te laat." in text
    assert "Training" in text and "Leidraad" in text and "Uit Scan 2027" in text
    assert not plan_renders()


def test_a_change_to_an_action_makes_the_plan_stale_and_queues_one_new_render(
    client, coordinator, organisation, plan_round, no_render, june
):
    client.force_login(coordinator)
    store_current_plan(organisation)
    assert client.get(pdf_url(organisation)).content == b"%PDF- stored"
    action = plan_round.actions.get(title="Training")

    action_progress_add(action=action, status="done", note="", user=coordinator)
    response = client.get(pdf_url(organisation))
    action.title = "Training voor iedereen"
    action_save(action=action, user=coordinator)
    again = client.get(pdf_url(organisation))

    assert response.status_code == again.status_code == 302
    assert response["Location"] == download_url(organisation)
    assert len(plan_renders()) == 1  # at most one waits: it reads the newest plan


def test_the_key_is_two_queries_whatever_the_number_of_actions_and_follows_every_change(
    organisation, plan_round, coordinator, june, django_assert_num_queries
):
    for index in range(20):
        make_action(round=plan_round, title=f"Intervisie {index}", line="samen_ervaren")
    today = timezone.localdate()
    # the live actions' count and latest change and history (one aggregate); the names of
    # the organisation's rounds
    with django_assert_num_queries(2):
        key = plan_key(organisation, "nl", today)

    def changed():
        nonlocal key
        new = plan_key(organisation, "nl", timezone.localdate())
        moved, key = new != key, new
        june.shift(1)  # the next change is a second later
        return moved

    assert plan_key(organisation, "en", today) != key
    assert plan_key(organisation, "nl", today + datetime.timedelta(days=1)) != key  # te laat
    june.shift(1)
    action = plan_round.actions.get(title="Training")
    action_progress_add(action=action, status="in_progress", note="", user=coordinator)
    assert changed()
    action_progress_add(action=action, status="in_progress", note="Sam doet het", user=coordinator)
    assert changed()  # a new history entry, the action itself not saved
    action.refresh_from_db()
    action.owner_name = "Sam de Vries"
    action_save(action=action, user=coordinator)
    assert changed()
    action_delete(action=plan_round.actions.get(title="Intervisie 3"))
    assert changed()
    make_action(round=plan_round, title="Nieuw")
    assert changed()
    organisation.name = "Gemeente Testdorp-Oost"
    organisation.save()
    assert changed()
    plan_round.name = "Scan 2027 (voorjaar)"
    plan_round.save()
    assert changed()
    assert not changed()


def test_at_most_one_render_waits_per_organisation_and_language(
    client, colleague, organisation, plan_round, no_render
):
    client.force_login(colleague)

    for _ in range(3):
        client.get(pdf_url(organisation))
        client.get("/en" + pdf_url(organisation))

    assert sorted(task.args_kwargs["args"][1] for task in plan_renders()) == ["en", "nl"]
    assert RenderedActionPlan.objects.filter(organisation=organisation).count() == 2


def test_a_render_that_finds_the_plan_current_does_not_render_again(
    organisation, plan_round, no_render
):
    store_current_plan(organisation)

    assert plan_pdf.plan_pdf_render_stored(organisation_id=organisation.pk, language="nl") == (
        "current"
    )
    assert plan_pdf.plan_pdf_render_stored(organisation_id=0, language="nl") == "gone"
    assert RenderedActionPlan.objects.get().pdf == b"%PDF- stored"


def test_a_lezer_reading_in_english_is_offered_the_stored_english_pdf(
    client, colleague, organisation, plan_round, no_render
):
    client.force_login(colleague)
    store_current_plan(organisation, "en")

    html = client.get("/en" + download_url(organisation)).content.decode()

    assert "The action plan is ready" in html
    assert ">Download the action plan (PDF)</a>" in html
    assert not plan_renders()


def test_the_plan_in_english_says_its_language(organisation, plan_round, june):
    from django.utils import translation

    with translation.override("en"):
        html = render_plan_html(organisation, timezone.localdate())

    assert '<html lang="en">' in html
    assert "Action plan Gemeente Testdorp" in html
    assert "1 overdue" in html


@pytest.mark.parametrize("name", ["action-plan-pdf", "action-plan-download"])
def test_without_logging_in_the_plan_pdf_asks_to_log_in(client, organisation, name):
    response = client.get(reverse(f"assessments:{name}", args=[organisation.slug]))

    assert response.status_code == 302
    assert "/account/login/" in response["Location"]
    assert not RenderedActionPlan.objects.exists()
