"""A task worker stops within a stated time and never fails the task it gives back
(borgingshuis/worker/stopping.py): a real `db_worker` in a subprocess, sent SIGTERM while it
waits for a render slot and while it renders.

The subprocess runs the project's own db_worker command against the test's database (on
SQLite a file copy of it, copied back when the worker has stopped). Two things differ from
production, both outside what is tested: it keeps its CPU priority (at SCHED_IDLE it would
barely run while the rest of the test suite keeps both cores busy), and its "PDF" is a loop
of `TEST_RENDER_SECONDS`, so the moment of the signal is known."""

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assessments.common import render_slots
from assessments.models import RenderedReport
from assessments.reporting.pdf import report_slot
from tests.factories import make_scored_round

ROOT = Path(__file__).resolve().parents[3]
RUNNER = """
import os, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borgingshuis.settings")
import django
django.setup()
from assessments.common import stored_pdf
from borgingshuis.worker.management.commands import db_worker

db_worker.lower_priority = lambda: ["left as it was (test)"]

def render_pdf(html):
    print("test: rendering", flush=True)
    end = time.monotonic() + float(os.environ["TEST_RENDER_SECONDS"])
    while time.monotonic() < end:
        time.sleep(0.02)
    return b"%PDF-1.7 test"

stored_pdf.render_pdf = render_pdf
from django.core.management import call_command
call_command("db_worker", "--no-startup-delay", "--interval", "0.1", "--no-reload")
"""


class WorkerProcess:
    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            assert self.process.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, f"no {text!r} in:\n" + "".join(self.lines)
            time.sleep(0.05)

    def stop(self, timeout: float) -> tuple[int, float]:
        """SIGTERM; returns the exit code and the seconds the worker took to exit."""
        sent = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        return code, time.monotonic() - sent


def database_url(tmp_path: Path) -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return f"sqlite:///{tmp_path / 'worker.sqlite3'}"


@contextlib.contextmanager
def worker(tmp_path, *, render_seconds: float, grace: float):
    """A db_worker subprocess on the test's database with one render slot in tmp_path."""
    url = database_url(tmp_path)
    copy = connection.vendor == "sqlite"
    if copy:  # the test database lives in this process's memory: the worker gets a copy
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(tmp_path / "worker.sqlite3")) as file:
            connection.connection.backup(file)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "RENDER_SLOT_DIR": str(tmp_path / "slots"),
        "RENDER_SLOTS": "1",
        "LOG_LEVEL": "INFO",
        "TASK_WORKER_STOP_GRACE": str(grace),
        "TEST_RENDER_SECONDS": str(render_seconds),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", RUNNER],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield WorkerProcess(process)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        process.stdout.close()
        if copy:  # what the worker wrote, back into the test's database
            with contextlib.closing(sqlite3.connect(tmp_path / "worker.sqlite3")) as file:
                file.backup(connection.connection)


@pytest.fixture
def queued_render(organisation, framework):
    """A round's PDF queued for rendering: its task ready in the queue."""
    round = make_scored_round(organisation=organisation, framework=framework)
    report_slot(round.pk, "nl").request_render()
    [task] = DBTaskResult.objects.ready()
    return round, task


def assert_given_back(round, task):
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY and task.started_at is None
    assert task in DBTaskResult.objects.ready()  # any worker takes it up again
    row = RenderedReport.objects.get(round=round, language="nl")
    assert row.stage == RenderedReport.Stage.QUEUED and row.queued_at is not None
    assert not row.pdf


@pytest.mark.django_db(transaction=True)
def test_a_worker_waiting_for_a_render_slot_gives_its_task_back_at_once(queued_render, tmp_path):
    round, task = queued_render
    (tmp_path / "slots").mkdir()
    other_render = render_slots._try_lock(tmp_path / "slots" / "render-slot-0.lock")
    try:
        with worker(tmp_path, render_seconds=0, grace=60) as process:
            process.wait_for("waiting for a render slot")
            code, seconds = process.stop(timeout=30)
    finally:
        other_render.close()

    assert code == 0 and seconds < 10  # not the 60 s grace: nothing was being rendered
    assert_given_back(round, task)
    assert "given back to the queue" in "".join(process.lines)


@pytest.mark.django_db(transaction=True)
def test_a_render_longer_than_the_grace_is_given_back_when_the_grace_is_over(
    queued_render, tmp_path
):
    round, task = queued_render
    with worker(tmp_path, render_seconds=300, grace=2) as process:
        process.wait_for("test: rendering")
        code, seconds = process.stop(timeout=60)

    assert code == 0 and 2 <= seconds < 20
    assert_given_back(round, task)


@pytest.mark.django_db(transaction=True)
def test_a_render_that_ends_within_the_grace_is_finished_and_stored(queued_render, tmp_path):
    round, task = queued_render
    with worker(tmp_path, render_seconds=1, grace=60) as process:
        process.wait_for("test: rendering")
        code, seconds = process.stop(timeout=60)

    assert code == 0 and seconds < 30
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    row = RenderedReport.objects.get(round=round, language="nl")
    assert bytes(row.pdf) == b"%PDF-1.7 test" and row.stage == RenderedReport.Stage.IDLE
    assert not DBTaskResult.objects.ready().exists()  # no new task taken after the signal


def test_the_readme_stops_the_worker_after_the_grace_and_time_to_give_the_task_back():
    """The systemd unit of the README gives the worker more than the grace: it is never
    killed while it can still finish or give its task back."""
    readme = (ROOT / "README.md").read_text()
    unit = readme[readme.index("[Service]", readme.index("borgingshuis-worker.service")) :]
    timeout = int(re.search(r"TimeoutStopSec=(\d+)", unit).group(1))
    assert timeout >= settings.TASK_WORKER_STOP_GRACE + 5
