"""`manage.py db_worker`: django-tasks-db's worker, at the lowest CPU priority (priority.py),
stopping within a stated time (stopping.py).

Every way of starting it (bin/serve, a service manager, the load script) runs this command,
so the worker never competes with the web server for the CPU."""

from django_tasks_db.management.commands import db_worker

from borgingshuis.worker.priority import lower_priority
from borgingshuis.worker.stopping import StoppingWorker


class Command(db_worker.Command):
    help = "Run a database background worker, at the lowest CPU priority"

    def handle(self, *args, **options):
        lowered = ", ".join(lower_priority())
        if options["verbosity"] >= 1:
            self.stdout.write(f"Task worker priority: {lowered}")
        # django-tasks-db's handle() builds the module's Worker; it is to build ours.
        db_worker.Worker = StoppingWorker
        return super().handle(*args, **options)
