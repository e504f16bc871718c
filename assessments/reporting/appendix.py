"""The PDF's optional appendix of toelichtingen, bounded: whatever the number of respondents,
it takes at most about APPENDIX_PAGES A4 pages, so the PDF stays under 40 pages.

Every bouwsteen gets a fair share of the room: one with few toelichtingen takes what it needs,
the rest is shared by the others. Within its share a bouwsteen shows its toelichtingen in the
report's order (alphabetical, so the order reveals nobody) up to the first that no longer
fits; the appendix says how many of how many it shows and where the rest are (the round's
workbook and the report on the website, where the list goes on at `next_page`). No Django.
"""

import math
from dataclasses import dataclass

# How much room the appendix takes: pages of the PDF's A4 (report-print.css: 8.5 pt on
# 174 mm, 1.4 line height) in lines of CHARACTERS_PER_LINE. Measured with long and short
# toelichtingen (tests/assessments/reporting/test_appendix.py): the whole PDF stays within
# 40 pages with the report's own ~10.
APPENDIX_PAGES = 24
LINES_PER_PAGE = 56
CHARACTERS_PER_LINE = 95  # fewer than fit, so a line's estimate is never short
ITEM_LINES = 0.3  # the space between two toelichtingen
HEADING_LINES = 5  # a bouwsteen's heading and the line that says what is shown
APPENDIX_LINES = APPENDIX_PAGES * LINES_PER_PAGE


@dataclass(frozen=True)
class AppendixPart:
    """One bouwsteen's part of the appendix."""

    entry: object  # the report's BouwsteenEntry: its number and title
    toelichtingen: list[tuple[str, int]]  # (text, how many wrote it): the first that fit
    total: int  # how many different toelichtingen the bouwsteen has
    next_page: int  # the page of the website's list where the rest begin

    @property
    def rest(self) -> int:
        return self.total - len(self.toelichtingen)


def lines_of(text: str, count: int) -> float:
    """The lines one toelichting takes in the appendix, with its "(n keer)"."""
    characters = len(text) + (12 if count > 1 else 0)
    return math.ceil(characters / CHARACTERS_PER_LINE) + ITEM_LINES


def appendix_parts(entries, per_page: int, room: float = APPENDIX_LINES) -> list[AppendixPart]:
    """The appendix of the report's bouwsteen `entries` (those with toelichtingen), within
    `room` lines; `per_page` is how many toelichtingen a page of the website's list holds."""
    entries = [entry for entry in entries if entry.stats.toelichtingen]
    # A toelichting takes at least 1 + ITEM_LINES lines, so no bouwsteen shows more than
    # `most`: only those are read (a stored release reads a range at a time, releases.py),
    # and the appendix is the same as if all were.
    most = math.ceil(max(room, 0) / (1 + ITEM_LINES)) + 1
    room -= HEADING_LINES * len(entries)
    read = {entry.text.number: list(entry.stats.toelichtingen[:most]) for entry in entries}
    needs = {number: sum(lines_of(*item) for item in items) for number, items in read.items()}
    shares = {}
    for index, entry in enumerate(sorted(entries, key=lambda entry: needs[entry.text.number])):
        share = min(needs[entry.text.number], max(room, 0) / (len(entries) - index))
        shares[entry.text.number] = share
        room -= share
    parts = []
    for entry in entries:
        left, shown = shares[entry.text.number], []
        for text, count in read[entry.text.number]:
            left -= lines_of(text, count)
            if left < -1e-9:  # not rounding: a share is the sum of its lines
                break
            shown.append((text, count))
        total = len(entry.stats.toelichtingen)
        parts.append(AppendixPart(entry, shown, total, len(shown) // per_page + 1))
    return parts
