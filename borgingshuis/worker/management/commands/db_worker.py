"""`manage.py db_worker`: django-tasks-db's worker, at the lowest CPU priority (priority.py),
stopping within a stated time (stopping.py).

Every way of starting it (bin/serve, a service manager, the load script) runs this command,
so the worker never competes with the web server for the CPU. Unlike django-tasks-db's, it
takes every queue by default, the PDFs people wait for first (their priority is higher:
assessments/common/render_queue.py). Started for the users' queue alone
(`--queue-name pdf-user`) it renders only those PDFs, at TASK_USER_WORKER_NICE rather than the
lowest priority, in a render slot of its own; a worker for every queue then leaves that queue
to it while it is alive (stopping.py)."""

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from assessments.common.render_queue import USER_QUEUE
from assessments.common.render_slots import serve_users
from borgingshuis.worker.priority import lower_priority, lower_priority_for_users
from borgingshuis.worker.stopping import USER_WORKER_PREFIX, StoppingWorker


class Command(db_worker.Command):
    help = "Run a database background worker, at the lowest CPU priority"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")

    def handle(self, *args, **options):
        for_users = options["queue_name"] == USER_QUEUE
        if for_users:
            lowered = ", ".join(lower_priority_for_users(settings.TASK_USER_WORKER_NICE))
            serve_users()
            # seen by the other workers (liveness.py), which then leave the queue to it
            options["worker_id"] = (USER_WORKER_PREFIX + options["worker_id"])[:64]
        else:
            lowered = ", ".join(lower_priority())
        if options["verbosity"] >= 1:
            self.stdout.write(f"Task worker priority: {lowered}")
        # django-tasks-db's handle() builds the module's Worker; it is to build ours.
        db_worker.Worker = StoppingWorker
        return super().handle(*args, **options)
