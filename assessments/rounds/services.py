"""A round's life: opening, changing, closing and erasing its personal data."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bouwstenen.models import Rol
from bouwstenen.snapshot import framework_snapshot

from .freeze import RoundClosedError
from .models import Respondent, Round


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


def lock_editable_round(round_id: int) -> Round:
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
        stored = lock_editable_round(round.pk)
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
