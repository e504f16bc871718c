"""/health/worker/ for monitoring: is a task worker running, and how long is its queue?

Healthy (200) whenever a worker is alive (borgingshuis/worker/liveness.py), however long the
queue: a worker at the lowest priority on a busy machine, or one waiting for a render slot,
is slow, not gone, and answering 500 then sent people looking for a stopped worker that was
running (issue 29). Unhealthy (503) only when a task ready to run has waited longer than
TASK_QUEUE_MAX_WAIT and no worker is alive to take it. Either way the answer says how long
the queue is, so monitoring can graph it and warn on a queue that keeps growing:

    {"status": "ok" | "busy" | "no worker", "workers": 1, "ready": 3,
     "oldest_wait_s": 612, "running": 1, "max_wait_s": 600}

"busy": a task has waited longer than TASK_QUEUE_MAX_WAIT while a worker is alive. Never a
500: a database that does not answer is /health/'s concern, and here gives 503 too.
"""

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult, get_date_max

from borgingshuis.worker.liveness import alive_workers


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
    one has waited since it became due. Four queries, whatever the length of the queue."""
    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    # A task planned for later (run_after) is due from then, not from when it was queued.
    planned = ready.exclude(run_after=get_date_max()).aggregate(due=Min("run_after"))["due"]
    queued = ready.filter(run_after=get_date_max()).aggregate(due=Min("enqueued_at"))["due"]
    oldest = min((due for due in (planned, queued) if due is not None), default=now)
    return {
        "ready": ready.count(),
        "oldest_wait_s": max(0, round((now - oldest).total_seconds())),
        "running": DBTaskResult.objects.running().count(),
        "max_wait_s": round(settings.TASK_QUEUE_MAX_WAIT.total_seconds()),
    }
