"""An organisation's settings page: its retention period, and when each closed round's
personal data is erased. Only its coordinators see it; everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ..benchmark.selectors import profile_of
from ..organisations.selectors import get_organisation_for_coordinator
from ..reporting.forms import DefaultGroupSizeForm
from ..reporting.services import organisation_group_size_set
from ..rounds.models import Round
from .forms import RetentionForm
from .services import erase_date, organisation_retention_set, rounds_with_personal_data


@login_required
@require_http_methods(["GET", "POST"])
def organisation_settings(request, slug):
    organisation = get_organisation_for_coordinator(request, slug)
    initial = {"retention_months": organisation.retention_months}
    which = request.POST.get("form") if request.method == "POST" else None
    group_form = DefaultGroupSizeForm(
        request.POST if which == "group_size" else None,
        initial={"min_group_size": organisation.min_group_size},
    )
    if which == "group_size" and group_form.is_valid():
        organisation_group_size_set(
            organisation=organisation,
            min_group_size=group_form.cleaned_data["min_group_size"],
            small_confirmed=group_form.cleaned_data["confirm_small"],
        )
        messages.success(request, _("De groepsgrootte voor nieuwe rondes is opgeslagen."))
        return redirect("assessments:organisation-settings", slug=organisation.slug)
    posted = request.method == "POST" and which != "group_size"
    form = RetentionForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        months = form.cleaned_data["retention_months"]
        try:
            organisation_retention_set(organisation=organisation, months=months)
        except ValidationError as error:
            form.add_error("retention_months", error.messages[0])
        else:
            text = ngettext(
                "De bewaartermijn is nu %(months)d maand.",
                "De bewaartermijn is nu %(months)d maanden.",
                months,
            )
            messages.success(request, text % {"months": months})
            return redirect("assessments:organisation-settings", slug=organisation.slug)
    rounds = list(rounds_with_personal_data(Round.objects.filter(organisation=organisation)))
    context = {
        "organisation": organisation,
        "form": form,
        "group_form": group_form,
        "rounds": [(round, erase_date(round)) for round in rounds],
        "benchmark_profile": profile_of(organisation),
    }
    return render(request, "assessments/organisation_settings.html", context)


urlpatterns = [
    path(
        "organisaties/<slug:slug>/instellingen/",
        organisation_settings,
        name="organisation-settings",
    ),
]
