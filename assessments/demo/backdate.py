"""The demo backdates its history so the action plan, the look back and the trend read like
three real years."""

import datetime

from django.db import models
from django.utils import timezone

from assessments.models import Round


def moment(day: datetime.date) -> datetime.datetime:
    """Ten in the morning, local time, on `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def round_backdate(*, round: Round, closed_on: datetime.date) -> None:
    """Date a closed round as created 40 days and opened 35 days before `closed_on`."""
    # A plain QuerySet, as the round's own refuses writes to a closed round.
    models.QuerySet(Round).filter(pk=round.pk).update(
        created_at=moment(closed_on - datetime.timedelta(days=40)),
        opened_at=moment(closed_on - datetime.timedelta(days=35)),
        closed_at=moment(closed_on),
    )
