"""Marks on autosaves, so that a late save never overwrites a newer one from the same page."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SaveMark:
    """Which open questionnaire page sent a save (a random id per page load) and its place in
    that page's saves. A page that is closing sends its last save while an older one may still
    be on its way; the mark lets the newer one win whichever arrives last. `after` is the seq
    of the page's save still in flight when this one was sent: answers in both were based on
    the same version, and once that save is in, this one may follow it."""

    page: str
    seq: int
    after: int | None = None

    def is_overtaken(self, stored_page: str, stored_seq: int) -> bool:
        """A save from this page with this seq or a later one is in already."""
        return self.page == stored_page and self.seq <= stored_seq

    def follows(self, stored_page: str, stored_seq: int) -> bool:
        """The last save applied for the respondent is the one this save was sent after."""
        return self.after is not None and (self.page, self.after) == (stored_page, stored_seq)


def save_mark_from(page, seq, after=None) -> SaveMark | None:
    """The mark autosave.js puts on every save; None when it is missing or malformed, and
    then the save is checked by the answers' versions alone."""
    if not (isinstance(page, str) and page.isascii() and page.isalnum() and 8 <= len(page) <= 40):
        return None
    numbers = [seq] if after is None else [seq, after]
    if not all(type(n) is int and 0 <= n < 10**9 for n in numbers):
        return None
    return SaveMark(page=page, seq=seq, after=after)
