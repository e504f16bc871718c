"""How a task worker stops: always within TASK_WORKER_STOP_GRACE seconds of SIGTERM plus the
moments it takes to give its task back, so a service manager's stop timeout (README,
`TimeoutStopSec=`) never has to kill it mid-task.

django-tasks-db's worker finishes the task it runs however long that takes, and a second
signal marks the task failed. Here, on SIGTERM (or SIGINT, SIGQUIT):
- **idle**: the worker exits at once, as before;
- **waiting for a render slot** (assessments/common/render_slots.py): it gives its task back
  at once: the task is ready to run again, for this or another worker, and the PDF stays
  queued;
- **running a task** (a render): the task may finish within the grace; when it has not by
  then, or at a second signal, it is interrupted and given back the same way. A render that
  is interrupted starts again from the beginning; it reads the data when it starts, so
  nothing is lost but the time.
A task given back is never marked failed. The worker takes no new task after the signal.

The same worker class also leaves the users' queue (assessments/common/render_queue.py) to a
worker of its own while one is alive (StoppingWorker.excluded_queue_names).
"""

import logging
import signal
import sys
import time

from django.conf import settings
from django.db import DatabaseError, connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from assessments.common.render_queue import USER_QUEUE
from assessments.common.render_slots import waiting_for_slot

from .liveness import Presence, alive_workers

logger = logging.getLogger(__name__)
# The id of a worker that takes only the PDFs people wait for starts with this
# (management/commands/db_worker.py), so the other workers see it alive.
USER_WORKER_PREFIX = "pdf-user-"
# How long a worker for every queue trusts what it saw of the users' workers.
USERS_SEEN_FOR_S = 5.0


class TaskGivenBack(SystemExit):
    """Raised inside the running task when the worker stops: the task goes back to the
    queue. A SystemExit (code 0), so what catches Exception lets it through and the PDF's
    own clean-up (stored_pdf.py) treats it as a stop, not a failure."""

    def __init__(self):
        super().__init__(0)


class StoppingWorker(Worker):
    """django-tasks-db's worker that stops within the grace (module docstring)."""

    stopping = False
    presence = None
    _excluded: list[str] = []
    _users_seen = (-USERS_SEEN_FOR_S, False)

    @property
    def excluded_queue_names(self) -> list[str]:
        """The queues left alone: as started, and, in a worker for every queue, the users'
        queue while a worker of its own is alive. Its renders run there at a higher CPU
        priority, in their own slot; when it stops, this worker takes them again, first."""
        if self.process_all_queues and self._users_served():
            return [*self._excluded, USER_QUEUE]
        return self._excluded

    @excluded_queue_names.setter
    def excluded_queue_names(self, names: list[str]) -> None:
        self._excluded = list(names)

    def _users_served(self) -> bool:
        seen_at, served = self._users_seen
        if time.monotonic() - seen_at >= USERS_SEEN_FOR_S:
            try:
                workers = alive_workers()
            except DatabaseError:
                workers = set()
            served = any(worker.startswith(USER_WORKER_PREFIX) for worker in workers)
            self._users_seen = (time.monotonic(), served)
        return served

    def run(self) -> None:
        """The worker's loop, seen alive meanwhile by /health/worker/ (liveness.py)."""
        self.presence = Presence(self.worker_id)
        try:
            super().run()
        finally:
            self.presence.close()

    def shutdown(self, signum, frame):
        self.running = False
        if not self.running_task:
            logger.warning("%s: stopping", signal.strsignal(signum))
            sys.exit(0)
        if self.stopping or waiting_for_slot():
            raise TaskGivenBack
        self.stopping = True
        grace = settings.TASK_WORKER_STOP_GRACE
        logger.warning(
            "%s: the task may finish within %s s, else it goes back to the queue",
            signal.strsignal(signum),
            grace,
        )
        signal.signal(signal.SIGALRM, self._grace_over)
        signal.setitimer(signal.ITIMER_REAL, max(grace, 0.001))

    def _grace_over(self, signum, frame):
        if self.running_task:
            raise TaskGivenBack

    def run_task(self, db_task_result: DBTaskResult) -> None:
        failed = db_task_result.set_failed

        def failed_unless_given_back(error):
            if isinstance(error, TaskGivenBack):
                give_back(db_task_result)
            else:
                failed(error)

        db_task_result.set_failed = failed_unless_given_back
        if self.presence is not None:
            self.presence.keep_connected()
        try:
            super().run_task(db_task_result)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


def give_back(result: DBTaskResult) -> None:
    """Put the task back in the queue, ready to run. The stop may have cut the connection
    mid-query: then a new one is opened for this one update."""
    given_back = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING)
    try:
        given_back.update(status=TaskResultStatus.READY, started_at=None)
    except DatabaseError:
        connection.close()
        given_back.update(status=TaskResultStatus.READY, started_at=None)
    logger.warning("task %s given back to the queue", result.pk)
