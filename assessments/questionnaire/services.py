"""A respondent's writes: their role, their answers and sending the questionnaire."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bouwstenen import scale

from ..audit.models import AuditEntry
from ..audit.services import audit_record
from ..common.lock_conflicts import retry_once_on_lock_conflict
from ..rounds.freeze import RoundClosedError, frozen_error
from ..rounds.locking import LockedRespondent, forget_round, lock_respondent, read_round_state
from ..rounds.models import Respondent, Round
from ..rounds.scope import asked_of
from ..rounds.tussenstanden import Tussenstand
from . import answer_statements, autosave_call
from .models import TOELICHTING_MAX_LENGTH, Answer
from .save_marks import SaveMark


@dataclass
class AnswerInput:
    """One bouwsteen's answer as the respondent left it. `version` is the stored version the
    page showed (0: no answer yet); None saves whatever is stored (scripts, tests).
    `after_own_save` marks an answer that was also in the page's save still in flight
    (see SaveMark.after)."""

    bouwsteen_id: int
    current_level: int | None
    desired_level: int | None
    toelichting: str
    version: int | None = None
    after_own_save: bool = False


@dataclass
class SaveResult:
    """What answers_save did: the new version of every answer it stored, and the stored
    answers it refused to overwrite because they were newer than the version the save was
    based on. `overtaken`: a newer save from the same page was in already; nothing written."""

    saved: dict[int, int] = field(default_factory=dict)
    conflicts: list[Answer] = field(default_factory=list)
    overtaken: bool = False


class AnswersSentError(RoundClosedError):
    """The questionnaire was sent: nothing in it changes until the respondent reopens it
    (respondent_reopen). A kind of RoundClosedError, so every page and the autosave refuse
    it the same way (409, saving nothing)."""

    def __init__(self):
        super().__init__(
            _(
                "Je hebt je antwoorden al verstuurd. Er is niets gewijzigd. Wil je toch iets "
                "veranderen? Kies dan eerst ‘Antwoorden weer openen’ op het overzicht."
            ),
            code="sent",
        )


class _RoundNotAsKnown(Exception):
    """The round's opened_at is not the one this process read its ids and codes with (a
    database restored under a running app): nothing was written."""


def _conflicts(locked: LockedRespondent, answers, saved: dict) -> list[Answer]:
    """The stored answers of those the upsert refused (one query, only when it refused)."""
    refused = [item.bouwsteen_id for item in answers if item.bouwsteen_id not in saved]
    if not refused:
        return []
    return list(Answer.objects.filter(respondent_id=locked.respondent_id, bouwsteen_id__in=refused))


def _check_open(locked: LockedRespondent, sent_allowed: bool = False) -> LockedRespondent:
    if locked.round_status != Round.Status.OPEN:
        raise frozen_error(locked.round_status)
    if locked.submitted_at is not None and not sent_allowed:
        raise AnswersSentError()
    return locked


def _lock_open(
    *,
    respondent_id: int | None = None,
    token: str | None = None,
    sent_allowed: bool = False,
    read_round: bool = True,
) -> LockedRespondent:
    """The active respondent (by id or token), their row locked against their own other saves
    and against a close, with the state of their round read after the lock (the lock order
    of rounds/locking.py). Saves of different respondents never wait for each other, while
    closing answering waits for the saves in flight, and a save that comes after the close
    sees it and is refused: a closed round never receives a write. Raises Http404 for an
    unknown or revoked token, RoundClosedError unless the round is open, and
    AnswersSentError when the respondent sent their answers (unless `sent_allowed`).
    Without `read_round` the status may be left for the writing statement to read
    (rounds/locking.py, lock_respondent)."""
    locked = lock_respondent(respondent_id=respondent_id, token=token, read_round=read_round)
    if locked is None:
        raise Http404
    if locked.round_status is None:
        if locked.submitted_at is None:
            return locked
        locked = read_round_state(locked)  # a closed round says so before "sent"
    return _check_open(locked, sent_allowed)


def _check(answers: Iterable[AnswerInput]) -> list[AnswerInput]:
    """Field rules (scale, length) only, no query. The foreign keys come from the locked
    respondent and the round's snapshot, and the database enforces its constraints anyway."""
    answers = list(answers)
    for item in answers:
        if _plainly_valid(item):
            continue  # what full_clean would pass, without building a model instance
        Answer(
            current_level=item.current_level,
            desired_level=item.desired_level,
            toelichting=item.toelichting,
        ).full_clean(
            exclude=["respondent", "bouwsteen"], validate_unique=False, validate_constraints=False
        )
    if len({item.bouwsteen_id for item in answers}) != len(answers):
        raise ValidationError(_("Elke bouwsteen mag maar één keer voorkomen."), code="duplicate")
    return answers


_STORED_LEVELS = frozenset(value for value, _label in scale.STORED_CHOICES)


def _plainly_valid(item: AnswerInput) -> bool:
    """Levels on the scale (or none) and a toelichting within the limit: full_clean would
    pass it. Anything else goes through full_clean, for its error messages."""
    return (
        all(
            level is None or (type(level) is int and level in _STORED_LEVELS)
            for level in (item.current_level, item.desired_level)
        )
        and type(item.toelichting) is str
        and len(item.toelichting) <= TOELICHTING_MAX_LENGTH
    )


def _write(locked: LockedRespondent, answers, last_step: str, mark: SaveMark | None) -> SaveResult:
    if mark is not None and mark.is_overtaken(locked.save_page, locked.save_seq):
        if locked.round_status is None:  # a closed round says so, as to any other save
            _check_open(read_round_state(locked))
        return SaveResult(overtaken=True)
    own_mark_holds = mark is not None and mark.follows(locked.save_page, locked.save_seq)
    if locked.round_status is None:  # PostgreSQL: the status is read as the answers are written
        status, opened_at, saved = answer_statements.save_after_lock(
            locked=locked,
            answers=answers,
            own_mark_holds=own_mark_holds,
            mark=mark,
            last_step=last_step,
        )
        if status is None:
            raise Http404
        if status != Round.Status.OPEN:
            raise frozen_error(status)
        if opened_at != locked.opened_at:  # another round than this process knew: nothing
            forget_round(locked.round_id)  # was written; answers_save_by_token starts again
            raise _RoundNotAsKnown
        return SaveResult(saved=saved, conflicts=_conflicts(locked, answers, saved))
    saved = (
        answer_statements.upsert(locked.respondent_id, answers, own_mark_holds) if answers else {}
    )
    conflicts = _conflicts(locked, answers, saved)
    refused = any(item.bouwsteen_id not in saved for item in answers)
    # The mark lets the page's next save follow this one (SaveMark.after); a save without one
    # (no JavaScript), or one that was partly refused, leaves nothing to follow.
    fields = {"save_page": "", "save_seq": 0}
    if mark is not None and not refused:
        fields = {"save_page": mark.page, "save_seq": mark.seq}
    if last_step:
        fields["last_step"] = last_step
    # The round is locked open above, so the freeze's own check would only repeat it; and
    # plain SQL, as the upsert: an ORM update costs more to build than to run.
    columns = ", ".join(f"{name} = %s" for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Respondent._meta.db_table} SET {columns} WHERE id = %s",  # noqa: S608
            [*fields.values(), locked.respondent_id],
        )
    return SaveResult(saved=saved, conflicts=conflicts)


@retry_once_on_lock_conflict
@transaction.atomic
def answers_save(
    *,
    respondent: Respondent,
    answers: Iterable[AnswerInput],
    last_step: str = "",
    mark: SaveMark | None = None,
) -> SaveResult:
    """Store the respondent's answers for the given bouwstenen in one conditional statement.
    An answer based on an older version than the stored one is not written; it comes back in
    `conflicts` with the stored values, and the others are saved. Refuses everything
    (RoundClosedError) unless the round is open, and raises ValidationError, saving nothing,
    for a level off the scale, a toelichting over the limit or a bouwsteen named twice. A
    save that a newer one from the same page (`mark`) has overtaken writes nothing
    (`overtaken`). Takes a fixed number of queries whatever the number of answers: the lock,
    the upsert, the respondent's mark, and one more only when an answer was refused. A
    bouwsteen the round does not ask (or not of its model) is refused too (ValidationError,
    nothing saved)."""
    answers = _check(answers)
    locked = _lock_open(respondent_id=respondent.pk)
    _ensure_asked(locked, answers)
    return _write(locked, answers, last_step, mark)


def _ensure_asked(locked: LockedRespondent, answers: list[AnswerInput]) -> None:
    if any(item.bouwsteen_id not in locked.bouwsteen_ids for item in answers):
        raise ValidationError(_("Deze bouwsteen hoort niet bij de vragenlijst."), code="unknown")


def answers_save_by_token(
    *, token: str, answers: Iterable[AnswerInput], niveau: str, mark: SaveMark | None
) -> SaveResult:
    """answers_save for autosave: resolves the personal link in the query that locks the
    respondent (Http404 for an unknown or revoked link). Every bouwsteen must be one the round asks
    of its model and `niveau` one of its niveaus (ValidationError otherwise, nothing saved); the
    respondent resumes at that niveau's page. On PostgreSQL two statements: the lock, and
    the status read with the writes (answer_statements.save_after_lock)."""
    answers = _check(answers)
    if autosave_call.available():
        result = _save_in_one_call(token=token, answers=answers, niveau=niveau, mark=mark)
        if result is not None:
            return result
    try:
        return _save_by_token(token=token, answers=answers, niveau=niveau, mark=mark)
    except _RoundNotAsKnown:  # forgotten now: read in full this time
        return _save_by_token(token=token, answers=answers, niveau=niveau, mark=mark)


@retry_once_on_lock_conflict
def _save_in_one_call(*, token, answers, niveau, mark) -> SaveResult | None:
    """The save as one call of the database function (autosave_call); None when this
    process does not know the link's round yet, and nothing was written."""
    found = autosave_call.call(token=token, answers=answers, niveau=niveau, mark=mark)
    if found is None:
        return None
    outcome, saved = found
    if outcome == autosave_call.SENT:
        raise AnswersSentError()
    if outcome == autosave_call.OVERTAKEN:
        return SaveResult(overtaken=True)
    if outcome != autosave_call.SAVED:
        raise frozen_error(outcome)  # the round's status: not open
    refused = [item.bouwsteen_id for item in answers if item.bouwsteen_id not in saved]
    conflicts = []
    if refused:
        stored = Answer.objects.filter(respondent__token=token, bouwsteen_id__in=refused)
        conflicts = list(stored)
    return SaveResult(saved=saved, conflicts=conflicts)


@retry_once_on_lock_conflict
@transaction.atomic
def _save_by_token(*, token, answers, niveau, mark) -> SaveResult:
    locked = _lock_open(token=token, read_round=connection.vendor != "postgresql")
    autosave_call.remember(token, locked.round_id)
    if not _known(locked, answers, niveau) and locked.round_status is None:
        locked = _check_open(read_round_state(locked))  # what this process knew may be old
    if not _known(locked, answers, niveau):
        raise ValidationError(_("Deze bouwsteen hoort niet bij de vragenlijst."), code="unknown")
    return _write(locked, answers, f"niveau:{niveau}", mark)


def _known(locked: LockedRespondent, answers, niveau: str) -> bool:
    known = locked.bouwsteen_ids
    return niveau in locked.niveau_codes and all(item.bouwsteen_id in known for item in answers)


def _lock_open_round(respondent: Respondent, sent_allowed: bool = False) -> None:
    _lock_open(respondent_id=respondent.pk, sent_allowed=sent_allowed)


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


class IncompleteAnswersError(ValidationError):
    """The questionnaire cannot be sent yet: `missing` holds the bouwstenen (the round's model
    texts) that have no current level."""

    def __init__(self, missing):
        super().__init__(_("Kies eerst bij elke bouwsteen hoe het nu is."), code="incomplete")
        self.missing = missing


@transaction.atomic
def respondent_submit(*, respondent: Respondent, last_step: str = "") -> bool:
    """Mark the questionnaire as sent. Every bouwsteen the round asks of its model needs a
    current level ("weet ik niet" counts): otherwise IncompleteAnswersError, listing the missing
    ones, and nothing is written. Returns False (and changes nothing) when it was sent
    before: a double submit keeps the first time. Open rounds only (RoundClosedError)."""
    _lock_open_round(respondent, sent_allowed=True)
    round = respondent.round
    answered = set(
        Answer.objects.filter(respondent=respondent, current_level__isnull=False).values_list(
            "bouwsteen_id", flat=True
        )
    )
    missing = [b for b in asked_of(round, round.model_texts().bouwstenen) if b.id not in answered]
    if missing:
        raise IncompleteAnswersError(missing)
    updated = Respondent.objects.filter(pk=respondent.pk, submitted_at__isnull=True).update(
        submitted_at=timezone.now(), last_step=last_step
    )
    return bool(updated)


def in_released_tussenstand(respondent: Respondent) -> bool:
    """Whether the respondent's answers are in a released tussenstand of their round (the
    latest holds everyone in the earlier ones). One query."""
    latest = Tussenstand.objects.filter(round_id=respondent.round_id)
    return respondent.pk in (latest.values_list("respondent_ids", flat=True).first() or ())


@transaction.atomic
def respondent_reopen(*, respondent: Respondent) -> bool:
    """Open a sent questionnaire again, so the respondent can change it and send it again.
    Returns False when it was not sent (nothing to do). Refused while the round is not open
    (RoundClosedError) and once the answers are in a released tussenstand (ValidationError):
    changing them then would make the next figures differ by one person's change."""
    _lock_open_round(respondent, sent_allowed=True)
    if in_released_tussenstand(respondent):
        raise ValidationError(
            _(
                "Je antwoorden tellen al mee in een tussenstand. Daarom liggen ze vast en kun je "
                "ze niet meer wijzigen."
            ),
            code="released",
        )
    reopened = Respondent.objects.filter(pk=respondent.pk, submitted_at__isnull=False).update(
        submitted_at=None
    )
    respondent.submitted_at = None
    if reopened:
        audit_record(
            action=AuditEntry.Action.RESPONDENT_REOPEN,
            respondent=respondent,
            subject="door de respondent zelf, via de eigen link",
        )
    return bool(reopened)
