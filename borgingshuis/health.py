"""Health endpoints for load balancers and monitoring (django-health-check).

- /health/: may this node take requests? The database answers, the cache (shared by every
  node) stores and reads a value, and the task queue's table can be read. A load balancer
  takes a node out when this is not 200.
- /health/worker/: does the task worker keep up? No task has been waiting to run for longer
  than TASK_QUEUE_MAX_WAIT. For monitoring, not for the load balancer: a stopped worker is
  a problem of every node at once, and taking them all out would help nobody.

There is no storage check: the app keeps no files (a rendered PDF is a row in the database,
RenderedReport), so MEDIA_ROOT is not shared state."""

import dataclasses

from django.conf import settings
from django.db import DatabaseError, connection
from django.urls import path
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


class OwnConnectionCheck(HealthCheck):
    """A check that queries through the ORM. django-health-check runs it in a thread of its
    own, whose database connection nothing else would close: it is closed after each run."""

    def run(self):
        try:
            self.check()
        finally:
            connection.close()

    def check(self):
        raise NotImplementedError


@dataclasses.dataclass
class TaskQueueReachable(OwnConnectionCheck):
    """The queue's table answers (one indexed query)."""

    def check(self):
        try:
            DBTaskResult.objects.ready().exists()
        except DatabaseError as error:
            raise ServiceUnavailable("task queue table unreachable") from error


@dataclasses.dataclass
class TaskWorkerKeepsUp(OwnConnectionCheck):
    """No task ready to run has waited longer than TASK_QUEUE_MAX_WAIT: a worker runs."""

    def check(self):
        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        if oldest is None:
            return
        waited = timezone.now() - max(oldest.enqueued_at, _run_after(oldest))
        if waited > settings.TASK_QUEUE_MAX_WAIT:
            raise ServiceUnavailable(
                f"a task has waited {int(waited.total_seconds())} s: is db_worker running?"
            )


def _run_after(task):
    """When the task became due (a task without a time set is due when enqueued)."""
    return task.run_after if task.run_after.year < 9999 else task.enqueued_at


urlpatterns = [
    path(
        "health/",
        HealthCheckView.as_view(checks=[Database, Cache, TaskQueueReachable]),
        name="health",
    ),
    path(
        "health/worker/", HealthCheckView.as_view(checks=[TaskWorkerKeepsUp]), name="health-worker"
    ),
]
