"""The improvement actions born in a round: listed by focus line, added, changed, their
progress noted, deleted; also after the round closed (the plan lives on)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bouwstenen.models import Bouwsteen

from ...common.views import refusal_shown
from ...rounds.selectors import get_round_for_coordinator, get_round_for_user, is_coordinator
from ..forms import ActionProgressForm, ImprovementActionForm
from ..models import ActionUpdate, ImprovementAction
from ..selectors import by_line, carry_over_offer, get_action_for_coordinator, mark_overdue
from ..services import (
    action_delete,
    action_progress_add,
    action_save,
    actions_carry_over_history,
)


@login_required
def action_list(request, pk):
    round = get_round_for_user(request, pk)
    actions = list(
        ImprovementAction.objects.filter(round=round)
        .select_related("bouwsteen", "owner_rol", "carried_from__round")
        .prefetch_related(
            "carried_to__round",
            Prefetch("updates", queryset=ActionUpdate.objects.select_related("author")),
        )
        .order_by("line", "bouwsteen__number", "due_date", "id")
    )
    today = timezone.localdate()
    mark_overdue(actions, today)
    user_coordinates = is_coordinator(request, round)
    offer = carry_over_offer(round) if user_coordinates else None
    return render(
        request,
        "assessments/action_list.html",
        {
            "round": round,
            "lines": [group for group in by_line(actions) if group["actions"]],
            "action_count": len(actions),
            "can_edit": user_coordinates,
            "is_coordinator": user_coordinates,
            "carry_over": offer,
            "today": today,
        },
    )


def _initial_bouwsteen(request, round):
    """The bouwsteen asked for by number (?bouwsteen=7, from the report or the consensus
    page), if the round's model has it."""
    number = request.GET.get("bouwsteen", "")
    if not (number.isascii() and number.isdigit()):
        return {}
    bouwsteen = Bouwsteen.objects.filter(framework=round.framework, number=int(number)).first()
    return {"bouwsteen": bouwsteen} if bouwsteen else {}


@login_required
def action_edit(request, pk, action_pk=None):
    round = get_round_for_coordinator(request, pk)
    action = (
        get_action_for_coordinator(request, round, action_pk)
        if action_pk
        else ImprovementAction(round=round)
    )
    form = ImprovementActionForm(
        request.POST or None,
        instance=action,
        round=round,
        initial=None if action_pk else _initial_bouwsteen(request, round),
    )
    if request.method == "POST" and form.is_valid():
        try:
            action_save(action=form.instance, user=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("De actie is opgeslagen."))
            return redirect("assessments:action-list", pk=round.pk)
    return render(
        request, "assessments/action_form.html", {"round": round, "form": form, "action": action}
    )


@login_required
def action_progress(request, pk, action_pk):
    """The action's history, and a form to note a new status or what happened."""
    round = get_round_for_coordinator(request, pk)
    action = get_action_for_coordinator(request, round, action_pk)
    data = request.POST if request.method == "POST" else None
    form = ActionProgressForm(data, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            action_progress_add(
                action=action,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("De voortgang is opgeslagen."))
            if request.POST.get("back") == "plan":
                return redirect("assessments:action-plan", slug=round.organisation.slug)
            return redirect("assessments:action-list", pk=round.pk)
    updates = action.updates.select_related("author")
    return render(
        request,
        "assessments/action_progress.html",
        {
            "round": round,
            "action": action,
            "form": form,
            "updates": updates,
            "is_overdue": action.is_overdue(),
        },
    )


def _add_errors(form, error):
    """A service's refusal shown next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, error)


@login_required
@require_POST
def action_delete_view(request, pk, action_pk):
    round = get_round_for_coordinator(request, pk)
    action = get_action_for_coordinator(request, round, action_pk)
    with refusal_shown(request):
        action_delete(action=action)
        messages.success(request, _("De actie is verwijderd."))
    return redirect("assessments:action-list", pk=round.pk)


@login_required
@require_POST
def action_carry_over(request, pk):
    """Take over every open action of the model's history (not only the previous round's)."""
    round = get_round_for_coordinator(request, pk)
    with refusal_shown(request):
        carried = actions_carry_over_history(to_round=round)
        if carried:
            names = dict.fromkeys(action.carried_from.round.name for action in carried)
            messages.success(
                request,
                ngettext(
                    "%(count)s openstaande actie overgenomen uit %(rounds)s.",
                    "%(count)s openstaande acties overgenomen uit %(rounds)s.",
                    len(carried),
                )
                % {"count": len(carried), "rounds": ", ".join(names)},
            )
        else:
            messages.info(request, _("Er staan geen openstaande acties uit eerdere rondes open."))
    return redirect("assessments:action-list", pk=round.pk)


urlpatterns = [
    path("rondes/<int:pk>/acties/", action_list, name="action-list"),
    path("rondes/<int:pk>/acties/nieuw/", action_edit, name="action-create"),
    path("rondes/<int:pk>/acties/<int:action_pk>/", action_edit, name="action-edit"),
    path(
        "rondes/<int:pk>/acties/<int:action_pk>/voortgang/",
        action_progress,
        name="action-progress",
    ),
    path(
        "rondes/<int:pk>/acties/<int:action_pk>/verwijderen/",
        action_delete_view,
        name="action-delete",
    ),
    path("rondes/<int:pk>/acties/overnemen/", action_carry_over, name="action-carry-over"),
]
