"""The organisation's page (/organisaties/<code>/): where everything of one organisation
starts, for its members. It names the organisation's code (the part of every address under
/organisaties/), lists its rounds and links to its action plan, trend, logboek, and for a
coordinator to its colleagues and settings."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from .models import Membership
from .selectors import get_organisation_for_member


@login_required
def organisation_overview(request, slug):
    organisation = get_organisation_for_member(request, slug)
    context = {
        "organisation": organisation,
        "rounds": organisation.rounds.order_by("-created_at")
        .select_related("onderdeel")
        .only("pk", "name", "status", "organisation_id", "created_at", "onderdeel__name"),
        "is_coordinator": organisation.member_role == Membership.Role.COORDINATOR,
    }
    return render(request, "assessments/organisation_overview.html", context)


urlpatterns = [
    path("organisaties/<slug:slug>/", organisation_overview, name="organisation-overview"),
]
