"""The benchmark's releases on the task worker (django-tasks, database backend): on demand
(the beheerder's admin action) and weekly. As with the retention run (retention/tasks.py),
django-tasks has no scheduler: the weekly run queues its own next run before it ends, and
`manage.py benchmark_release --schedule` starts the chain."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task

from .services import benchmark_release_make

RUN_EVERY = timedelta(days=7)


def _made(release) -> str:
    return f"release {release.pk}" if release else "no release due"


@task()
def benchmark_release_now() -> str:
    """Make a release now, when one is due (services.benchmark_release_make)."""
    return _made(benchmark_release_make())


@task()
def benchmark_release_weekly() -> str:
    """Make a release when one is due, and queue next week's run."""
    made = benchmark_release_make()
    schedule_next_run()
    return _made(made)


def schedule_next_run(*, now=None) -> bool:
    """Queue the next weekly run, RUN_EVERY from `now`, unless one is waiting already;
    returns whether one was queued."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=benchmark_release_weekly.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return False
    run_after = (now or timezone.now()) + RUN_EVERY
    benchmark_release_weekly.using(run_after=run_after).enqueue()
    return True
