"""A closed round is frozen: every write to it or to anything that belongs to it is refused
here, in the model layer, so no view, admin page or shell helper can alter it. Improvement
actions are the one exception: they belong to the organisation's plan and live on after the
round closes, while the round's report keeps them as they were at closing (ActionsAtClose)."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .locking import lock_round

CLOSED = "closed"  # Round.Status.CLOSED; Round itself is defined on top of this module
ANSWERS_CLOSED = "answers_closed"  # Round.Status.ANSWERS_CLOSED
# The statuses in which answers and respondents (and their links) are frozen.
ANSWERS_FROZEN = (ANSWERS_CLOSED, CLOSED)


class RoundClosedError(ValidationError):
    def __init__(self, message=None, code="round_closed"):
        super().__init__(
            message or _("Deze ronde is gesloten. Er kan niets meer worden gewijzigd."), code=code
        )


class AnswersClosedError(RoundClosedError):
    """Answering is closed: answers and people are frozen, while the consensus meeting can
    still record its levels until the round closes."""

    def __init__(self):
        super().__init__(
            _(
                "Invullen is gesloten. Antwoorden en deelnemers van deze ronde veranderen niet "
                "meer."
            ),
            code="answers_closed",
        )


def frozen_error(status: str) -> RoundClosedError:
    """The refusal for a write to a round in `status`: closed, or only its answering."""
    return RoundClosedError() if status == CLOSED else AnswersClosedError()


def closed_rounds():
    return apps.get_model("assessments", "Round").objects.filter(status=CLOSED)


class RoundPartQuerySet(models.QuerySet):
    """Refuses bulk updates and deletes that would touch a closed round."""

    round_path = "round"

    def _touches_closed_round(self):
        frozen_from = getattr(self.model, "frozen_from", (CLOSED,))
        return self.filter(**{f"{self.round_path}__status__in": frozen_from}).exists()

    def update(self, **kwargs):
        if self._touches_closed_round():
            raise RoundClosedError()
        return super().update(**kwargs)

    def delete(self):
        if self._touches_closed_round():
            raise RoundClosedError()
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self._refuse_closed_rounds(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        self._refuse_closed_rounds(objs)
        return super().bulk_update(objs, *args, **kwargs)

    def _refuse_closed_rounds(self, objs):
        """One query whatever the number of objects (their round ids must be at hand)."""
        round_ids = {obj.get_round_id() for obj in objs}
        frozen_from = getattr(self.model, "frozen_from", (CLOSED,))
        rounds = apps.get_model("assessments", "Round").objects.filter(pk__in=round_ids)
        if round_ids and rounds.filter(status__in=frozen_from).exists():
            raise RoundClosedError()


class RoundPart(models.Model):
    """Base for records that belong to a round and freeze with it: from closing, or from
    an earlier status in `frozen_from` (answers and people freeze when answering closes)."""

    round_path = "round"
    frozen_from = (CLOSED,)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.get_round().ensure_editable(self.frozen_from)
        self._ensure_stored_round_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.get_round().ensure_editable(self.frozen_from)
        self._ensure_stored_round_editable()
        return super().delete(*args, **kwargs)

    def _ensure_stored_round_editable(self):
        """Also refuse when the record as stored belongs to a closed round: moving it to an
        open round would take it out of the closed one."""
        if self._state.adding or self.pk is None:
            return
        stored = type(self)._default_manager.get_queryset().filter(pk=self.pk)
        if stored._touches_closed_round():
            raise RoundClosedError()

    def get_round(self):
        return self.round

    def get_round_id(self):
        return self.round_id


def lock_editable_round(round_id: int, frozen_from=(CLOSED,)):
    """Lock the round against a close running at the same time (call inside
    transaction.atomic, before touching any of its respondents: locking.py); refuse it once
    closed, or in a status of `frozen_from` (pass ANSWERS_FROZEN for a change to answers or
    people). Returns the round as stored."""
    round = lock_round(round_id)
    if round.status in frozen_from:
        raise frozen_error(round.status)
    return round


CLOSED_ROUND_REFERENCE = _(
    "Dit kan niet: een gesloten ronde verwijst hiernaar (%(rounds)s). Een gesloten ronde "
    "verandert niet meer. Maak een account inactief in plaats van het te verwijderen."
)


def protect_closed_else_set_null(collector, field, sub_objs, using):
    """on_delete for a nullable reference from a round or one of its rows (the user who
    created it, the action it carried over): deleting what it points to empties the
    reference, as SET_NULL does, except in a closed round, whose rows would change behind
    the freeze (Django's collector updates them in SQL, past save()). There the delete is
    refused with ProtectedError, which the admin shows as protected objects."""
    sub_objs = list(sub_objs)
    round_ids = {_round_id(obj) for obj in sub_objs}
    closed = dict(closed_rounds().filter(pk__in=round_ids).values_list("pk", "name"))
    protected = [obj for obj in sub_objs if _round_id(obj) in closed]
    if protected:
        raise models.ProtectedError(
            str(CLOSED_ROUND_REFERENCE % {"rounds": ", ".join(sorted(closed.values()))}),
            protected,
        )
    models.SET_NULL(collector, field, sub_objs, using)


def _round_id(obj) -> int:
    """The id of the round a round or one of its rows belongs to (an improvement action,
    which lives on after its round closes, names its round too)."""
    if isinstance(obj, RoundPart):
        return obj.get_round_id()
    return getattr(obj, "round_id", None) or obj.pk
