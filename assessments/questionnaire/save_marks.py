"""Marks on autosaves, so that a late save never overwrites a newer one from the same page."""

from dataclasses import dataclass

from ..rounds.models import Respondent


@dataclass(frozen=True)
class SaveMark:
    """Which open questionnaire page sent a save (a random id per page load) and its place in
    that page's saves. A page that is closing sends its last save while an older one may still
    be on its way; the mark lets the newer one win whichever arrives last."""

    page: str
    seq: int


class StaleSaveError(Exception):
    """The save was overtaken by a newer one from the same page; nothing was written."""


def respondent_progress_claim(
    respondent: Respondent, last_step: str, mark: SaveMark | None
) -> None:
    """Record where the respondent is and, with a mark, claim it: one conditional UPDATE, so
    two saves racing each other cannot both pass the check."""
    fields = {"last_step": last_step} if last_step else {}
    rows = Respondent.objects.filter(pk=respondent.pk)
    if mark is not None:
        fields.update(save_page=mark.page, save_seq=mark.seq)
        rows = rows.exclude(save_page=mark.page, save_seq__gte=mark.seq)
    if fields and not rows.update(**fields):
        raise StaleSaveError()
    for name, value in fields.items():
        setattr(respondent, name, value)
