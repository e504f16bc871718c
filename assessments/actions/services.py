"""Writes of the action plan."""

from django.db import transaction

from bouwstenen.models import Bouwsteen, Rol

from ..rounds.models import Round
from .models import ImprovementAction


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
