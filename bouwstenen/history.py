"""Restoring an earlier version of a model text from its history (django-simple-history)."""

from django.db import transaction
from django.utils import formats, timezone


def restored_reason(record) -> str:
    """The change reason a restore records: which version it went back to (Dutch, as the
    beheerder writes reasons)."""
    moment = formats.date_format(timezone.localtime(record.history_date), "j F Y H:i")
    return f"Teruggezet naar de versie van {moment}"


@transaction.atomic
def version_restore(*, record, user):
    """Save the record's version of its object as the current one, with `user` and a change
    reason in the history; return the object. Raises ValidationError, changing nothing, when
    that version no longer fits the model's rules (e.g. its niveau was deleted since)."""
    obj = record.instance
    obj._state.adding = False
    obj._history_user = user
    obj._change_reason = restored_reason(record)
    obj.full_clean()
    obj.save()
    return obj
