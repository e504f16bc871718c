"""Sorting names as people read them: "respondent2" before "respondent10"."""

import re

_NUMBER = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """A sort key that compares the numbers in `text` by value and the rest without regard to
    case: "Persoon 2" < "persoon 10" < "Persoon 11". A text without numbers sorts as usual."""
    parts = _NUMBER.split(text.casefold())
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))
