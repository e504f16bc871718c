"""The retention period of an organisation: setting it, erasing the personal data of the
closed rounds it has passed for (the same erase a coordinator starts by hand), and erasing
the addresses of colleagues it invited once the period has passed since (logboek lines and
expired invitations)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..audit.actor import acting_as
from ..audit.models import AuditEntry
from ..audit.services import audit_record
from ..organisations.models import MemberInvitation, Organisation
from ..rounds.models import ERASED_EMAIL_DOMAIN, Respondent, Round
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


# The logboek lines that name a colleague by address or name (organisations/invitations.py,
# organisations/services.py): "address" or "address: role".
COLLEAGUE_ACTIONS = [
    AuditEntry.Action.MEMBER_INVITE,
    AuditEntry.Action.MEMBER_INVITE_WITHDRAW,
    AuditEntry.Action.MEMBER_ADD,
    AuditEntry.Action.MEMBER_ROLE,
    AuditEntry.Action.MEMBER_REMOVE,
]
# The logboek line written when colleagues' addresses go (stored text, as the trail keeps
# names and settings as text).
COLLEAGUES_SUBJECT = (
    "adressen van collega's: %(lines)d in het logboek, %(invitations)d verlopen uitnodigingen"
)


@dataclass(frozen=True)
class ColleaguesErased:
    organisation: Organisation
    entries: int  # logboek lines whose address was replaced
    invitations: int  # expired invitations deleted


def colleague_pseudonym(entry: AuditEntry) -> str:
    """What a logboek line about a colleague says once their address is erased, like a
    respondent's placeholder; a change of role keeps the role."""
    placeholder = f"collega-{entry.pk}{ERASED_EMAIL_DOMAIN}"
    if entry.action == AuditEntry.Action.MEMBER_ROLE and ": " in entry.subject:
        return f"{placeholder}: {entry.subject.rsplit(': ', 1)[1]}"
    return placeholder


def colleague_addresses_erase(*, now=None) -> list[ColleaguesErased]:
    """Erase colleagues' addresses (and names) where the organisation's retention period has
    passed: in logboek lines about inviting, adding, changing or removing a colleague that
    are at least that many months old at `now` (the address becomes a placeholder), and in
    invitations that expired at least that long ago (deleted: an expired link is of no use
    and the logboek keeps that it was sent). Returns what was erased per organisation, each
    in its own transaction with one logboek line signed "systeem". Idempotent: a placeholder
    is not erased again. Colleagues who are members keep their account; that is not
    retention's to erase."""
    now = now or timezone.now()
    lines = AuditEntry.objects.filter(action__in=COLLEAGUE_ACTIONS).exclude(
        subject__contains=ERASED_EMAIL_DOMAIN
    )
    candidates = Organisation.objects.filter(
        Exists(lines.filter(organisation=OuterRef("pk")))
        | Exists(MemberInvitation.objects.filter(organisation=OuterRef("pk"), expires_at__lt=now))
    )
    erased = []
    with acting_as(None):
        for organisation in candidates:
            cutoff = months_after(now, -organisation.retention_months)
            with transaction.atomic():
                entries = list(lines.filter(organisation=organisation, at__lte=cutoff))
                for entry in entries:
                    entry.subject = colleague_pseudonym(entry)
                AuditEntry.objects.bulk_update(entries, ["subject"])
                invitations, _kinds = MemberInvitation.objects.filter(
                    organisation=organisation, expires_at__lte=cutoff
                ).delete()
                if entries or invitations:
                    audit_record(
                        action=AuditEntry.Action.PERSONAL_DATA_ERASE,
                        organisation=organisation,
                        subject=COLLEAGUES_SUBJECT
                        % {"lines": len(entries), "invitations": invitations},
                    )
                    erased.append(ColleaguesErased(organisation, len(entries), invitations))
    return erased
