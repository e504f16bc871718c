"""Inviting people to a round, sending their personal link, and revoking or reinstating it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from bouwstenen.models import Rol

from ..audit.models import AuditEntry
from ..audit.services import audit_record
from .freeze import RoundClosedError, lock_editable_round
from .models import Respondent, Round


@dataclass
class Invitee:
    """One person to invite, as read from a pasted line or the single-person form."""

    email: str
    name: str = ""
    rol_id: int | None = None
    line: int | None = None


@dataclass
class InviteResult:
    created: list
    duplicates: list  # Invitees whose address is already in the round


def respondents_invite(
    *, round: Round, invitees: Iterable[Invitee], url_for: Callable[[str], str]
) -> InviteResult:
    """Add the invitees to the round as respondents; skip addresses already in it (compared
    case-insensitively). In an open round the new people get their e-mail at once; in a concept
    round the e-mails go out when the round opens. Refuses a closed round (RoundClosedError);
    raises ValidationError, adding nobody, for a role outside the round's model or a field
    that breaks the model's rules."""
    invitees = list(invitees)
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        round.ensure_editable()
        if round.is_closed:
            raise RoundClosedError()
        taken = {email.lower() for email in round.respondents.values_list("email", flat=True)}
        rol_ids = {invitee.rol_id for invitee in invitees} - {None}
        if rol_ids and rol_ids - set(
            Rol.objects.filter(framework_id=round.framework_id).values_list("pk", flat=True)
        ):
            raise ValidationError(_("Kies een rol uit het model van deze ronde."))
        created, duplicates = [], []
        for invitee in invitees:
            email = invitee.email.strip()
            if email.lower() in taken:
                duplicates.append(invitee)
                continue
            taken.add(email.lower())
            respondent = Respondent(
                round=round, email=email, name=invitee.name, invited_rol_id=invitee.rol_id
            )
            # Field rules only. The round is the locked one and the roles were checked once
            # above; checking the foreign keys here would cost two queries per invitee. The
            # database enforces the unique e-mail per round, and duplicates are skipped above.
            respondent.full_clean(
                exclude=["round", "invited_rol"], validate_unique=False, validate_constraints=False
            )
            created.append((invitee, respondent))
        try:
            with transaction.atomic():
                Respondent.objects.bulk_create([respondent for _invitee, respondent in created])
        except IntegrityError:
            # Someone added one of these addresses after they were read above, without the
            # round's lock (a second click, or a database where select_for_update does
            # nothing). Read them again and add the others.
            taken = {email.lower() for email in round.respondents.values_list("email", flat=True)}
            duplicates += [i for i, r in created if r.email.lower() in taken]
            created = [(i, r) for i, r in created if r.email.lower() not in taken]
            Respondent.objects.bulk_create([respondent for _invitee, respondent in created])
        created = [respondent for _invitee, respondent in created]
    if round.is_open:
        invitations_send(respondents=created, url_for=url_for)
    return InviteResult(created=created, duplicates=duplicates)


def invitations_send(
    *, respondents: Iterable[Respondent], url_for: Callable[[str], str], reminder: bool = False
) -> int:
    """E-mail each active respondent their personal link (as a reminder, if asked) and note
    when it was sent. Returns the number of e-mails sent. The round must be loaded on each
    respondent."""
    respondents = [r for r in respondents if not r.is_revoked]
    if not respondents:
        return 0
    template = "emails/reminder.txt" if reminder else "emails/invitation.txt"
    subject = _("Herinnering: %(round)s") if reminder else _("Uitnodiging: %(round)s")
    messages = []
    for respondent in respondents:
        context = {
            "respondent": respondent,
            "round": respondent.round,
            "url": url_for(respondent.token),
            "started": respondent.last_step != "",
        }
        body = render_to_string(template, context)
        messages.append(
            (
                subject % {"round": respondent.round.name},
                body,
                settings.DEFAULT_FROM_EMAIL,
                [respondent.email],
            )
        )
    sent = send_mass_mail(messages, fail_silently=False)
    now = timezone.now()
    ids = [r.pk for r in respondents]
    Respondent.objects.filter(pk__in=ids, invited_at__isnull=True).update(invited_at=now)
    Respondent.objects.filter(pk__in=ids).update(last_sent_at=now)
    return sent


def respondent_link_resend(*, respondent: Respondent, url_for: Callable[[str], str]) -> None:
    """E-mail the respondent their personal link again (the round must be loaded on them).
    Refuses, sending nothing, a revoked link or a round that is not open as stored (it may
    have been closed since the page was read) with a ValidationError."""
    still_open = Round.objects.filter(pk=respondent.round_id, status=Round.Status.OPEN)
    if respondent.is_revoked or not still_open.exists():
        raise ValidationError(_("Alleen in een open ronde kun je een actieve link opnieuw sturen."))
    invitations_send(respondents=[respondent], url_for=url_for)


def respondent_revoke(*, respondent: Respondent) -> Respondent:
    """Make the respondent's link stop working. Their answers stay out of every figure."""
    with transaction.atomic():
        lock_editable_round(respondent.round_id)
        if respondent.revoked_at is None:
            respondent.revoked_at = timezone.now()
            respondent.save(update_fields=["revoked_at"])
            audit_record(action=AuditEntry.Action.RESPONDENT_REVOKE, respondent=respondent)
    return respondent


def respondent_reinstate(*, respondent: Respondent) -> Respondent:
    """Undo a revoke: the same link works again and the answers count again."""
    with transaction.atomic():
        lock_editable_round(respondent.round_id)
        if respondent.revoked_at is not None:
            respondent.revoked_at = None
            respondent.save(update_fields=["revoked_at"])
            audit_record(action=AuditEntry.Action.RESPONDENT_REINSTATE, respondent=respondent)
    return respondent
