"""The house-shaped report of a round, as a page, as the PDF borgingsrapport, and its figures
as a CSV and an Excel workbook."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from ...organisations.selectors import get_round_for_user, is_coordinator
from ..csv_export import report_csv
from ..pdf import report_filename, report_pdf
from ..report import NO_HOUSE, build_report
from ..workbook import CONTENT_TYPE, round_workbook


@login_required
def round_report(request, pk):
    round = get_round_for_user(request, pk)
    report = build_report(round)
    context = {**report.context(), "can_record_consensus": is_coordinator(request, round)}
    return render(request, "assessments/report.html", context)


@login_required
def round_report_pdf(request, pk):
    round = get_round_for_user(request, pk)
    pdf, _cached = report_pdf(round)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(round)}"'
    return response


@login_required
def round_report_csv(request, pk):
    round = get_round_for_user(request, pk)
    report = build_report(round, house=NO_HOUSE)
    response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(round, "csv")}"'
    return response


@login_required
def round_report_xlsx(request, pk):
    round = get_round_for_user(request, pk)
    report = build_report(round, house=NO_HOUSE)
    response = HttpResponse(round_workbook(report), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report_filename(round, "xlsx")}"'
    return response


urlpatterns = [
    path("rondes/<int:pk>/rapport/", round_report, name="round-report"),
    path("rondes/<int:pk>/borgingsrapport.pdf", round_report_pdf, name="round-report-pdf"),
    path("rondes/<int:pk>/borgingsrapport.csv", round_report_csv, name="round-report-csv"),
    path("rondes/<int:pk>/borgingsrapport.xlsx", round_report_xlsx, name="round-report-xlsx"),
]
