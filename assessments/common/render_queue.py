"""Where a PDF render waits: a person who clicked "PDF maken" never waits behind the renders
the system queued by itself.

Two kinds of render, told apart with django-tasks' own `priority` and `queue_name` (the
worker takes the highest priority first, then the oldest):
- **asked by a person** who waits for it (the download link, the download page): priority
  USER_PRIORITY on the queue USER_QUEUE. A worker started for that queue alone
  (`db_worker --queue-name pdf-user`, borgingshuis/worker/) takes nothing else, runs at a
  milder CPU priority than the background worker and renders in a slot of its own
  (render_slots.py), so a backlog of background renders, however long, is not in its way;
- **queued by the system** (a change re-renders the stored PDF before anyone asks: a round
  closed, a consensus or action changed, the organisation renamed): BACKGROUND_PRIORITY on
  the default queue. Scheduled work (erasure, the weekly benchmark release) keeps the
  default priority 0, between the two.
One render per PDF and language waits at a time (stored_pdf.py). When a person asks for a
PDF whose background render is still waiting, that render is promoted: the same task, moved
to the user's priority and queue, so it is neither rendered twice nor left at the back.

A task that renders a PDF a person may ask for is declared as usual (`@task()`); it is
queued through `render_enqueue`, which gives it its priority and queue.
"""

import uuid

from django_tasks.base import Task, TaskResult

USER_QUEUE = "pdf-user"
USER_PRIORITY = 50
BACKGROUND_PRIORITY = -50


def render_enqueue(task: Task, *args, for_user: bool) -> TaskResult:
    """Queue `task` with `args`: ahead of everything else on the user's queue when a person
    waits for it (`for_user`), otherwise behind scheduled work on the default queue."""
    if for_user:
        return task.using(priority=USER_PRIORITY, queue_name=USER_QUEUE).enqueue(*args)
    return task.using(priority=BACKGROUND_PRIORITY).enqueue(*args)


def render_promote(task_id: str) -> bool:
    """Move the queued render `task_id` ahead, to the user's priority and queue, when it is
    still waiting for a worker (not taken yet, not done); returns whether it was moved. One
    query. A render already taken by a worker is not moved: the person waits for it."""
    from django_tasks_db.models import DBTaskResult

    if not is_task_id(task_id):  # a row from before the queue kept ids, or none
        return False
    waiting = DBTaskResult.objects.ready().filter(pk=task_id, priority__lt=USER_PRIORITY)
    return waiting.update(priority=USER_PRIORITY, queue_name=USER_QUEUE) > 0


def is_task_id(value) -> bool:
    """Whether `value` can be a task's id (a UUID); a stored row may have none."""
    try:
        uuid.UUID(str(value))
    except (TypeError, ValueError):
        return False
    return True
