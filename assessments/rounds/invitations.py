"""Inviting people to a round, sending their personal link, and revoking or reinstating it.
Every one of these is a line in the organisation's logboek (audit/), so an invitation to an
address the coordinator controls is visible to every colleague."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bouwstenen.models import Rol

from ..audit.models import AuditEntry
from ..audit.services import audit_record, audit_record_each
from ..organisations.models import Onderdeel
from .counting import BESTUUR
from .freeze import ANSWERS_FROZEN, lock_editable_round
from .locking import lock_round
from .mail_texts import email_for, round_message
from .models import Respondent, Round, new_token


@dataclass
class Invitee:
    """One person to invite, as read from a pasted line or the single-person form."""

    email: str
    name: str = ""
    rol_id: int | None = None
    line: int | None = None
    language: str = ""  # empty: the organisation's language
    gemeente_id: int | None = None  # a bestuur invitee's gemeente (Respondent.gemeente)


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
    that breaks the model's rules. An invitee without a language gets the organisation's."""
    invitees = list(invitees)
    with transaction.atomic():
        round = lock_round(round.pk, related=["organisation"])
        round.ensure_editable(ANSWERS_FROZEN)
        taken = {email.lower() for email in round.respondents.values_list("email", flat=True)}
        rol_ids = {invitee.rol_id for invitee in invitees} - {None}
        if rol_ids and rol_ids - set(
            Rol.objects.filter(framework_id=round.framework_id).values_list("pk", flat=True)
        ):
            raise ValidationError(_("Kies een rol uit het model van deze ronde."))
        if any(invitee.gemeente_id for invitee in invitees):
            gemeente_check(round, [(i.gemeente_id, i.rol_id) for i in invitees])
        created, duplicates = [], []
        for invitee in invitees:
            email = invitee.email.strip()
            if email.lower() in taken:
                duplicates.append(invitee)
                continue
            taken.add(email.lower())
            respondent = Respondent(
                round=round,
                email=email,
                name=invitee.name,
                invited_rol_id=invitee.rol_id,
                gemeente_id=invitee.gemeente_id,
                language=invitee.language or round.organisation.language,
            )
            # Field rules only. The round is the locked one and the roles were checked once
            # above; checking the foreign keys here would cost two queries per invitee. The
            # database enforces the unique e-mail per round, and duplicates are skipped above.
            respondent.full_clean(
                exclude=["round", "invited_rol", "gemeente"],
                validate_unique=False,
                validate_constraints=False,
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
        audit_record_each(
            action=AuditEntry.Action.RESPONDENT_INVITE, round=round, respondents=created
        )
    if round.is_open:
        invitations_send(respondents=created, url_for=url_for)
    return InviteResult(created=created, duplicates=duplicates)


def gemeente_check(round: Round, pairs) -> None:
    """Raise ValidationError (on the field gemeente) unless each (gemeente id, invited rol
    id) of `pairs` with a gemeente is a gemeente of the round's own organisation for someone
    invited as bestuur. Two queries."""
    wanted = {gemeente for gemeente, _rol in pairs if gemeente is not None}
    if not wanted:
        return
    own = set(
        Onderdeel.objects.filter(
            organisation_id=round.organisation_id, kind=Onderdeel.Kind.GEMEENTE, pk__in=wanted
        ).values_list("pk", flat=True)
    )
    message = None
    if wanted - own:
        message = _("Kies een gemeente van deze organisatie.")
    else:
        bestuur = set(
            Rol.objects.filter(framework_id=round.framework_id, code=BESTUUR).values_list(
                "pk", flat=True
            )
        )
        if any(rol not in bestuur for gemeente, rol in pairs if gemeente is not None):
            message = _("Een gemeente hoort alleen bij iemand die als bestuur is uitgenodigd.")
    if message:
        raise ValidationError({"gemeente": message})


def respondent_gemeente_set(*, respondent: Respondent, gemeente_id: int | None) -> Respondent:
    """Mark someone invited as bestuur with the gemeente they serve (None: none), until
    answering closes (then it is frozen with the respondent, RoundPart). Refuses, changing
    nothing, another organisation's gemeente or someone not invited as bestuur
    (ValidationError), or a round whose answering closed (RoundClosedError)."""
    with transaction.atomic():
        round = lock_editable_round(respondent.round_id, ANSWERS_FROZEN)
        stored = Respondent.objects.select_for_update().get(pk=respondent.pk)
        gemeente_check(round, [(gemeente_id, stored.invited_rol_id)])
        if stored.gemeente_id != gemeente_id:
            stored.gemeente_id = gemeente_id
            stored.save(update_fields=["gemeente"])
            audit_record(
                action=AuditEntry.Action.RESPONDENT_CORRECT, round=round, respondent=stored
            )
    return stored


def invitations_send(
    *, respondents: Iterable[Respondent], url_for: Callable[[str], str], reminder: bool = False
) -> int:
    """E-mail each active respondent their personal link (as a reminder, if asked) and note
    when it was sent. Returns the number of e-mails sent. The respondents must be of one
    round, loaded on each; the round's own texts and contact person are used."""
    respondents = [r for r in respondents if not r.is_revoked]
    if not respondents:
        return 0
    message = round_message(respondents[0].round)
    emails = []
    for respondent in respondents:
        # Each e-mail, and the link in it (reversed inside, so it carries /en/), is in the
        # respondent's language.
        with translation.override(respondent.language or settings.LANGUAGE_CODE):
            link = url_for(respondent.token)
            emails.append(email_for(respondent, link, reminder=reminder, message=message))
    sent = get_connection().send_messages(emails) or 0
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
    audit_record(action=AuditEntry.Action.RESPONDENT_RESEND, respondent=respondent)


def respondent_revoke(*, respondent: Respondent) -> Respondent:
    """Make the respondent's link stop working. Their answers stay out of every figure."""
    with transaction.atomic():
        lock_editable_round(respondent.round_id, ANSWERS_FROZEN)
        if respondent.revoked_at is None:
            respondent.revoked_at = timezone.now()
            respondent.save(update_fields=["revoked_at"])
            audit_record(action=AuditEntry.Action.RESPONDENT_REVOKE, respondent=respondent)
    return respondent


def respondent_reinstate(*, respondent: Respondent) -> Respondent:
    """Undo a revoke: the same link works again and the answers count again."""
    with transaction.atomic():
        lock_editable_round(respondent.round_id, ANSWERS_FROZEN)
        if respondent.revoked_at is not None:
            respondent.revoked_at = None
            respondent.save(update_fields=["revoked_at"])
            audit_record(action=AuditEntry.Action.RESPONDENT_REINSTATE, respondent=respondent)
    return respondent


def _ensure_not_answered(respondent: Respondent) -> None:
    """Correcting or removing someone is for mistakes on the list, before they answered."""
    if respondent.submitted_at or respondent.last_step or respondent.answers.exists():
        raise ValidationError(
            _(
                "%(email)s is al begonnen met de vragenlijst. Corrigeren of verwijderen kan "
                "niet meer; je kunt de link wel intrekken."
            )
            % {"email": respondent.email},
            code="answered",
        )


def respondent_correct(
    *,
    respondent: Respondent,
    email: str,
    name: str,
    rol_id: int | None,
    url_for,
    gemeente_id: int | None = None,
) -> Respondent:
    """Correct the address, name or role of someone on the list who has not answered yet. In
    an open round a new address gets a new personal link by e-mail and the old link stops
    working. Refuses, changing nothing, a closed round (RoundClosedError), someone who
    answered, an address already on the list or a role outside the round's model
    (ValidationError)."""
    email = email.strip()
    with transaction.atomic():
        round = lock_editable_round(respondent.round_id, ANSWERS_FROZEN)
        stored = Respondent.objects.select_for_update().get(pk=respondent.pk)
        _ensure_not_answered(stored)
        others = Respondent.objects.filter(round=round).exclude(pk=stored.pk)
        if any(other.lower() == email.lower() for other in others.values_list("email", flat=True)):
            raise ValidationError(
                {"email": _("Dit e-mailadres is al uitgenodigd voor deze ronde.")}
            )
        if (
            rol_id is not None
            and not Rol.objects.filter(pk=rol_id, framework_id=round.framework_id).exists()
        ):
            raise ValidationError({"rol": _("Kies een rol uit het model van deze ronde.")})
        gemeente_check(round, [(gemeente_id, rol_id)])
        new_address = email.lower() != stored.email.lower()
        stored.email, stored.name, stored.invited_rol_id = email, name.strip(), rol_id
        stored.gemeente_id = gemeente_id
        if new_address:
            stored.token = new_token()
            stored.invited_at = stored.last_sent_at = None
        stored.full_clean(exclude=["round", "invited_rol", "rol", "gemeente"])
        stored.save()
        audit_record(action=AuditEntry.Action.RESPONDENT_CORRECT, round=round, respondent=stored)
    stored.round = round
    if new_address and round.is_open and not stored.is_revoked:
        invitations_send(respondents=[stored], url_for=url_for)
    return stored


def respondent_remove(*, respondent: Respondent) -> None:
    """Take someone who has not answered yet off the round's list; their link stops working.
    Refuses, removing nothing, a closed round (RoundClosedError) or someone who answered
    (ValidationError)."""
    with transaction.atomic():
        round = lock_editable_round(respondent.round_id, ANSWERS_FROZEN)
        stored = Respondent.objects.select_for_update().get(pk=respondent.pk)
        _ensure_not_answered(stored)
        stored.delete()
        # The person is gone from the list, so the entry names nobody: only that one was.
        audit_record(action=AuditEntry.Action.RESPONDENT_REMOVE, round=round, count=1)
