"""The daily retention run on Django's Tasks API (django-tasks, database backend).

django-tasks has no scheduler: a task runs once when a worker picks it up. So the daily run
queues its own next run, for the same time tomorrow, before it ends; `manage.py
erase_expired_personal_data --schedule` starts the chain (safe to repeat: it queues nothing
while a run is waiting). Where no worker runs, cron calls the command itself (README)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task

from .services import colleague_addresses_erase, erase_expired_personal_data

RUN_EVERY = timedelta(days=1)


@task()
def erase_expired_personal_data_daily() -> int:
    """Erase what has expired (respondents' personal data, colleagues' addresses), queue
    tomorrow's run; returns how many respondents were erased."""
    erased = erase_expired_personal_data()
    colleague_addresses_erase()
    schedule_next_run()
    return sum(item.people for item in erased)


def _task_path() -> str:
    return erase_expired_personal_data_daily.module_path


def waiting_runs():
    """The queued runs not yet started (the database backend's results)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=_task_path(), status=TaskResultStatus.READY)


def schedule_next_run(*, now=None) -> bool:
    """Queue the next daily run, one day from `now`, unless one is waiting already; returns
    whether one was queued."""
    if waiting_runs().exists():
        return False
    run_after = (now or timezone.now()) + RUN_EVERY
    erase_expired_personal_data_daily.using(run_after=run_after).enqueue()
    return True
