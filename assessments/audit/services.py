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
    entry = _entry(
        current_actor(),
        action=action,
        round=round,
        respondent=respondent,
        organisation=organisation,
        subject=subject,
        count=count,
    )
    entry.save()
    return entry


def audit_download(*, what: str, round=None, organisation=None) -> AuditEntry:
    """A download (CSV, workbook, PDF) in the trail: `what` names the file, for `round` or,
    without one, for `organisation`. One query."""
    return audit_record(
        action=AuditEntry.Action.DOWNLOAD, round=round, organisation=organisation, subject=what
    )


def audit_record_each(*, action: str, round, respondents) -> list[AuditEntry]:
    """One entry per respondent of `round` (saved ones), as audit_record would write them,
    in one query whatever their number: inviting a list of 300 people records 300 lines."""
    actor = current_actor()
    entries = [
        _entry(actor, action=action, round=round, respondent=respondent)
        for respondent in respondents
    ]
    return AuditEntry.objects.bulk_create(entries)


def _entry(
    actor, *, action, round=None, respondent=None, organisation=None, subject="", count=None
) -> AuditEntry:
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
    return entry


# The fields of a respondent whose change, outside the services (the beheerder's admin), is
# a correction of who is invited as what.
RESPONDENT_CORRECTED_FIELDS = {"email", "name", "invited_rol", "rol", "round"}


def respondent_edit_record(*, respondent, changed: list[str], added: bool) -> None:
    """The logboek lines for a respondent added or changed by hand (the admin): added is an
    invitation, a new `revoked_at` a revoke or reinstate, a changed address, name or role a
    correction. Call inside the transaction that saved it."""
    if added:
        audit_record(action=AuditEntry.Action.RESPONDENT_INVITE, respondent=respondent)
        return
    if "revoked_at" in changed:
        revoked = respondent.revoked_at is not None
        action = "RESPONDENT_REVOKE" if revoked else "RESPONDENT_REINSTATE"
        audit_record(action=AuditEntry.Action[action], respondent=respondent)
    if RESPONDENT_CORRECTED_FIELDS & set(changed):
        audit_record(action=AuditEntry.Action.RESPONDENT_CORRECT, respondent=respondent)


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
