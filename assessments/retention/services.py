"""The retention period of an organisation: setting it, and erasing the personal data of the
closed rounds it has passed for (the same erase a coordinator starts by hand)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..audit.actor import acting_as
from ..audit.models import AuditEntry
from ..audit.services import audit_record
from ..organisations.models import Organisation
from ..rounds.models import Respondent, Round
from ..rounds.services import round_personal_data_erase
from .rules import is_expired, months_after


def organisation_retention_set(*, organisation: Organisation, months: int) -> Organisation:
    """Give the organisation a new retention period (in months after a round closes). Raises
    ValidationError, changing nothing, outside the allowed range. Rounds already past the
    new period are erased by the next daily run, not at once: a typo can still be undone."""
    with transaction.atomic():
        stored = Organisation.objects.select_for_update().get(pk=organisation.pk)
        previous = stored.retention_months
        stored.retention_months = months
        stored.full_clean()
        stored.save(update_fields=["retention_months"])
        if previous != months:
            audit_record(
                action=AuditEntry.Action.RETENTION_CHANGE,
                organisation=stored,
                subject=f"{previous} → {months}",
            )
    organisation.retention_months = months
    return stored


def rounds_with_personal_data(queryset=None):
    """Closed rounds in which some respondent's personal data is not erased yet, with their
    organisation. One query when listed."""
    queryset = Round.objects.closed() if queryset is None else queryset.closed()
    people = Respondent.objects.filter(round=OuterRef("pk")).not_erased()
    return queryset.filter(Exists(people)).select_related("organisation").order_by("closed_at")


def erase_date(round: Round):
    """When the round's personal data is (or was due to be) erased automatically."""
    return months_after(round.closed_at, round.organisation.retention_months)


@dataclass(frozen=True)
class Erased:
    round: Round
    people: int


def erase_expired_personal_data(*, now=None) -> list[Erased]:
    """Erase the personal data of every closed round whose organisation's retention period
    has passed since it closed; returns what was erased, round by round. Idempotent: an
    erased round is not found again, so a second run (or two nodes at once) erases nothing
    more. Each round in its own transaction, signed "systeem" in the audit trail."""
    now = now or timezone.now()
    erased = []
    with acting_as(None):
        for round in rounds_with_personal_data():
            if is_expired(round.closed_at, round.organisation.retention_months, now):
                people = round_personal_data_erase(round=round)
                if people:
                    erased.append(Erased(round=round, people=people))
    return erased
