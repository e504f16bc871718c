"""Reads about a round that views and services share: the response per role, the reminder
audience and the people of the previous round."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .invitations import Invitee
from .models import Respondent, Round


def round_percent(part: int, whole: int) -> int:
    """`part` of `whole` in whole percents; 0 when `whole` is 0."""
    return round(100 * part / whole) if whole else 0


def response_by_rol(respondents, rollen) -> list[dict]:
    """Per role: invited, sent in, and the rate in whole percents. A respondent counts under the
    role they answer from, or else the role they were invited as ("Onbekend" if neither)."""
    rows = {rol.id: {"name": rol.name, "total": 0, "submitted": 0} for rol in rollen}
    unknown = {"name": _("Rol nog onbekend"), "total": 0, "submitted": 0}
    for respondent in respondents:
        rol_id = respondent.rol_id or respondent.invited_rol_id
        row = rows.get(rol_id, unknown)
        row["total"] += 1
        row["submitted"] += respondent.is_submitted
    result = list(rows.values()) + ([unknown] if unknown["total"] else [])
    for row in result:
        row["rate"] = round_percent(row["submitted"], row["total"])
    return result


def pending_invitations(round: Round) -> QuerySet[Respondent]:
    """People with a working link who have not had their invitation yet (added while the
    round was in concept), with round and organisation for the e-mail."""
    return (
        Respondent.objects.active()
        .filter(round=round, invited_at__isnull=True)
        .select_related("round__organisation")
    )


def reminder_audience(round: Round) -> QuerySet[Respondent]:
    """Who gets a reminder: people with a working link who were invited and have not sent
    their answers yet, with round and organisation for the e-mail."""
    return (
        Respondent.objects.active()
        .filter(round=round, invited_at__isnull=False, submitted_at__isnull=True)
        .select_related("round__organisation")
    )


def returning_people(round: Round, rollen) -> tuple[Round | None, list[Invitee]]:
    """The organisation's previous closed round and its people with a working link (and
    their personal data not erased) who are not in this round yet, with the role they
    answered from (or were invited as), matched by code to this round's `rollen`. (None, [])
    when there is no previous closed round."""
    previous = round.previous_closed()
    if previous is None:
        return None, []
    rol_ids = {rol.code: rol.id for rol in rollen}
    taken = {email.lower() for email in round.respondents.values_list("email", flat=True)}
    people = (
        Respondent.objects.active()
        .not_erased()
        .filter(round=previous)
        .select_related("rol", "invited_rol")
    )
    return previous, [
        Invitee(
            email=person.email,
            name=person.name,
            rol_id=rol_ids.get(getattr(person.shown_rol, "code", None)),
        )
        for person in people
        if person.email.lower() not in taken
    ]
