"""Writes of the action plan."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bouwstenen.models import Bouwsteen, Rol

from ..rounds.freeze import lock_editable_round
from ..rounds.models import Round
from .models import ImprovementAction


@transaction.atomic
def actions_carry_over(*, from_round: Round, to_round: Round) -> list:
    """Copy the unfinished actions of a closed round into a newer round of the same
    organisation, linked to their origin. Actions carried before are not copied twice.
    Bouwstenen are matched by number, so the actions survive a new model version. Refuses a
    closed `to_round` (RoundClosedError), copying nothing, also when it was closed after the
    caller read it."""
    lock_editable_round(to_round.pk)
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


def action_save(*, action: ImprovementAction) -> ImprovementAction:
    """Store a new or changed action of its round (fields as set by the form). Refuses a
    closed round (RoundClosedError), and raises ValidationError for a bouwsteen or owner role
    outside the round's model or a field that breaks the model's rules; nothing is written."""
    with transaction.atomic():
        round = lock_editable_round(action.round_id)
        for field in ("bouwsteen", "owner_rol"):
            part = getattr(action, field, None)
            if part is not None and part.framework_id != round.framework_id:
                raise ValidationError({field: _("Kies uit het model van deze ronde.")})
        action.full_clean()
        action.save()
    return action


def action_delete(*, action: ImprovementAction) -> None:
    """Delete an action. Refuses a closed round (RoundClosedError), deleting nothing."""
    with transaction.atomic():
        lock_editable_round(action.round_id)
        action.delete()
