"""The trend of an organisation over its closed rounds of one model (reporting/trend.py), as a
page and, with the live action plan, as an Excel workbook. `?model=<lineage>` picks the model
when the organisation used more than one; without it, the model of the round closed last.
`?onderdeel=<id>` picks the part (empty: the whole organisation; reporting/trend.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.text import slugify

from ...audit.services import audit_download
from ...organisations.selectors import get_organisation_for_member
from ..trend import organisation_trend
from ..workbook import CONTENT_TYPE, organisation_workbook


@login_required
def organisation_trend_view(request, slug):
    organisation = get_organisation_for_member(request, slug)
    trend = organisation_trend(organisation, request.GET.get("model"), request.GET.get("onderdeel"))
    return render(request, "assessments/trend.html", {"trend": trend, "organisation": organisation})


@login_required
def organisation_workbook_view(request, slug):
    organisation = get_organisation_for_member(request, slug)
    trend = organisation_trend(organisation, request.GET.get("model"), request.GET.get("onderdeel"))
    workbook = organisation_workbook(trend)
    response = HttpResponse(workbook, content_type=CONTENT_TYPE)
    name = slugify(organisation.name) or organisation.slug
    response["Content-Disposition"] = f'attachment; filename="ontwikkeling-{name}.xlsx"'
    audit_download(what="ontwikkeling en actieplan (Excel)", organisation=organisation)
    return response


urlpatterns = [
    path(
        "organisaties/<slug:slug>/ontwikkeling/", organisation_trend_view, name="organisation-trend"
    ),
    path(
        "organisaties/<slug:slug>/ontwikkeling.xlsx",
        organisation_workbook_view,
        name="organisation-workbook",
    ),
]
