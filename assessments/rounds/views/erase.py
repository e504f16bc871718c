"""Erasing the personal data of a closed round, when it is no longer needed (AVG)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ..forms import EraseConfirmForm
from ..models import Respondent
from ..selectors import get_round_for_coordinator
from ..services import round_personal_data_erase


@login_required
@require_http_methods(["GET", "POST"])
def round_erase_personal_data(request, pk):
    round = get_round_for_coordinator(request, pk)
    form = EraseConfirmForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not round.is_closed:
            status = 409
        elif form.is_valid():
            erased = round_personal_data_erase(round=round)
            messages.success(
                request,
                ngettext(
                    "De gegevens van %(count)d persoon zijn gewist.",
                    "De gegevens van %(count)d mensen zijn gewist.",
                    erased,
                )
                % {"count": erased},
            )
            return redirect("assessments:round-detail", pk=round.pk)
    context = {
        "round": round,
        "form": form,
        "remaining": Respondent.objects.filter(round=round).not_erased().count(),
    }
    return render(request, "assessments/round_erase.html", context, status=status)


urlpatterns = [
    path(
        "rondes/<int:pk>/persoonsgegevens-wissen/",
        round_erase_personal_data,
        name="round-erase-personal-data",
    ),
]
