"""Who gets a reminder now: the reminder audience less those reminded within
settings.REMINDER_INTERVAL_HOURS, so a second click, or a second coordinator, does not mail
anyone twice."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from .models import Respondent, Round
from .selectors import reminder_audience


@dataclass
class ReminderPlan:
    due: list[Respondent]  # get a reminder now
    recent: list[Respondent]  # reminded within the interval: skipped
    next_at: datetime.datetime | None  # when the first skipped one may be reminded again

    @property
    def interval_hours(self) -> int:
        return settings.REMINDER_INTERVAL_HOURS


def reminder_plan(round: Round, now=None) -> ReminderPlan:
    """The round's reminder audience split by the interval, each with `last_reminded` (the
    time of their latest reminder or None): one query."""
    now = now or timezone.now()
    interval = datetime.timedelta(hours=settings.REMINDER_INTERVAL_HOURS)
    people = list(
        reminder_audience(round).annotate(last_reminded=Max("reminders__sent_at")).order_by("email")
    )
    due, recent = [], []
    for person in people:
        last = person.last_reminded
        (recent if last and now - last < interval else due).append(person)
    next_at = min((p.last_reminded + interval for p in recent), default=None)
    return ReminderPlan(due=due, recent=recent, next_at=next_at)
