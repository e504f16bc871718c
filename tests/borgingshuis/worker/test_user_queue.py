"""Real task workers take a person's PDF before the renders the system queued
(assessments/common/render_queue.py): a worker for every queue by priority, a worker for the
users' queue alone in a render slot of its own, so a background render holding the machine's
slot is not in its way (tests/borgingshuis/worker/processes.py runs the project's db_worker
command in a subprocess)."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assessments.common import render_slots
from assessments.common.render_queue import USER_QUEUE
from assessments.models import RenderedReport
from assessments.reporting.pdf import report_slot
from borgingshuis.worker import stopping
from borgingshuis.worker.management.commands import db_worker
from tests.borgingshuis.worker.processes import worker
from tests.factories import make_scored_round


def queue_renders(organisation, framework, background: int):
    """`background` renders the system queued, then one a person asked for; returns the
    person's round."""
    for n in range(background):
        round = make_scored_round(organisation=organisation, framework=framework, name=f"R{n}")
        report_slot(round.pk, "nl").request_render()
    asked = make_scored_round(organisation=organisation, framework=framework, name="Gevraagd")
    report_slot(asked.pk, "nl").request_render(for_user=True)
    return asked


@pytest.mark.django_db(transaction=True)
def test_a_worker_for_every_queue_renders_the_pdf_a_person_asked_for_first(
    organisation, framework, tmp_path
):
    asked = queue_renders(organisation, framework, background=4)

    with worker(tmp_path, render_seconds=0, grace=60) as process:
        process.wait_for_count("test: rendering", 5)
        process.stop(timeout=60)

    tasks = list(DBTaskResult.objects.order_by("started_at"))
    assert all(task.status == TaskResultStatus.SUCCESSFUL for task in tasks)
    assert tasks[0].args_kwargs["args"] == [asked.pk, "nl"]  # queued last, taken first


@pytest.mark.django_db(transaction=True)
def test_a_worker_for_the_users_queue_renders_while_a_background_render_holds_the_slot(
    organisation, framework, tmp_path
):
    asked = queue_renders(organisation, framework, background=2)
    (tmp_path / "slots").mkdir()
    background_render = render_slots._try_lock(tmp_path / "slots" / "render-slot-0.lock")
    try:
        with worker(
            tmp_path, render_seconds=0, grace=60, args=("--queue-name", USER_QUEUE)
        ) as process:
            process.wait_for("test: rendering")
            code, _seconds = process.stop(timeout=60)
    finally:
        background_render.close()

    assert code == 0
    assert "not nice 5" in "".join(process.lines)  # lowered for users, not to SCHED_IDLE
    row = RenderedReport.objects.get(round=asked, language="nl")
    assert bytes(row.pdf) == b"%PDF-1.7 test"
    done = DBTaskResult.objects.exclude(status=TaskResultStatus.READY)
    assert [task.args_kwargs["args"] for task in done] == [[asked.pk, "nl"]]
    assert DBTaskResult.objects.ready().count() == 2  # the background renders are left


def stopping_worker() -> stopping.StoppingWorker:
    return stopping.StoppingWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="all-queues",
        excluded_queue_names=[],
    )


def test_a_worker_for_every_queue_leaves_the_users_queue_while_a_users_worker_lives(
    monkeypatch,
):
    alive = {"all-queues"}
    monkeypatch.setattr(stopping, "alive_workers", lambda: alive)
    monkeypatch.setattr(stopping, "USERS_SEEN_FOR_S", 0)

    assert stopping_worker().excluded_queue_names == []  # no users' worker: it takes theirs
    alive.add(stopping.USER_WORKER_PREFIX + "abc")
    assert stopping_worker().excluded_queue_names == [USER_QUEUE]


def test_db_worker_takes_every_queue_by_default_and_the_users_queue_alone_when_asked(
    monkeypatch,
):
    ran = []
    monkeypatch.setattr(db_worker, "lower_priority", lambda: ["low"])
    monkeypatch.setattr(db_worker, "lower_priority_for_users", lambda nice: [f"nice {nice}"])
    monkeypatch.setattr(db_worker, "serve_users", lambda: ran.append("users' slot"))
    monkeypatch.setattr(
        db_worker.db_worker.Command,
        "handle",
        lambda self, *args, **options: ran.append((options["queue_name"], options["worker_id"])),
    )

    output = io.StringIO()
    call_command("db_worker", "--no-reload", "--worker-id", "w1", stdout=output)
    call_command(
        "db_worker", "--no-reload", "--worker-id", "w2", "--queue-name", USER_QUEUE, stdout=output
    )

    assert ran == [("*", "w1"), "users' slot", (USER_QUEUE, "pdf-user-w2")]
    assert output.getvalue() == "Task worker priority: low\nTask worker priority: nice 5\n"


def test_the_readme_starts_a_worker_for_the_users_queue_with_a_stop_timeout_past_the_grace():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    unit = readme[readme.index("borgingshuis-worker-users.service") :]
    unit = unit[: unit.index("[Install]")]
    assert f"manage.py db_worker --queue-name {USER_QUEUE}\n" in unit
    timeout = int(unit.split("TimeoutStopSec=")[1].split()[0])
    assert timeout >= settings.TASK_WORKER_STOP_GRACE + 5
    assert "borgingshuis-worker-users`" in readme  # enabled with the others
