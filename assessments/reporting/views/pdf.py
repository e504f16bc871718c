"""The PDF borgingsrapport: served when the stored one is current, otherwise made in the task
worker while the download page says how far it is. No web request renders a PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ...organisations.selectors import (
    get_round_for_member_coordinator,
    get_round_for_user,
    is_coordinator,
)
from ..forms import ReportAppendixForm
from ..pdf import pdf_current, pdf_render_request, pdf_state, report_filename
from ..services import round_report_appendix_set

STEPS = {"queued": 1, "reading": 2, "rendering": 3}


@login_required
def round_report_pdf(request, pk):
    """The current PDF, or (303) the download page while it is being made."""
    round = get_round_for_user(request, pk)
    pdf = pdf_current(round, get_language())
    if pdf is None:
        pdf_render_request(round_id=round.pk, language=get_language(), wait_for_running=True)
        return redirect("assessments:round-report-download", pk=round.pk, permanent=False)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(round)}"'
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
        "step": STEPS.get(state.stage, 0),
        "steps": len(STEPS),
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
