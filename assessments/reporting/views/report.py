"""The house-shaped report of a round as a page, the toelichtingen of one bouwsteen page by
page, and its figures as a CSV and an Excel workbook. (The PDF: views/pdf.py.)"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path

from ...audit.services import audit_download
from ...rounds.selectors import get_round_for_user, is_coordinator
from ..comparison import comparison_shown
from ..csv_export import report_csv
from ..pdf import report_filename
from ..report import NO_HOUSE, TOELICHTINGEN_PER_PAGE, build_report
from ..workbook import CONTENT_TYPE, round_workbook


@login_required
def round_report(request, pk):
    round = get_round_for_user(request, pk)
    report = build_report(round)
    context = {
        **report.context(),
        "can_record_consensus": is_coordinator(request, round),
        "comparison": comparison_shown(report),
    }
    return render(request, "assessments/report.html", context)


@login_required
def round_report_toelichtingen(request, pk, number):
    """The toelichtingen on one bouwsteen, as the report shows them (disclosure.py), a page
    at a time."""
    round = get_round_for_user(request, pk)
    report = build_report(round, house=NO_HOUSE)
    entry = next((b for b in report.bouwstenen if b.text.number == number), None)
    if entry is None:
        raise Http404
    page = Paginator(entry.stats.toelichtingen, TOELICHTINGEN_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    context = {
        **report.context(),
        "b": entry,
        "page": page,
        "can_record_consensus": is_coordinator(request, round),
    }
    return render(request, "assessments/report_toelichtingen.html", context)


@login_required
def round_report_csv(request, pk):
    round = get_round_for_user(request, pk)
    report = build_report(round, house=NO_HOUSE)
    response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(round, "csv")}"'
    audit_download(what="cijfers (CSV)", round=round)
    return response


@login_required
def round_report_xlsx(request, pk):
    round = get_round_for_user(request, pk)
    # the toelichtingen only when the coordinator chose them for the PDF (its appendix)
    report = build_report(round, house=NO_HOUSE, appendix=round.report_appendix)
    workbook = round_workbook(report, comparison=comparison_shown(report))
    response = HttpResponse(workbook, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report_filename(round, "xlsx")}"'
    audit_download(what="cijfers (Excel)", round=round)
    return response


urlpatterns = [
    path("rondes/<int:pk>/rapport/", round_report, name="round-report"),
    path(
        "rondes/<int:pk>/rapport/toelichtingen/<int:number>/",
        round_report_toelichtingen,
        name="round-report-toelichtingen",
    ),
    path("rondes/<int:pk>/borgingsrapport.csv", round_report_csv, name="round-report-csv"),
    path("rondes/<int:pk>/borgingsrapport.xlsx", round_report_xlsx, name="round-report-xlsx"),
]
