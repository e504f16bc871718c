"""Every Unicode character that NFKC, case folding, upper() or lower() (Python's, and so
PostgreSQL's UPPER and LOWER on a UTF-8 database) turns into an ASCII letter or digit other
than itself: the look-alikes an attacker would put in an address (dotless ı, long ſ, the
Kelvin sign K, ﬁ, full-width ａ, mathematical 𝐚, circled ⓐ, ...). Computed once."""

import string
import sys
import unicodedata
from functools import cache

TARGETS = set(string.ascii_letters + string.digits)


@cache
def lookalikes() -> dict[str, list[str]]:
    """ASCII character (lower case) -> the other characters that fold or map onto it."""
    found: dict[str, set[str]] = {}
    for point in range(128, sys.maxunicode + 1):
        char = chr(point)
        for mapped in (
            unicodedata.normalize("NFKC", char),
            char.casefold(),
            char.upper(),
            char.lower(),
            unicodedata.normalize("NFKC", char).casefold(),
        ):
            if mapped in TARGETS:
                found.setdefault(mapped.lower(), set()).add(char)
    return {ascii: sorted(chars) for ascii, chars in found.items()}


def multi_char_lookalikes() -> list[str]:
    """Characters that fold or map onto several ASCII letters (ﬀ -> ff, ß -> ss)."""
    return [
        chr(point)
        for point in range(128, sys.maxunicode + 1)
        if len(mapped := unicodedata.normalize("NFKC", chr(point)).casefold()) > 1
        and set(mapped) <= TARGETS
    ]
