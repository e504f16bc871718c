"""A respondent's writes: their role, their answers and sending the questionnaire."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..rounds.freeze import RoundClosedError
from ..rounds.models import Respondent, Round
from .models import Answer
from .save_marks import SaveMark, respondent_progress_claim


@dataclass
class AnswerInput:
    bouwsteen_id: int
    current_level: int | None
    desired_level: int | None
    toelichting: str


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
    respondent_progress_claim(respondent, last_step, mark)
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


class IncompleteAnswersError(ValidationError):
    """The questionnaire cannot be sent yet: `missing` holds the bouwstenen (the round's model
    texts) that have no current level."""

    def __init__(self, missing):
        super().__init__(_("Kies eerst bij elke bouwsteen hoe het nu is."), code="incomplete")
        self.missing = missing


@transaction.atomic
def respondent_submit(*, respondent: Respondent, last_step: str = "") -> bool:
    """Mark the questionnaire as sent. Every bouwsteen of the round's model needs a current
    level ("weet ik niet" counts): otherwise IncompleteAnswersError, listing the missing
    ones, and nothing is written. Returns False (and changes nothing) when it was sent
    before: a double submit keeps the first time. Open rounds only (RoundClosedError)."""
    round = _lock_open_round(respondent)
    answered = set(
        Answer.objects.filter(respondent=respondent, current_level__isnull=False).values_list(
            "bouwsteen_id", flat=True
        )
    )
    missing = [b for b in round.model_texts().bouwstenen if b.id not in answered]
    if missing:
        raise IncompleteAnswersError(missing)
    updated = Respondent.objects.filter(pk=respondent.pk, submitted_at__isnull=True).update(
        submitted_at=timezone.now(), last_step=last_step
    )
    return bool(updated)
