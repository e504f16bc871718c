"""Improvement actions (verbeteracties) of a round: the action plan along three lines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..common.views import refusal_shown
from ..organisations.selectors import get_round_for_coordinator, get_round_for_user, is_coordinator
from ..rounds.freeze import RoundClosedError
from ..rounds.models import Round
from .forms import ImprovementActionForm
from .models import ImprovementAction
from .services import action_delete, action_save, actions_carry_over


@login_required
def action_list(request, pk):
    round = get_round_for_user(request, pk)
    actions = (
        ImprovementAction.objects.filter(round=round)
        .select_related("bouwsteen", "owner_rol", "carried_from__round")
        .order_by("line", "bouwsteen__number", "due_date", "id")
    )
    lines = [
        {"line": label, "actions": [a for a in actions if a.line == value]}
        for value, label in ImprovementAction.Line.choices
    ]
    user_coordinates = is_coordinator(request, round)
    can_edit = not round.is_closed and user_coordinates
    previous = round.previous_closed() if can_edit else None
    return render(
        request,
        "assessments/action_list.html",
        {
            "round": round,
            "lines": lines,
            "action_count": len(actions),
            "can_edit": can_edit,
            "is_coordinator": user_coordinates,
            "previous_round": previous,
        },
    )


@login_required
def action_edit(request, pk, action_pk=None):
    round = get_round_for_coordinator(request, pk)
    action = (
        get_object_or_404(ImprovementAction, round=round, pk=action_pk)
        if action_pk
        else ImprovementAction(round=round)
    )
    if round.is_closed:
        messages.error(request, RoundClosedError().messages[0])
        return redirect("assessments:action-list", pk=round.pk)
    form = ImprovementActionForm(request.POST or None, instance=action, round=round)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request):
            action_save(action=form.instance)
            messages.success(request, _("De actie is opgeslagen."))
        return redirect("assessments:action-list", pk=round.pk)
    return render(
        request, "assessments/action_form.html", {"round": round, "form": form, "action": action}
    )


@login_required
@require_POST
def action_delete_view(request, pk, action_pk):
    round = get_round_for_coordinator(request, pk)
    action = get_object_or_404(ImprovementAction, round=round, pk=action_pk)
    with refusal_shown(request):
        action_delete(action=action)
        messages.success(request, _("De actie is verwijderd."))
    return redirect("assessments:action-list", pk=round.pk)


@login_required
@require_POST
def action_carry_over(request, pk):
    round = get_round_for_coordinator(request, pk)
    from_round = request.POST.get("from_round", "")
    # isdigit() alone also passes digits such as "²" or "٣" that int() refuses.
    if not (from_round.isascii() and from_round.isdigit()):
        raise Http404
    previous = get_object_or_404(
        Round.objects.closed().filter(organisation=round.organisation), pk=from_round
    )
    with refusal_shown(request):
        carried = actions_carry_over(from_round=previous, to_round=round)
        messages.success(
            request,
            _("%(count)s openstaande acties uit %(round)s overgenomen.")
            % {"count": len(carried), "round": previous.name},
        )
    return redirect("assessments:action-list", pk=round.pk)


urlpatterns = [
    path("rondes/<int:pk>/acties/", action_list, name="action-list"),
    path("rondes/<int:pk>/acties/nieuw/", action_edit, name="action-create"),
    path("rondes/<int:pk>/acties/<int:action_pk>/", action_edit, name="action-edit"),
    path(
        "rondes/<int:pk>/acties/<int:action_pk>/verwijderen/",
        action_delete_view,
        name="action-delete",
    ),
    path("rondes/<int:pk>/acties/overnemen/", action_carry_over, name="action-carry-over"),
]
