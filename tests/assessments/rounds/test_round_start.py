"""Six "Ronde aanmaken" posts of one page (a double click, a retry, six tabs) make one round:
the page carries a key made when it is shown, and the database holds each key once."""

import contextlib
import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from assessments.models import Round, RoundStartKey
from assessments.rounds.start_keys import round_create_once

CREATE = reverse("assessments:round-create")


def start_key(page: str) -> str:
    return re.search(r'name="start_key" value="([^"]+)"', page).group(1)


def form_data(organisation, framework, key, name="Borgingsscan 2027"):
    return {
        "organisation": organisation.pk,
        "name": name,
        "framework": framework.pk,
        "deadline": "2027-03-31",
        "start_key": key,
    }


def test_each_page_carries_its_own_key(client, coordinator, organisation, framework):
    client.force_login(coordinator)
    first = start_key(client.get(CREATE).content.decode())
    second = start_key(client.get(CREATE).content.decode())
    assert first != second


def test_six_posts_of_one_page_create_one_round_and_all_lead_to_it(
    client, coordinator, organisation, framework
):
    client.force_login(coordinator)
    key = start_key(client.get(CREATE).content.decode())

    responses = [client.post(CREATE, form_data(organisation, framework, key)) for _ in range(6)]

    round = Round.objects.get()
    invite = reverse("assessments:round-invite", args=[round.pk])
    assert [response.status_code for response in responses] == [302] * 6
    assert {response.url for response in responses} == {invite}


def test_two_pages_create_two_rounds(client, coordinator, organisation, framework):
    client.force_login(coordinator)
    for name in ["Eerste", "Tweede"]:
        key = start_key(client.get(CREATE).content.decode())
        client.post(CREATE, form_data(organisation, framework, key, name=name))
    assert sorted(Round.objects.values_list("name", flat=True)) == ["Eerste", "Tweede"]


@pytest.mark.parametrize("key", ["", "geen-sleutel", "x" * 500])
def test_a_post_without_a_valid_key_still_creates_its_round_without_an_error(
    client, coordinator, organisation, framework, key
):
    client.force_login(coordinator)
    response = client.post(CREATE, form_data(organisation, framework, key))
    assert response.status_code == 302 and Round.objects.count() == 1


def test_an_invalid_form_keeps_its_key_so_the_corrected_post_is_still_one_round(
    client, coordinator, organisation, framework
):
    client.force_login(coordinator)
    key = start_key(client.get(CREATE).content.decode())
    refused = client.post(CREATE, form_data(organisation, framework, key, name=""))
    assert start_key(refused.content.decode()) == key and not Round.objects.exists()
    for _attempt in range(2):
        client.post(CREATE, form_data(organisation, framework, key))
    assert Round.objects.count() == 1


def test_another_account_with_the_same_key_gets_its_own_round_not_the_other(
    coordinator, organisation, framework
):
    from tests.conftest import make_member

    other = make_member(organisation, "tweede", "coordinator")
    key = "5b8f3a0e-51c5-4a8b-9d2e-0f3a7c1e2b4d"
    mine, _created = round_create_once(
        key=key,
        organisation=organisation,
        framework=framework,
        name="A",
        deadline=None,
        created_by=coordinator,
    )
    theirs, created = round_create_once(
        key=key,
        organisation=organisation,
        framework=framework,
        name="B",
        deadline=None,
        created_by=other,
    )
    assert created and theirs != mine and RoundStartKey.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_six_simultaneous_posts_of_one_page_create_one_round(coordinator, organisation, framework):
    """Six threads, each with its own database connection, post at the same moment (a
    barrier releases them together). On PostgreSQL they truly race: the later inserts of the
    key wait for the first and fail on the unique constraint. SQLite's test database lives in
    memory with a shared cache, where a second writer gets "table is locked" at once instead
    of waiting its turn as it does on a file (IMMEDIATE transactions, settings.py); there the
    threads take turns, as the file database would make them."""
    key = "0d5c1f8e-6b1a-4c3e-9f57-2a4b6c8d0e1f"
    data = form_data(organisation, framework, key)
    barrier = threading.Barrier(6)
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()
    results = []
    # Logged in one after the other: only the posts race, not the test's own set-up.
    clients = [Client() for _ in range(6)]
    for client in clients:
        client.force_login(coordinator)

    def post(client):
        try:
            barrier.wait(timeout=10)
            with turns:
                response = client.post(CREATE, data)
            results.append((response.status_code, response.get("Location")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=[client]) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    round = Round.objects.get()
    invite = reverse("assessments:round-invite", args=[round.pk])
    assert results == [(302, invite)] * 6
