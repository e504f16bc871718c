"""The health endpoints: /health/ for the load balancer (database, the shared cache, the
task queue's table), /health/worker/ for monitoring (a worker is alive, and how long its
queue is: borgingshuis/health_worker.py)."""

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from borgingshuis.worker.liveness import Presence
from tests.borgingshuis.worker.processes import worker


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


def enqueue(minutes_ago, queue_name="default"):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="assessments.tasks.nothing",
        backend_name="default",
        queue_name=queue_name,
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return task


def worker_health(client):
    return client.get("/health/worker/")


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_check_fails_once_a_task_waits_too_long(client):
    assert worker_health(client).json() == {
        "status": "ok",
        "workers": 0,
        "ready": 0,
        "oldest_wait_s": 0,
        "running": 0,
        "max_wait_s": 600,
        "queues": {
            "default": {"ready": 0, "oldest_wait_s": 0},
            "pdf-user": {"ready": 0, "oldest_wait_s": 0},
        },
    }
    enqueue(minutes_ago=2)
    assert worker_health(client).status_code == 200
    enqueue(minutes_ago=11)
    response = worker_health(client)
    assert response.status_code == 503
    assert response.json()["status"] == "no worker" and response.json()["ready"] == 2
    assert 659 <= response.json()["oldest_wait_s"] <= 670
    assert "no-store" in response.headers["Cache-Control"]
    # The load balancer's check does not depend on the worker.
    assert health(client).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_check_says_how_long_each_queue_is_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    for minutes_ago in (1, 5, 3):
        enqueue(minutes_ago=minutes_ago)
    enqueue(minutes_ago=2, queue_name="pdf-user")
    enqueue(minutes_ago=0, queue_name="elders")

    # the queues in one grouped query, the running tasks, and (PostgreSQL) the workers'
    # connections: the same for any number of queues and tasks
    with django_assert_max_num_queries(3):
        figures = worker_health(client).json()

    queues = figures["queues"]
    assert {name: queue["ready"] for name, queue in queues.items()} == {
        "default": 3,
        "pdf-user": 1,
        "elders": 1,
    }
    assert 299 <= queues["default"]["oldest_wait_s"] <= 310
    assert 119 <= queues["pdf-user"]["oldest_wait_s"] <= 130
    assert figures["ready"] == 5
    assert figures["oldest_wait_s"] == queues["default"]["oldest_wait_s"]


@pytest.mark.django_db(transaction=True)
def test_a_live_worker_behind_its_queue_is_busy_not_failing(client):
    enqueue(minutes_ago=30)
    with contextlib.closing(Presence("in-this-process")):
        response = worker_health(client)
    assert response.status_code == 200
    assert response.json()["status"] == "busy" and response.json()["workers"] == 1
    assert response.json()["oldest_wait_s"] >= 30 * 60
    assert worker_health(client).status_code == 503  # its lock went with it


@pytest.mark.django_db(transaction=True)
def test_the_lock_file_of_a_worker_that_ended_is_cleared(client, settings):
    stale = Path(settings.TASK_WORKER_DIR) / "worker-gone.lock"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.touch()
    assert worker_health(client).json()["workers"] == 0
    assert not stale.exists()


BUSY_LOOP = "import time\nend = time.monotonic() + 120\nwhile time.monotonic() < end: pass\n"


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_gets_no_cpu_at_all_is_still_seen_alive(client, tmp_path):
    """Under CPU pressure: two busy loops keep the machine's cores full while the worker is
    stopped outright (SIGSTOP, the extreme of waiting for the CPU: it cannot write a thing).
    The check still finds it alive, and fails only once it is gone."""
    hogs = [subprocess.Popen([sys.executable, "-c", BUSY_LOOP]) for _ in range(os.cpu_count() or 1)]
    try:
        with worker(tmp_path, render_seconds=0, grace=1) as process:
            process.wait_for("Starting worker")
            process.process.send_signal(signal.SIGSTOP)
            enqueue(minutes_ago=11)
            started = time.monotonic()
            response = worker_health(client)
            # the check does not wait for the stopped worker (it never runs again)
            assert time.monotonic() - started < 20
            assert response.status_code == 200, response.content
            assert response.json()["status"] == "busy" and response.json()["workers"] == 1
            process.process.kill()
            process.process.wait(10)
            for _attempt in range(100):  # PostgreSQL notices the closed connection at once
                if worker_health(client).status_code == 503:
                    break
                time.sleep(0.1)
            assert worker_health(client).json()["status"] == "no worker"
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait(10)


def test_health_answers_over_plain_http_in_production(settings, client, db):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/?format=json").status_code in (200, 500)
    assert client.get("/rondes/").status_code == 301  # everything else goes to HTTPS
