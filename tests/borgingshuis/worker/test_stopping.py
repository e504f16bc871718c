"""A task worker stops within a stated time and never fails the task it gives back
(borgingshuis/worker/stopping.py): a real `db_worker` in a subprocess, sent SIGTERM while it
waits for a render slot and while it renders.

The subprocess is the project's own db_worker command (tests/borgingshuis/worker/
processes.py), with a "PDF" that is a loop of `render_seconds`, so the moment of the signal
is known."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assessments.common import render_slots
from assessments.models import RenderedReport
from assessments.reporting.pdf import report_slot
from tests.borgingshuis.worker.processes import worker
from tests.factories import make_scored_round

ROOT = Path(__file__).resolve().parents[3]


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
            code, seconds = process.stop(timeout=45)
    finally:
        other_render.close()

    assert code == 0 and seconds < 30  # not the 60 s grace: nothing was being rendered
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

    assert code == 0 and 2 <= seconds < 40  # the grace, then giving back; not the 300 s
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
