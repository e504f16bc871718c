"""Changing a round's name and deadline, and deleting a round that never opened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ...organisations.selectors import get_round_for_coordinator
from ..forms import RoundEditForm
from ..freeze import RoundClosedError
from ..models import Round
from ..services import round_update


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    round = get_round_for_coordinator(request, pk)
    if round.is_closed:
        messages.error(request, RoundClosedError().messages[0])
        return redirect("assessments:round-detail", pk=round.pk)
    form = RoundEditForm(request.POST if request.method == "POST" else None, instance=round)
    if request.method == "POST" and form.is_valid():
        try:
            round_update(
                round=round,
                name=form.cleaned_data["name"],
                deadline=form.cleaned_data["deadline"],
                framework=form.cleaned_data.get("framework"),
            )
        except RoundClosedError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("De ronde is aangepast."))
        return redirect("assessments:round-detail", pk=round.pk)
    return render(request, "assessments/round_edit.html", {"round": round, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def round_delete(request, pk):
    """Only a concept round can go: nobody has had a link yet, so no answer is lost."""
    round = get_round_for_coordinator(request, pk)
    if round.status != Round.Status.CONCEPT:
        messages.error(
            request, _("Alleen een ronde die nog niet open is geweest, kun je verwijderen.")
        )
        return redirect("assessments:round-detail", pk=round.pk)
    if request.method == "POST":
        name = round.name
        round.delete()
        messages.success(request, _("De ronde ‘%(name)s’ is verwijderd.") % {"name": name})
        return redirect("assessments:round-list")
    context = {"round": round, "people": round.respondents.count()}
    return render(request, "assessments/round_delete.html", context)


urlpatterns = [
    path("rondes/<int:pk>/bewerken/", round_edit, name="round-edit"),
    path("rondes/<int:pk>/verwijderen/", round_delete, name="round-delete"),
]
