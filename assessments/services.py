"""Writes that touch several records of a round."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from bouwstenen.models import Bouwsteen, Rol
from bouwstenen.snapshot import framework_snapshot

from .models import Answer, Consensus, ImprovementAction, Respondent, Round, RoundClosedError


@transaction.atomic
def round_open(*, round: Round) -> Round:
    """Open a concept round for answers and freeze the model texts it will be answered
    against. Opening an open round again changes nothing."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status == Round.Status.OPEN:
        return round
    round.ensure_editable()
    round.snapshot = framework_snapshot(round.framework)
    round.status = Round.Status.OPEN
    round.opened_at = timezone.now()
    round.full_clean()
    round.save()
    return round


@transaction.atomic
def round_close(*, round: Round) -> Round:
    """Close a round for good. Its answers, consensus and actions can no longer change."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    round.ensure_editable()
    if not round.snapshot:
        round.snapshot = framework_snapshot(round.framework)
    round.status = Round.Status.CLOSED
    round.closed_at = timezone.now()
    round.full_clean()
    round.save()
    return round


def round_personal_data_erase(*, round: Round) -> int:
    """Erase the respondents' personal data of a closed round (see
    RespondentQuerySet.erase_personal_data); returns how many were erased. An open or concept
    round still needs the addresses, so it is refused with a ValidationError."""
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        if not round.is_closed:
            raise ValidationError(_("Persoonsgegevens wissen kan pas als de ronde gesloten is."))
        return Respondent.objects.filter(round=round).erase_personal_data()


def round_texts(round: Round) -> dict:
    """The model texts a round is shown with: its frozen snapshot once opened, else the
    framework's current texts."""
    return round.snapshot or framework_snapshot(round.framework)


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
            created.append(respondent)
        Respondent.objects.bulk_create(created)
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


def _lock_editable_round(round_id: int) -> Round:
    """Lock the round against a close running at the same time; refuse it once closed."""
    round = Round.objects.select_for_update().get(pk=round_id)
    if round.is_closed:
        raise RoundClosedError()
    return round


def round_update(*, round: Round, name: str, deadline, framework=None) -> Round:
    """Change a round's name and deadline, and in concept its model version: people already
    on the list then keep the role they were invited as, matched by code in the new model.
    Refuses a closed round (RoundClosedError); only these fields are written, so a round that
    was opened meanwhile stays open."""
    with transaction.atomic():
        stored = _lock_editable_round(round.pk)
        round.name, round.deadline = name, deadline
        fields = ["name", "deadline"]
        if framework is not None and stored.status == Round.Status.CONCEPT:
            if framework.pk != stored.framework_id:
                _move_invited_roles(round, framework)
            round.framework = framework
            fields.append("framework")
        round.full_clean(exclude=["organisation"])
        round.save(update_fields=fields)
    return round


def _move_invited_roles(round: Round, framework) -> None:
    rollen = {rol.code: rol.pk for rol in Rol.objects.filter(framework=framework)}
    people = list(Respondent.objects.filter(round=round).select_related("invited_rol"))
    for person in people:
        code = person.invited_rol.code if person.invited_rol else None
        person.invited_rol_id = rollen.get(code)
    Respondent.objects.bulk_update(people, ["invited_rol"])


def respondent_revoke(*, respondent: Respondent) -> Respondent:
    """Make the respondent's link stop working. Their answers stay out of every figure."""
    with transaction.atomic():
        _lock_editable_round(respondent.round_id)
        if respondent.revoked_at is None:
            respondent.revoked_at = timezone.now()
            respondent.save(update_fields=["revoked_at"])
    return respondent


def respondent_reinstate(*, respondent: Respondent) -> Respondent:
    """Undo a revoke: the same link works again and the answers count again."""
    with transaction.atomic():
        _lock_editable_round(respondent.round_id)
        if respondent.revoked_at is not None:
            respondent.revoked_at = None
            respondent.save(update_fields=["revoked_at"])
    return respondent


@dataclass
class AnswerInput:
    bouwsteen_id: int
    current_level: int | None
    desired_level: int | None
    toelichting: str


@dataclass(frozen=True)
class SaveMark:
    """Which open questionnaire page sent a save (a random id per page load) and its place in
    that page's saves. A page that is closing sends its last save while an older one may still
    be on its way; the mark lets the newer one win whichever arrives last."""

    page: str
    seq: int


class StaleSaveError(Exception):
    """The save was overtaken by a newer one from the same page; nothing was written."""


def _respondent_progress_update(
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


def _lock_open_round(respondent: Respondent) -> Round:
    round = Round.objects.select_for_update().get(pk=respondent.round_id)
    if not round.is_open:
        raise RoundClosedError()
    return round


@transaction.atomic
def answers_save(
    *,
    respondent: Respondent,
    answers: Iterable[AnswerInput],
    last_step: str = "",
    mark: SaveMark | None = None,
) -> list[Answer]:
    """Insert or update the respondent's answers for the given bouwstenen in one statement,
    all or nothing. Refuses (RoundClosedError) unless the round is open; raises
    ValidationError for a level off the scale or a toelichting over the limit, and
    StaleSaveError for a save that a newer one from the same page (`mark`) has overtaken,
    saving nothing. Takes a fixed number of queries whatever the number of answers."""
    _lock_open_round(respondent)
    objs = []
    for item in answers:
        answer = Answer(
            respondent=respondent,
            bouwsteen_id=item.bouwsteen_id,
            current_level=item.current_level,
            desired_level=item.desired_level,
            toelichting=item.toelichting,
        )
        # Field rules (scale, length) only. The foreign keys come from the scoped respondent
        # and the round's snapshot; checking them and the unique/check constraints here
        # would cost a query per answer, and the database enforces them anyway.
        answer.full_clean(
            exclude=["respondent", "bouwsteen"], validate_unique=False, validate_constraints=False
        )
        objs.append(answer)
    _respondent_progress_update(respondent, last_step, mark)
    Answer.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=["respondent", "bouwsteen"],
        update_fields=["current_level", "desired_level", "toelichting", "updated_at"],
    )
    return objs


@transaction.atomic
def respondent_set_rol(
    *, respondent: Respondent, rol_id: int, function: str, last_step: str = ""
) -> Respondent:
    """Record the role the respondent answers from (and their function). Open rounds only."""
    _lock_open_round(respondent)
    respondent.rol_id = rol_id
    respondent.function = function
    respondent.last_step = last_step or respondent.last_step
    respondent.full_clean(validate_unique=False, validate_constraints=False)
    respondent.save(update_fields=["rol", "function", "last_step"])
    return respondent


@transaction.atomic
def respondent_submit(*, respondent: Respondent, last_step: str = "") -> bool:
    """Mark the questionnaire as sent. Returns False (and changes nothing) when it was sent
    before: a double submit keeps the first time. Open rounds only."""
    _lock_open_round(respondent)
    updated = Respondent.objects.filter(pk=respondent.pk, submitted_at__isnull=True).update(
        submitted_at=timezone.now(), last_step=last_step
    )
    return bool(updated)


def consensus_record(*, round: Round, bouwsteen, level: int | None, note: str = ""):
    """Record the level the team agreed on for one bouwsteen (see consensus_record_many).
    Returns the consensus, or None when it was removed."""
    recorded = consensus_record_many(round=round, decisions={bouwsteen: (level, note)})
    return recorded[0] if recorded else None


@transaction.atomic
def consensus_record_many(*, round: Round, decisions: dict) -> list:
    """Record agreed levels: `decisions` maps a bouwsteen to (level, note); a level of None
    removes that bouwsteen's consensus. Refused for a closed round. Uses a fixed number of
    queries whatever the number of bouwstenen."""
    round.ensure_editable()
    existing = {
        consensus.bouwsteen_id: consensus
        for consensus in Consensus.objects.filter(round=round, bouwsteen__in=list(decisions))
    }
    removed = [
        bouwsteen.pk
        for bouwsteen, (level, _note) in decisions.items()
        if level is None and bouwsteen.pk in existing
    ]
    if removed:
        Consensus.objects.filter(round=round, bouwsteen_id__in=removed).delete()
    now = timezone.now()
    to_create, to_update = [], []
    for bouwsteen, (level, note) in decisions.items():
        if level is None:
            continue
        consensus = existing.get(bouwsteen.pk) or Consensus(round=round, bouwsteen=bouwsteen)
        consensus.level, consensus.note, consensus.decided_at = level, note, now
        # The round and bouwsteen are the caller's; one consensus per bouwsteen is ensured
        # by `existing`, so no per-row queries are needed to validate.
        consensus.full_clean(
            exclude=["round", "bouwsteen"], validate_unique=False, validate_constraints=False
        )
        (to_update if consensus.pk else to_create).append(consensus)
    Consensus.objects.bulk_create(to_create)
    Consensus.objects.bulk_update(to_update, ["level", "note", "decided_at"])
    return to_create + to_update


@transaction.atomic
def actions_carry_over(*, from_round: Round, to_round: Round) -> list:
    """Copy the unfinished actions of a closed round into a newer round of the same
    organisation, linked to their origin. Actions carried before are not copied twice.
    Bouwstenen are matched by number, so the actions survive a new model version."""
    to_round.ensure_editable()
    already = set(
        ImprovementAction.objects.filter(round=to_round, carried_from__isnull=False).values_list(
            "carried_from_id", flat=True
        )
    )
    bouwstenen = {b.number: b for b in Bouwsteen.objects.filter(framework=to_round.framework)}
    rollen = {rol.code: rol for rol in Rol.objects.filter(framework=to_round.framework)}
    unfinished = (
        ImprovementAction.objects.filter(
            round=from_round,
            status__in=[ImprovementAction.Status.PLANNED, ImprovementAction.Status.IN_PROGRESS],
        )
        .exclude(pk__in=already)
        .select_related("bouwsteen", "owner_rol")
    )
    carried = []
    for action in unfinished:
        bouwsteen = bouwstenen.get(action.bouwsteen.number)
        rol = rollen.get(action.owner_rol.code)
        if bouwsteen is None or rol is None:
            continue
        copy = ImprovementAction(
            round=to_round,
            bouwsteen=bouwsteen,
            title=action.title,
            description=action.description,
            line=action.line,
            owner_rol=rol,
            owner_name=action.owner_name,
            due_date=action.due_date,
            status=action.status,
            carried_from=action,
        )
        copy.full_clean()
        copy.save()
        carried.append(copy)
    return carried
