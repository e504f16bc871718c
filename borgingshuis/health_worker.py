"""/health/worker/ for monitoring: is a task worker running, and how long is its queue?

Healthy (200) whenever a worker is alive (borgingshuis/worker/liveness.py), however long the
queue: a worker at the lowest priority on a busy machine, or one waiting for a render slot,
is slow, not gone, and answering 500 then sent people looking for a stopped worker that was
running (issue 29). Unhealthy (503) only when a task ready to run has waited longer than
TASK_QUEUE_MAX_WAIT and no worker is alive to take it. Either way the answer says how long
the queue is, so monitoring can graph it and warn on a queue that keeps growing:

    {"status": "ok" | "busy" | "no worker", "workers": 1, "ready": 3,
     "oldest_wait_s": 612, "running": 1, "max_wait_s": 600,
     "queues": {"default": {"ready": 2, "oldest_wait_s": 612},
                "pdf-user": {"ready": 1, "oldest_wait_s": 4}}}

"queues" has the same per queue: `default` for the system's renders, `pdf-user` for the
PDFs people asked for (assessments/common/render_queue.py), both always there, and any other
queue that has tasks waiting.

"busy": a task has waited longer than TASK_QUEUE_MAX_WAIT while a worker is alive. Never a
500: a database that does not answer is /health/'s concern, and here gives 503 too.
"""

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Min, Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult, get_date_max

from assessments.common.render_queue import USER_QUEUE
from borgingshuis.worker.liveness import alive_workers

ALWAYS_REPORTED = ("default", USER_QUEUE)


@never_cache
def worker_health(request):
    try:
        figures = queue_figures()
        workers = len(alive_workers())
    except DatabaseError:
        return JsonResponse({"status": "database unreachable"}, status=503)
    late = figures["oldest_wait_s"] > settings.TASK_QUEUE_MAX_WAIT.total_seconds()
    if not late:
        status, code = "ok", 200
    elif workers:
        status, code = "busy", 200
    else:
        status, code = "no worker", 503
    return JsonResponse({"status": status, "workers": workers, **figures}, status=code)


def queue_figures() -> dict:
    """How many tasks are ready to run and running, and how long (seconds) the oldest ready
    one has waited since it became due: in all and per queue. Two queries, whatever the length
    of the queue."""
    now = timezone.now()
    never = get_date_max()  # run_after of a task to run as soon as possible
    waiting = (
        DBTaskResult.objects.ready()
        .values("queue_name")
        .annotate(
            ready=Count("pk"),
            # A task planned for later (run_after) is due from then, not from when it was queued.
            planned=Min("run_after", filter=~Q(run_after=never)),
            queued=Min("enqueued_at", filter=Q(run_after=never)),
        )
        .order_by()
    )
    queues = {name: {"ready": 0, "oldest_wait_s": 0} for name in ALWAYS_REPORTED}
    for row in waiting:
        due = min(d for d in (row["planned"], row["queued"]) if d is not None)
        queues[row["queue_name"]] = {"ready": row["ready"], "oldest_wait_s": _seconds(now - due)}
    return {
        "ready": sum(queue["ready"] for queue in queues.values()),
        "oldest_wait_s": max(queue["oldest_wait_s"] for queue in queues.values()),
        "running": DBTaskResult.objects.running().count(),
        "max_wait_s": round(settings.TASK_QUEUE_MAX_WAIT.total_seconds()),
        "queues": queues,
    }


def _seconds(wait) -> int:
    return max(0, round(wait.total_seconds()))
