"""Calendar arithmetic of the retention period, without Django: "24 months after closing"
is the same day of the month two years later, or the month's last day when it has fewer."""

import calendar
from datetime import datetime


def months_after(moment: datetime, months: int) -> datetime:
    """`moment` moved `months` calendar months (negative: back), keeping the time of day;
    31 January plus one month is 28 or 29 February."""
    total = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def is_expired(closed_at: datetime | None, months: int, now: datetime) -> bool:
    """Whether a round closed at `closed_at` has been closed for `months` months at `now`.
    A round without a closing time never expires (it is not closed)."""
    return closed_at is not None and months_after(closed_at, months) <= now
