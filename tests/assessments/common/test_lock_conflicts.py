"""A deadlock or serialization failure is retried once by the services and otherwise answered
503 "try again" in Dutch, never 500 (assessments/common/lock_conflicts.py)."""

import json

import pytest
from django.db import OperationalError, transaction
from django.test import Client
from django.urls import reverse

from assessments.common.lock_conflicts import is_lock_conflict, retry_once_on_lock_conflict
from assessments.models import Round
from tests.factories import make_respondent, make_round

BUSY = "Het was even te druk: er is niets opgeslagen of veranderd."


class DriverError(Exception):
    """Stands for psycopg's error, which Django wraps in OperationalError as its cause."""

    def __init__(self, sqlstate):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def database_error(sqlstate):
    try:
        raise OperationalError("deadlock detected") from DriverError(sqlstate)
    except OperationalError as error:
        return error


@pytest.mark.parametrize(
    ("error", "conflict"),
    [
        (database_error("40P01"), True),  # deadlock_detected
        (database_error("40001"), True),  # serialization_failure
        (database_error("53300"), False),  # too_many_connections: not a lock conflict
        (OperationalError("database is locked"), False),
        (ValueError("40P01"), False),
    ],
)
def test_only_deadlocks_and_serialization_failures_are_lock_conflicts(error, conflict):
    assert is_lock_conflict(error) is conflict


def flaky(failures):
    calls = []

    @retry_once_on_lock_conflict
    def service():
        calls.append(len(calls))
        if len(calls) <= failures:
            raise database_error("40P01")
        return "done"

    return service, calls


def test_a_service_runs_once_more_after_a_lock_conflict():
    service, calls = flaky(failures=1)
    assert service() == "done" and calls == [0, 1]


def test_a_second_lock_conflict_is_not_retried_again():
    service, calls = flaky(failures=2)
    with pytest.raises(OperationalError):
        service()
    assert calls == [0, 1]


@pytest.mark.django_db
def test_inside_an_outer_transaction_nothing_is_retried():
    service, calls = flaky(failures=1)
    with pytest.raises(OperationalError), transaction.atomic():
        service()
    assert calls == [0]


@pytest.fixture
def open_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


def deadlocking(*args, **kwargs):
    raise database_error("40P01")


def test_an_autosave_that_keeps_meeting_a_deadlock_answers_503_json_in_dutch(
    open_round, monkeypatch
):
    from assessments.questionnaire import views

    monkeypatch.setattr(views, "answers_save_by_token", deadlocking)
    respondent = make_respondent(round=open_round, rol="managers")
    body = {"niveau": "gesprek", "answers": []}
    link = reverse("assessments:questionnaire-autosave", args=[respondent.token])

    response = Client(raise_request_exception=False).post(
        link, json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 503 and response["Retry-After"] == "2"
    assert response.json()["ok"] is False and response.json()["message"].startswith(BUSY)


def test_closing_answering_that_keeps_meeting_a_deadlock_answers_503_page_in_dutch(
    client, coordinator, open_round, monkeypatch
):
    from assessments.rounds.views import rounds

    monkeypatch.setattr(rounds, "round_answers_close", deadlocking)
    client.force_login(coordinator)
    client.raise_request_exception = False

    response = client.post(reverse("assessments:round-answers-close", args=[open_round.pk]))

    assert response.status_code == 503
    assert BUSY in response.content.decode() and "Probeer het opnieuw" in response.content.decode()
    assert Round.objects.get(pk=open_round.pk).status == Round.Status.OPEN


def test_any_other_database_error_still_reaches_the_error_page(
    client, coordinator, open_round, monkeypatch
):
    from assessments.rounds.views import rounds

    def broken(*args, **kwargs):
        raise database_error("53300")

    monkeypatch.setattr(rounds, "round_answers_close", broken)
    client.force_login(coordinator)
    client.raise_request_exception = False

    response = client.post(reverse("assessments:round-answers-close", args=[open_round.pk]))

    assert response.status_code == 500


def test_the_message_is_translated_for_english_pages():
    from django.utils import translation

    from assessments.common.lock_conflicts import busy_message

    with translation.override("en"):
        assert busy_message().startswith("It was too busy for a moment: nothing was saved")
