"""Closing a round while its people are saving: real concurrent requests, each thread with
its own database connection. The invariant under test is the lock order of
assessments/rounds/locking.py: every transaction takes the round's row before a respondent's
row, and a respondent's own save takes only their own row, so a close and the saves in
flight can only wait for each other, never deadlock.

On PostgreSQL the 50 autosaves truly run at once. SQLite's test database lives in memory with a
shared cache, where a second writer gets "table is locked" at once instead of waiting its turn
as it does on a file (IMMEDIATE transactions, settings.py); there the requests take turns, as
the file database would make them, with fewer threads, and the test checks the same promises
about the order in which they were served."""

import contextlib
import json
import threading
import time
from dataclasses import dataclass

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Respondent, Round
from bouwstenen.models import Bouwsteen
from tests.factories import make_answers, make_respondent, make_round

SAVES_AT_MOST = 80  # per saver at full pace: the close comes after two saves each on average


@dataclass
class Saved:
    started: float
    finished: float
    status: int
    body: dict


def threads_for_this_database() -> int:
    return 50 if connection.vendor == "postgresql" else 10


def sent_before(people):
    """A fifth of the savers, and at least the round's group size (3, so the close releases
    figures: rounds/counting.py), sent their questionnaire before the storm (their tabs still
    save, and are refused): the close marks them counted, so it writes their rows."""
    return people[: max(len(people) // 5, 3)]


@pytest.fixture
def storm_round(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    people = [
        make_respondent(round=round, rol=("bestuur", "managers", "adviseurs")[n % 3])
        for n in range(threads_for_this_database())
    ]
    numbers = list(Bouwsteen.objects.filter(framework=framework).values_list("number", flat=True))
    for person in sent_before(people):
        make_answers(respondent=person, levels=dict.fromkeys(numbers, 3))
    Respondent.objects.filter(pk__in=[p.pk for p in sent_before(people)]).update(
        submitted_at=timezone.now()
    )
    return round, people


def autosave_body(bouwsteen, version, n):
    answer = {"bouwsteen": bouwsteen, "version": version, "current": n % 5, "desired": None}
    return json.dumps({"niveau": "gesprek", "answers": [{**answer, "toelichting": f"{n}"}]})


@pytest.mark.django_db(transaction=True)
def test_closing_during_concurrent_autosaves_answers_no_500_closes_and_writes_nothing_after(
    coordinator, storm_round
):
    round, people = storm_round
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()
    bouwstenen = [
        pk for (pk,) in Bouwsteen.objects.filter(framework=round.framework).values_list("pk")
    ]
    start = threading.Barrier(len(people) + 1)
    enough_saved, closed = threading.Event(), threading.Event()
    saves: dict[int, list[Saved]] = {person.pk: [] for person in people}
    closes = []  # (view name, status, began, finished)
    coordinator_client = Client(raise_request_exception=False)
    coordinator_client.force_login(coordinator)

    def save_until_closed(person):
        client = Client(raise_request_exception=False)
        link = reverse("assessments:questionnaire-autosave", args=[person.token])
        versions = {}
        try:
            start.wait(timeout=30)
            deadline = time.monotonic() + 150
            for n in range(SAVES_AT_MOST * 10):
                if n >= SAVES_AT_MOST:  # the close takes long: on at a slower pace until done
                    time.sleep(0.05)
                bouwsteen = bouwstenen[n % len(bouwstenen)]
                body = autosave_body(bouwsteen, versions.get(bouwsteen, 0), n)
                began = time.monotonic()
                with turns:
                    response = client.post(link, body, content_type="application/json")
                answer = response.json() if response.status_code != 500 else {}
                saves[person.pk].append(
                    Saved(began, time.monotonic(), response.status_code, answer)
                )
                versions.update({int(pk): v for pk, v in answer.get("saved", {}).items()})
                if sum(len(done) for done in saves.values()) >= 2 * len(people):
                    enough_saved.set()
                # The sent ones are refused from the start and keep trying, as a stale tab
                # would; everyone stops at the first refusal after both closes.
                if response.status_code == 500 or closed.is_set() and answer.get("closed"):
                    break
                assert time.monotonic() < deadline, "the close never came"
        finally:
            connections.close_all()

    def close_answering_then_the_round():
        try:
            start.wait(timeout=30)
            enough_saved.wait(timeout=60)
            for name in ("round-answers-close", "round-close"):
                began = time.monotonic()
                with turns:
                    response = coordinator_client.post(
                        reverse(f"assessments:{name}", args=[round.pk])
                    )
                closes.append((name, response.status_code, began, time.monotonic()))
                # The round closes after its meeting, not in the same instant: the savers get
                # their turn first (on SQLite the turns lock is not fair to them).
                time.sleep(0.2)
        finally:
            closed.set()
            connections.close_all()

    threads = [threading.Thread(target=save_until_closed, args=[person]) for person in people]
    threads.append(threading.Thread(target=close_answering_then_the_round))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads)

    round.refresh_from_db()
    every_save = [save for done in saves.values() for save in done]
    assert [status for _name, status, _began, _finished in closes] == [302, 302]
    assert round.status == Round.Status.CLOSED
    assert sorted({save.status for save in every_save}) == [200, 409]
    # The close waited for the saves in flight, not for the storm to end.
    [(_name, _status, began, answers_closed)] = closes[:1]
    assert any(save.started > answers_closed for save in every_save)
    # A save that began after answering closed was refused as closed.
    after = [save for save in every_save if save.started > answers_closed]
    assert all(save.status == 409 and save.body.get("closed") for save in after)
    # The sent ones never saved; the others' stored answers are exactly those acknowledged.
    acknowledged = {}
    for person_pk, done in saves.items():
        for save in done:
            for bouwsteen, version in save.body.get("saved", {}).items():
                key = person_pk, int(bouwsteen)
                acknowledged[key] = max(version, acknowledged.get(key, 0))
    sent = {person.pk for person in sent_before(people)}
    stored = Answer.objects.filter(respondent__round=round).exclude(respondent__in=sent)
    assert acknowledged == {(a.respondent_id, a.bouwsteen_id): a.version for a in stored}
    assert all(a.updated_at <= round.answers_closed_at for a in stored)
    counted = Respondent.objects.filter(round=round, counted=True)
    assert set(counted.values_list("pk", flat=True)) == sent
