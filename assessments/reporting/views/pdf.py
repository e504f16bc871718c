"""The PDF borgingsrapport: served when the stored one is current, otherwise made in the task
worker while the download page says how far it is. No web request renders a PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ...audit.services import audit_download
from ...common.views import stored_pdf_response
from ...rounds.selectors import get_round_for_member_coordinator, get_round_for_user, is_coordinator
from ..forms import ReportAppendixForm
from ..pdf import pdf_state, report_filename, report_slot
from ..pdf_version import report_key
from ..services import round_report_appendix_set


@login_required
def round_report_pdf(request, pk):
    """The current PDF, or (302) the download page while it is being made."""
    round = get_round_for_user(request, pk)
    language = get_language()
    response = stored_pdf_response(
        report_slot(round.pk, language),
        report_key(round, language),
        report_filename(round),
        reverse("assessments:round-report-download", args=[round.pk]),
    )
    if response.status_code == 200:  # the file itself, not the page while it is made
        audit_download(what="borgingsrapport (PDF)", round=round)
    return response


@login_required
def round_report_download(request, pk):
    """The download page: "wordt gemaakt" with the step it is at, or the file when ready.
    A coordinator chooses here whether the PDF has the toelichtingen as an appendix."""
    if request.method == "POST":
        round = get_round_for_member_coordinator(request, pk)
        form = ReportAppendixForm(request.POST)
        if form.is_valid():
            round_report_appendix_set(round=round, appendix=form.cleaned_data["appendix"])
            messages.success(request, _("Je keuze is opgeslagen. De PDF wordt opnieuw gemaakt."))
        return redirect("assessments:round-report-download", pk=round.pk)
    round = get_round_for_user(request, pk)
    state = pdf_state(round, get_language())
    coordinator = is_coordinator(request, round)
    context = {
        "round": round,
        "organisation": round.organisation,
        "state": state,
        "filename": report_filename(round),
        "coordinator": coordinator,
        "appendix_form": ReportAppendixForm(initial={"appendix": round.report_appendix})
        if coordinator
        else None,
    }
    return render(request, "assessments/report_download.html", context)


urlpatterns = [
    path("rondes/<int:pk>/borgingsrapport.pdf", round_report_pdf, name="round-report-pdf"),
    path("rondes/<int:pk>/borgingsrapport/", round_report_download, name="round-report-download"),
]
