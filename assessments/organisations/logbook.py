"""The organisation's logboek: its coordinators read who did which sensitive thing when
(the entries: audit/). A lezer and everyone else get 404, as on the colleagues page."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ..audit.models import AuditEntry
from .selectors import get_organisation_for_coordinator

PER_PAGE = 50


@login_required
@require_GET
def organisation_audit(request, slug):
    organisation = get_organisation_for_coordinator(request, slug)
    entries = AuditEntry.objects.filter(organisation=organisation).for_page()
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("pagina"))
    context = {"organisation": organisation, "page": page}
    return render(request, "assessments/organisation_audit.html", context)


urlpatterns = [
    path("organisaties/<slug:slug>/logboek/", organisation_audit, name="organisation-audit"),
]
