"""Changing a round's name and deadline, and deleting a round that never opened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ...common.views import refusal_shown
from ..forms import RoundEditForm
from ..freeze import RoundClosedError
from ..selectors import get_round_for_coordinator
from ..services import round_delete, round_update


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    round = get_round_for_coordinator(request, pk)
    if round.is_closed:
        messages.error(request, RoundClosedError().messages[0])
        return redirect("assessments:round-detail", pk=round.pk)
    form = RoundEditForm(request.POST if request.method == "POST" else None, instance=round)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request):
            round_update(
                round=round,
                name=form.cleaned_data["name"],
                deadline=form.cleaned_data["deadline"],
                framework=form.cleaned_data.get("framework"),
                **_scope(form),
            )
            messages.success(request, _("De ronde is aangepast."))
        return redirect("assessments:round-detail", pk=round.pk)
    context = {"round": round, "form": form, "bouwsteen_total": len(round.model_texts().bouwstenen)}
    return render(request, "assessments/round_edit.html", context)


def _scope(form) -> dict:
    """The part and bouwstenen chosen, when the form offered them (a round in concept)."""
    if not form.has_scope:
        return {}
    data = form.cleaned_data
    return {"onderdeel": data["onderdeel"], "asked_bouwstenen": data["asked_bouwstenen"]}


@login_required
@require_http_methods(["GET", "POST"])
def round_delete_view(request, pk):
    """Only a concept round can go (see services.round_delete); GET asks to confirm."""
    round = get_round_for_coordinator(request, pk)
    with refusal_shown(request):
        if request.method == "POST":
            name = round.name
            round_delete(round=round)
            messages.success(request, _("De ronde ‘%(name)s’ is verwijderd.") % {"name": name})
            return redirect("assessments:round-list")
        round.ensure_deletable()
        context = {"round": round, "people": round.respondents.count()}
        return render(request, "assessments/round_delete.html", context)
    return redirect("assessments:round-detail", pk=round.pk)


urlpatterns = [
    path("rondes/<int:pk>/bewerken/", round_edit, name="round-edit"),
    path("rondes/<int:pk>/verwijderen/", round_delete_view, name="round-delete"),
]
