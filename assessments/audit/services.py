"""Writing the audit trail. Services call audit_record inside their own transaction, so an
entry exists exactly when the change it describes was committed."""

from .actor import current_actor
from .models import SYSTEM_NAME, AuditEntry


def actor_label(user) -> str:
    """How the trail names a person: as the colleagues page does."""
    return user.get_full_name() or user.email or user.get_username()


def audit_record(
    *,
    action: str,
    round=None,
    respondent=None,
    organisation=None,
    subject: str = "",
    count: int | None = None,
) -> AuditEntry:
    """Add one entry to the organisation's trail (the organisation of `round`, or of the
    respondent's round, when not given), signed by the current actor (see actor.py) or by
    "systeem". `subject` is text about a colleague or a setting, never a respondent's data
    or an answer. One query (the insert) when the respondent's round is loaded or `round`
    is given."""
    if respondent is not None and round is None:
        round = respondent.round
    actor = current_actor()
    entry = AuditEntry(
        organisation_id=organisation.pk if organisation else round.organisation_id,
        action=action,
        actor=actor,
        actor_name=actor_label(actor)[:150] if actor else SYSTEM_NAME,
        round=round,
        round_name=round.name if round else "",
        respondent=respondent,
        subject=subject[:200],
        count=count,
    )
    # The links come from the calling service; checking them would cost a query each.
    entry.full_clean(exclude=["organisation", "actor", "round", "respondent"])
    entry.save()
    return entry


def audit_record_many(*, action: str, organisations, subject: str = "") -> None:
    """The same entry in each organisation's trail, signed by the current actor: one insert
    (a begeleider's overview shows several organisations at once)."""
    actor = current_actor()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            organisation_id=organisation.pk,
            action=action,
            actor=actor,
            actor_name=actor_label(actor)[:150] if actor else SYSTEM_NAME,
            subject=subject[:200],
        )
        for organisation in organisations
    )
