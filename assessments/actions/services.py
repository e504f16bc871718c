"""Writes of the action plan. Actions live on after their round closes (coordinators keep
updating them all year); only the closed round's report keeps them as they were at closing,
through ActionsAtClose."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from bouwstenen.models import Bouwsteen, Rol

from ..rounds.freeze import RoundClosedError
from ..rounds.models import Round
from .models import ActionsAtClose, ActionUpdate, ImprovementAction
from .selectors import (
    PREVIOUS_ACTION_FIELDS,
    carry_over_candidates,
    is_latest_of_model,
    live_action_values,
)


def _lock_carry_target(to_round: Round) -> Round:
    """Lock `to_round` against a close running at the same time and return it as stored. A
    closed round takes actions over only while it is its model's latest round (the plan goes
    on there until a newer round exists); otherwise RoundClosedError, copying nothing."""
    locked = Round.objects.select_for_update().get(pk=to_round.pk)
    if locked.is_closed and not is_latest_of_model(locked):
        raise RoundClosedError(
            _(
                "Deze ronde is gesloten en er is al een nieuwere ronde van dit model. Neem de "
                "acties daar over."
            )
        )
    return locked


def _copy_actions(actions, to_round: Round) -> list:
    """Copy `actions` (with bouwsteen and owner role loaded) into `to_round`, linked to their
    origin and with its history; bouwstenen are matched by number, roles by code, so the
    actions survive a new model version (an action whose bouwsteen or role the new version
    lacks stays where it is)."""
    bouwstenen = {b.number: b for b in Bouwsteen.objects.filter(framework_id=to_round.framework_id)}
    rollen = {rol.code: rol for rol in Rol.objects.filter(framework_id=to_round.framework_id)}
    carried = []
    for action in actions:
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
        # the references were just read from the database: no query per copy to check them
        copy.full_clean(exclude=["round", "bouwsteen", "owner_rol", "carried_from"])
        carried.append(copy)
    carried = ImprovementAction.objects.bulk_create(carried)
    if carried:
        # bulk_create sends no post_save: one for the lot tells the report it changed
        post_save.send(sender=ImprovementAction, instance=carried[0], created=True)
    # The copy carries its origin's history on, so the live action tells the whole story.
    copies = {copy.carried_from_id: copy for copy in carried}
    ActionUpdate.objects.bulk_create(
        ActionUpdate(
            action=copies[update.action_id],
            status=update.status,
            note=update.note,
            author_id=update.author_id,
            created_at=update.created_at,
        )
        for update in ActionUpdate.objects.filter(action_id__in=list(copies)).order_by("pk")
    )
    return carried


@transaction.atomic
def actions_carry_over(*, from_round: Round, to_round: Round) -> list:
    """Copy the unfinished actions of a closed round into a newer round of the same
    organisation, linked to their origin and with its history; from then on the copy is the
    live one. Actions carried before are not copied twice. Bouwstenen are matched by number,
    so the actions survive a new model version. Refuses (RoundClosedError, copying nothing) a
    closed `to_round` that is no longer its model's latest round, also when it was closed
    after the caller read it; refuses (ValidationError) a `from_round` of another
    organisation or another model (a framework of another lineage): its bouwsteen numbers
    mean other things."""
    to_round = _lock_carry_target(to_round)
    if from_round.organisation_id != to_round.organisation_id or (
        from_round.framework.lineage != to_round.framework.lineage
    ):
        raise ValidationError(
            _("Acties neem je alleen over uit een eerdere ronde van hetzelfde model."),
            code="other_model",
        )
    already = set(
        ImprovementAction.objects.filter(round=to_round, carried_from__isnull=False).values_list(
            "carried_from_id", flat=True
        )
    )
    unfinished = (
        ImprovementAction.objects.filter(round=from_round, status__in=ImprovementAction.UNFINISHED)
        .exclude(pk__in=already)
        .select_related("bouwsteen", "owner_rol")
    )
    return _copy_actions(unfinished, to_round)


@transaction.atomic
def actions_carry_over_history(*, to_round: Round) -> list:
    """Copy every open action of the model's history into `to_round`: the unfinished actions
    of all the organisation's earlier closed rounds on the same model that are not carried
    on anywhere yet (selectors.carry_over_candidates), not only those of the previous round.
    So year 1's open actions reach year 3 also when year 2 took none over. Returns the
    copies, oldest round first ([] when there is nothing to carry). Refuses
    (RoundClosedError, copying nothing) a closed `to_round` that is no longer its model's
    latest round, also when it was closed after the caller read it."""
    # the lock on to_round makes a second click wait, then find the actions carried
    to_round = _lock_carry_target(to_round)
    candidates = carry_over_candidates(to_round).select_related("bouwsteen", "owner_rol", "round")
    return _copy_actions(candidates, to_round)


def _ensure_live(action: ImprovementAction) -> None:
    """An action carried into a later round is followed there; changing the original would
    split its history."""
    if action.pk is None:
        return
    copy = ImprovementAction.objects.filter(carried_from=action).select_related("round").first()
    if copy is not None:
        raise ValidationError(
            _("Deze actie loopt verder in %(round)s. Wijzig haar daar.")
            % {"round": copy.round.name},
            code="carried",
        )


def action_save(*, action: ImprovementAction, user=None) -> ImprovementAction:
    """Store a new or changed action (fields as set by the form), also of a closed round: the
    plan lives on after closing. A new action, or a new status, is noted in its history with
    `user`. Raises ValidationError, writing nothing, for a bouwsteen or owner role outside the
    model of the action's round, for an action carried into a later round, or for a field that
    breaks the model's rules."""
    with transaction.atomic():
        round = Round.objects.get(pk=action.round_id)
        for field in ("bouwsteen", "owner_rol"):
            part = getattr(action, field, None)
            if part is not None and part.framework_id != round.framework_id:
                raise ValidationError({field: _("Kies uit het model van deze ronde.")})
        _ensure_live(action)
        stored_status = (
            ImprovementAction.objects.filter(pk=action.pk).values_list("status", flat=True).first()
            if action.pk
            else None
        )
        action.full_clean()
        action.save()
        if stored_status != action.status:
            ActionUpdate.objects.create(action=action, status=action.status, author=user)
    return action


def action_progress_add(
    *, action: ImprovementAction, status: str, note: str, user=None
) -> ActionUpdate:
    """Note progress on an action: a new status and/or a note, kept in its history with who
    and when, at any time (also after the round closed). Returns the history entry. Raises
    ValidationError, writing nothing, when neither the status changes nor a note is given,
    for an unknown status, a note that is too long, or an action carried into a later round."""
    note = note.strip()
    with transaction.atomic():
        stored = ImprovementAction.objects.select_for_update().get(pk=action.pk)
        _ensure_live(stored)
        if status not in ImprovementAction.Status.values:
            raise ValidationError({"status": _("Kies een status uit de lijst.")})
        changed = status != stored.status
        if not changed and not note:
            raise ValidationError(
                {"note": _("Kies een andere status of schrijf wat er gebeurd is.")}
            )
        update = ActionUpdate(
            action=stored, status=status if changed else "", note=note, author=user
        )
        update.full_clean()
        if changed:
            stored.status = status
            stored.save(update_fields=["status", "changed_at"])
            action.status = status
        update.save()
    return update


def action_delete(*, action: ImprovementAction) -> None:
    """Delete an action with its history. A closed round's report keeps it as it was at
    closing. Refuses an action carried into a later round (ValidationError)."""
    with transaction.atomic():
        _ensure_live(action)
        action.delete()


def actions_freeze(*, round: Round) -> ActionsAtClose:
    """Keep the round's actions, and the previous round's for the look back, as they are now,
    for the report of the round that is closing (see ActionsAtClose). Run by round_close
    inside its transaction (signals.py); a second call keeps the first freeze."""
    previous = round.previous_closed()
    frozen, _created = ActionsAtClose.objects.get_or_create(
        round=round,
        defaults={
            "actions": live_action_values(round),
            "previous_actions": (
                live_action_values(previous, PREVIOUS_ACTION_FIELDS) if previous else []
            ),
            "frozen_at": timezone.now(),
        },
    )
    return frozen
