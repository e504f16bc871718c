from datetime import UTC, datetime

import pytest

from assessments.retention.rules import is_expired, months_after


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 1, 31, 9, 30), 1, datetime(2026, 2, 28, 9, 30)),
        (datetime(2028, 1, 31), 1, datetime(2028, 2, 29)),  # a leap year
        (datetime(2026, 11, 15), 24, datetime(2028, 11, 15)),
        (datetime(2026, 12, 1), 1, datetime(2027, 1, 1)),
        (datetime(2026, 3, 31), -1, datetime(2026, 2, 28)),
        (datetime(2026, 5, 10), 120, datetime(2036, 5, 10)),
    ],
)
def test_months_after_keeps_the_day_or_takes_the_months_last(moment, months, expected):
    assert months_after(moment, months) == expected


def test_a_round_expires_on_the_day_its_months_have_passed():
    closed = datetime(2024, 6, 30, 12, 0, tzinfo=UTC)
    assert not is_expired(closed, 24, datetime(2026, 6, 30, 11, 59, tzinfo=UTC))
    assert is_expired(closed, 24, datetime(2026, 6, 30, 12, 0, tzinfo=UTC))
    assert not is_expired(None, 1, datetime(2030, 1, 1, tzinfo=UTC))
