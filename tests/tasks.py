"""Running queued tasks in a test, the way the worker does.

Tests use the real task backend of settings.py (django_tasks_db's DatabaseBackend): enqueuing
writes the same row as in production, with the arguments as JSON, and a web request that
should only queue a render can be caught rendering. django_tasks' ImmediateBackend would run
the task inside the request and hide exactly that. `run_tasks()` then runs what is queued with
the worker's own code (db_worker's Worker.run_task); not its loop, which closes the database
connection between tasks and so would end the test's transaction.
"""

from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.ready().order_by("enqueued_at"))


def run_tasks(limit: int = 20) -> int:
    """Run every ready task in the worker's order (the highest priority first, then the
    oldest), as `manage.py db_worker` would; returns how many ran. A task that fails fails
    the test."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit and (task := DBTaskResult.objects.ready().first()):
        task.claim(worker.worker_id)
        worker.run_task(task)
        task.refresh_from_db()
        assert task.status == TaskResultStatus.SUCCESSFUL, task.traceback
        ran += 1
    return ran


def download_pdf(client, url: str, download_page: str | None = None) -> bytes:
    """The PDF at `url` (in the language of its prefix) as a reader gets it when none is
    stored yet: the web process queues a render and sends the reader to the download page
    (a round's borgingsrapport.pdf: the same address without ".pdf"), the worker renders it,
    the next ask serves it."""
    response = client.get(url)
    assert response.status_code == 302, response.status_code
    assert response.url == (download_page or url.removesuffix(".pdf") + "/"), response.url
    assert run_tasks() >= 1
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


def served_pdf(response, filename: str) -> bytes:
    """The PDF `response` serves, checked to be one, as a download named `filename`."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    return response.content
