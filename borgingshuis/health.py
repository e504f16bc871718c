"""Health endpoints for load balancers and monitoring (django-health-check).

- /health/: may this node take requests? The database answers, the cache (shared by every
  node) stores and reads a value, and the task queue's table can be read. A load balancer
  takes a node out when this is not 200.
- /health/worker/: is a task worker running, and how long is its queue (health_worker.py)?
  For monitoring, not for the load balancer: a stopped worker is a problem of every node at
  once, and taking them all out would help nobody.

There is no storage check: the app keeps no files (a rendered PDF is a row in the database,
RenderedReport), so MEDIA_ROOT is not shared state."""

import dataclasses

from django.db import DatabaseError, connection
from django.urls import path
from django_tasks_db.models import DBTaskResult
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from borgingshuis.health_worker import worker_health


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


urlpatterns = [
    path(
        "health/",
        HealthCheckView.as_view(checks=[Database, Cache, TaskQueueReachable]),
        name="health",
    ),
    path("health/worker/", worker_health, name="health-worker"),
]
