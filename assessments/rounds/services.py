"""A round's life: creating, opening, changing, closing and deleting it, erasing its personal
data, and the e-mails that go with opening and reminding."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bouwstenen.models import Bouwsteen, Framework, Rol
from bouwstenen.snapshot import framework_snapshot

from ..audit.models import AuditEntry
from ..audit.services import audit_record
from ..common.addresses import address_key, same_address
from ..common.lock_conflicts import retry_once_on_lock_conflict
from ..organisations.models import Membership, Onderdeel, Organisation
from .freeze import ANSWERS_FROZEN, lock_editable_round
from .invitations import Invitee, invitations_send, respondents_invite
from .locking import lock_people, lock_round
from .messages import ReminderSent
from .models import Respondent, Round
from .reminders import reminder_plan
from .selectors import answers_close_count, pending_invitations
from .signals import round_answers_closed, round_closing

# The entry a round's change of status makes in the logboek (_change_status).
ROUND_STATUS_ACTIONS = {
    Round.Status.OPEN: AuditEntry.Action.ROUND_OPEN,
    Round.Status.ANSWERS_CLOSED: AuditEntry.Action.ANSWERS_CLOSE,
    Round.Status.CLOSED: AuditEntry.Action.ROUND_CLOSE,
}


@dataclass
class RemindResult:
    sent: int
    skipped: int  # reminded within the interval
    next_at: datetime.datetime | None  # when the first skipped one may be reminded again


def asked_numbers(framework: Framework, numbers) -> list[int]:
    """The chosen bouwsteen numbers as Round.asked_bouwstenen stores them: in the model's
    order, and [] when every bouwsteen of the model was chosen. A number the model does not
    have is kept, for Round.clean to refuse. One query."""
    chosen = set(numbers)
    ordered = list(Bouwsteen.objects.filter(framework=framework).values_list("number", flat=True))
    if chosen == set(ordered):
        return []
    return [number for number in ordered if number in chosen] + sorted(chosen - set(ordered))


@transaction.atomic
def round_create(
    *,
    organisation: Organisation,
    framework: Framework,
    name: str,
    deadline,
    created_by,
    onderdeel: Onderdeel | None = None,
    asked_bouwstenen=(),
) -> Round:
    """Start a concept round for the organisation, with the organisation's minimum group
    size (the last one a round of it used), about the whole organisation or one of its parts
    (`onderdeel`), asking the bouwstenen numbered in `asked_bouwstenen` (empty: all). Raises
    ValidationError, creating nothing, when the model is not published, when `created_by`
    does not coordinate the organisation, for another organisation's part, a bouwsteen the
    model does not have, or for a field that breaks the model's rules."""
    if not framework.is_published:
        raise ValidationError({"framework": _("Kies een gepubliceerd model.")})
    coordinates = Membership.objects.filter(
        organisation=organisation, user=created_by, role=Membership.Role.COORDINATOR
    ).exists()
    if not coordinates:
        raise ValidationError(
            {"organisation": _("Je kunt alleen rondes starten voor je eigen organisatie.")}
        )
    round = Round(
        organisation=organisation,
        framework=framework,
        name=name,
        deadline=deadline,
        created_by=created_by,
        min_group_size=organisation.min_group_size,
        onderdeel=onderdeel,
        asked_bouwstenen=_chosen(framework, asked_bouwstenen),
    )
    round.full_clean()
    round.save()
    return round


def _change_status(round: Round, status: str, stamp: str) -> Round:
    """Move a locked, editable round to `status`, noting the time in the field `stamp`, with
    its model texts frozen if that was not done yet."""
    if not round.snapshot:
        round.snapshot = framework_snapshot(round.framework)
    round.status = status
    setattr(round, stamp, timezone.now())
    round.full_clean()
    round.save()
    audit_record(action=ROUND_STATUS_ACTIONS[status], round=round)
    return round


@transaction.atomic
def round_open(*, round: Round) -> Round:
    """Open a concept round for answers and freeze the model texts it will be answered
    against. Opening an open round again changes nothing; a round whose answering was
    closed is refused (RoundClosedError): answering never opens again, as a second final
    release could then differ from the first by a few people. Sends nothing: see
    round_open_and_invite."""
    stored = lock_editable_round(round.pk, ANSWERS_FROZEN)
    if stored.status == Round.Status.OPEN:
        return stored
    stored.snapshot = framework_snapshot(stored.framework)
    return _change_status(stored, Round.Status.OPEN, "opened_at")


def round_open_and_invite(*, round: Round, url_for: Callable[[str], str]) -> int:
    """Open the round (see round_open) and e-mail their link to everyone added while it was in
    concept (not to revoked people); returns the number of e-mails sent. Refuses, opening
    nothing, a concept round with nobody on its list with a working link (ValidationError):
    it could then never be deleted. The opening stands even if the mail server fails: people
    not reached keep an empty invited_at."""
    if (
        round.status == Round.Status.CONCEPT
        and not Respondent.objects.active().filter(round=round).exists()
    ):
        raise ValidationError(
            _(
                "Nodig eerst minstens één persoon uit. Een ronde zonder deelnemers kun je "
                "niet openen."
            )
        )
    round = round_open(round=round)
    return invitations_send(respondents=pending_invitations(round), url_for=url_for)


@retry_once_on_lock_conflict
@transaction.atomic
def round_answers_close(*, round: Round) -> Round:
    """Close answering of an open round: answers, people and links freeze, and the round's
    figures are released once, in full, from the people counted now (see counting.py and
    selectors.answers_close_count); the consensus meeting works on them. Refuses a round that
    is not open (ValidationError; RoundClosedError once closed). Cannot be undone. The round
    is locked first, then its people, so a save or send in flight finishes before the count."""
    stored = lock_editable_round(round.pk, ANSWERS_FROZEN)
    if stored.status != Round.Status.OPEN:
        raise ValidationError(_("Invullen sluiten kan alleen als de ronde open is."))
    lock_people(stored.pk)  # the saves and sends in flight finish first (locking.py)
    count = answers_close_count(stored)
    people = Respondent.objects.filter(round=stored)
    # Plain QuerySets: the round is locked open, and these flags are the freeze itself.
    models.QuerySet.update(people.filter(pk__in=count.counted), counted=True)
    models.QuerySet.update(people.filter(pk__in=count.insiders), insider=True)
    stored = _change_status(stored, Round.Status.ANSWERS_CLOSED, "answers_closed_at")
    round_answers_closed.send(sender=Round, round=stored)  # figures stored (reporting/signals)
    return stored


@retry_once_on_lock_conflict
@transaction.atomic
def round_close(*, round: Round) -> Round:
    """Close a round for good after its consensus meeting: its consensus can no longer
    change either, and its report is final. An open round has its answering closed first
    (round_answers_close). Its actions live on in the action plan, while its report keeps
    them as they are now."""
    stored = lock_editable_round(round.pk)
    if stored.status == Round.Status.OPEN:
        stored = round_answers_close(round=stored)
    if stored.status != Round.Status.ANSWERS_CLOSED:
        raise ValidationError(
            _("Alleen een ronde waarvan het invullen gesloten is, kun je sluiten.")
        )
    round_closing.send(sender=Round, round=stored)  # the actions are frozen (actions/signals.py)
    return _change_status(stored, Round.Status.CLOSED, "closed_at")


def round_delete(*, round: Round) -> None:
    """Delete a concept round with its list of people: nobody has had a link yet, so no answer
    is lost. An open or closed round is refused with a ValidationError, deleting nothing."""
    with transaction.atomic():
        stored = lock_round(round.pk)
        stored.ensure_deletable()
        stored.delete()


def round_remind(*, round: Round, url_for: Callable[[str], str], user=None) -> RemindResult:
    """E-mail a reminder to the reminder audience (see selectors.reminder_audience) except
    those reminded within settings.REMINDER_INTERVAL_HOURS, and log each one sent with `user`
    ("laatst herinnerd op"). Returns how many were sent and skipped. The round's row is locked
    while it runs, so two clicks at once send one reminder each. Refuses a round that is not
    open as stored (it may have been closed since the page was read) with a ValidationError."""
    with transaction.atomic():
        stored = Round.objects.select_for_update(no_key=True).filter(pk=round.pk).first()
        if stored is None or stored.status != Round.Status.OPEN:
            raise ValidationError(_("Herinneringen kun je alleen sturen als de ronde open is."))
        plan = reminder_plan(stored)
        sent = invitations_send(respondents=plan.due, url_for=url_for, reminder=True)
        now = timezone.now()
        ReminderSent.objects.bulk_create(
            ReminderSent(respondent=person, sent_at=now, sent_by=user) for person in plan.due
        )
        audit_record(action=AuditEntry.Action.ROUND_REMIND, round=stored, count=sent)
    return RemindResult(sent=sent, skipped=len(plan.recent), next_at=plan.next_at)


def respondent_self_invite(*, round: Round, user, url_for: Callable[[str], str]) -> Respondent:
    """The user's own respondent in the round (their e-mail address, compared
    case-insensitively), added and sent their link the first time; asking again, or twice at
    once, returns the same respondent. Raises ValidationError, adding nobody, when the round
    is not open, when the account has no e-mail address, or when the user's own link was
    revoked."""
    if not round.is_open:
        raise ValidationError(_("Invullen kan pas als de ronde open is."))
    if not user.email:
        raise ValidationError(
            _("Je account heeft geen e-mailadres. Vraag de beheerder om het toe te voegen.")
        )
    if address_key(user.email) is None:  # look-alike letters: nobody's address (addresses.py)
        raise ValidationError(
            _(
                "Het e-mailadres van je account heeft tekens die we niet aannemen. Vraag de "
                "beheerder om het aan te passen."
            )
        )
    email = user.email.strip()
    respondent = _own_respondent(round, email)
    if respondent is None:
        # in the language the coordinator is using the tool in
        invitee = Invitee(
            email=email, name=user.get_full_name(), language=translation.get_language() or ""
        )
        result = respondents_invite(round=round, invitees=[invitee], url_for=url_for)
        # The one just added, or the one a second click added a moment earlier.
        respondent = result.created[0] if result.created else _own_respondent(round, email)
        if result.created:
            audit_record(action=AuditEntry.Action.SELF_FILL, respondent=respondent)
    if respondent.is_revoked:
        raise ValidationError(
            _("Je eigen link is ingetrokken. Laat hem eerst weer werken, hieronder.")
        )
    return respondent


def _own_respondent(round: Round, email: str) -> Respondent | None:
    """The round's respondent with the account's address (as address_key, in Python: the
    database's case-insensitive comparison folds look-alike letters), or None."""
    return next((r for r in round.respondents.all() if same_address(r.email, email)), None)


def round_personal_data_erase(*, round: Round) -> int:
    """Erase the respondents' personal data of a closed round (see
    RespondentQuerySet.erase_personal_data); returns how many were erased. An open or concept
    round still needs the addresses, so it is refused with a ValidationError."""
    with transaction.atomic():
        round = lock_round(round.pk)
        if not round.is_closed:
            raise ValidationError(_("Persoonsgegevens wissen kan pas als de ronde gesloten is."))
        erased = Respondent.objects.filter(round=round).erase_personal_data()
        audit_record(action=AuditEntry.Action.PERSONAL_DATA_ERASE, round=round, count=erased)
        return erased


NO_SCOPE_CHANGE = object()  # round_update: keep the part or the asked bouwstenen


def round_update(
    *,
    round: Round,
    name: str,
    deadline,
    framework=None,
    onderdeel=NO_SCOPE_CHANGE,
    asked_bouwstenen=NO_SCOPE_CHANGE,
) -> Round:
    """Change a round's name and deadline, and in concept its model version and its scope
    (`onderdeel`: a part or None for the whole organisation; `asked_bouwstenen`: numbers,
    empty for all): people already on the list then keep the role they were invited as,
    matched by code in the new model. Refuses a closed round (RoundClosedError), and a
    change of scope once the round has opened (ValidationError, code scope_fixed); only
    these fields are written, so a round that was opened meanwhile stays open."""
    with transaction.atomic():
        stored = lock_editable_round(round.pk)
        round.name, round.deadline = name, deadline
        fields = ["name", "deadline"]
        if framework is not None and stored.status == Round.Status.CONCEPT:
            if framework.pk != stored.framework_id:
                _move_invited_roles(round, framework)
            round.framework = framework
            fields.append("framework")
        if onderdeel is not NO_SCOPE_CHANGE:
            round.onderdeel = onderdeel
            fields.append("onderdeel")
        if asked_bouwstenen is not NO_SCOPE_CHANGE:
            round.asked_bouwstenen = _chosen(round.framework, asked_bouwstenen)
            fields.append("asked_bouwstenen")
        round.full_clean(exclude=["organisation"])
        round.save(update_fields=fields)
    return round


def _chosen(framework: Framework, numbers) -> list[int]:
    """asked_numbers of a choice; nothing chosen stands for every bouwsteen."""
    return asked_numbers(framework, numbers) if numbers else []


def _move_invited_roles(round: Round, framework) -> None:
    rollen = {rol.code: rol.pk for rol in Rol.objects.filter(framework=framework)}
    people = list(Respondent.objects.filter(round=round).select_related("invited_rol"))
    for person in people:
        code = person.invited_rol.code if person.invited_rol else None
        person.invited_rol_id = rollen.get(code)
    Respondent.objects.bulk_update(people, ["invited_rol"])
