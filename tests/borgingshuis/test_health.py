"""The health endpoints: /health/ for the load balancer (database, the shared cache, the
task queue's table), /health/worker/ for monitoring (the worker keeps up with the queue)."""

import asyncio
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


@pytest.fixture(autouse=True)
def no_running_event_loop():
    """django-health-check's views are async, which Django runs through async_to_sync. That
    refuses a thread with a running event loop, and Playwright's sync API leaves one marked
    running in a worker that ran a browser test before. Production (gunicorn) has none."""
    loop = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    yield
    asyncio.events._set_running_loop(loop)


def health(client, path="/health/"):
    return client.get(path, {"format": "json"})


@pytest.mark.django_db(transaction=True)
def test_a_healthy_node_says_so(client):
    response = health(client)
    assert response.status_code == 200, response.content
    assert set(response.json().values()) == {"OK"}
    assert {"Database(alias='default')", "Cache(alias='default')", "TaskQueueReachable()"} <= set(
        response.json()
    )
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_a_node_without_its_cache_table_is_unhealthy(client):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE borgingshuis_cache")
    try:
        response = health(client)
        assert response.status_code == 500
        assert response.json()["Cache(alias='default')"] != "OK"
    finally:
        from django.core.management import call_command

        call_command("createcachetable")


def enqueue(minutes_ago):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="assessments.tasks.nothing",
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return task


@pytest.mark.django_db(transaction=True)
def test_the_worker_check_fails_when_a_task_waits_too_long(client):
    assert health(client, "/health/worker/").status_code == 200
    enqueue(minutes_ago=2)
    assert health(client, "/health/worker/").status_code == 200
    enqueue(minutes_ago=11)
    response = health(client, "/health/worker/")
    assert response.status_code == 500
    assert "is db_worker running?" in response.json()["TaskWorkerKeepsUp()"]
    # The load balancer's check does not depend on the worker.
    assert health(client).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_task_planned_for_later_is_not_late(client):
    task = enqueue(minutes_ago=60)
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now() - timedelta(minutes=1))
    assert health(client, "/health/worker/").status_code == 200


def test_health_answers_over_plain_http_in_production(settings, client, db):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/?format=json").status_code in (200, 500)
    assert client.get("/rondes/").status_code == 301  # everything else goes to HTTPS
