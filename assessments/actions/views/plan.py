"""The organisation's action plan: the live state of every action over all its rounds,
grouped by focus line, as a page and as a short PDF. The PDF is made in the task worker
(plan_pdf.py): a web request serves the stored one or queues a render, never renders it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language

from ...audit.services import audit_download
from ...common.views import stored_pdf_response
from ...organisations.models import Membership
from ...organisations.selectors import (
    coordinated_organisations_for_request,
    get_organisation_for_member,
)
from ..plan_pdf import plan_filename, plan_key, plan_slot
from ..selectors import plan_overview


@login_required
def action_plan(request, slug):
    organisation = get_organisation_for_member(request, slug)
    context = plan_overview(organisation, timezone.localdate())
    context["can_edit"] = any(
        o.pk == organisation.pk for o in coordinated_organisations_for_request(request)
    )
    # a begeleider may comment on an action (begeleider/views.py)
    context["can_comment"] = organisation.member_role == Membership.Role.BEGELEIDER
    return render(request, "assessments/action_plan.html", context)


@login_required
def action_plan_pdf(request, slug):
    """The current PDF, or (302) the download page while it is being made."""
    organisation = get_organisation_for_member(request, slug)
    language = get_language()
    response = stored_pdf_response(
        plan_slot(organisation.pk, language),
        plan_key(organisation, language, timezone.localdate()),
        plan_filename(organisation),
        reverse("assessments:action-plan-download", args=[organisation.slug]),
    )
    if response.status_code == 200:  # the file itself, not the page while it is made
        audit_download(what="actieplan (PDF)", organisation=organisation)
    return response


@login_required
def action_plan_download(request, slug):
    """The download page: "wordt gemaakt" with the step it is at, or the file when ready."""
    organisation = get_organisation_for_member(request, slug)
    language = get_language()
    key = plan_key(organisation, language, timezone.localdate())
    context = {
        "organisation": organisation,
        "state": plan_slot(organisation.pk, language).state(key),
        "filename": plan_filename(organisation),
    }
    return render(request, "assessments/action_plan_download.html", context)


urlpatterns = [
    path("organisaties/<slug:slug>/actieplan/", action_plan, name="action-plan"),
    path("organisaties/<slug:slug>/actieplan.pdf", action_plan_pdf, name="action-plan-pdf"),
    path(
        "organisaties/<slug:slug>/actieplan/pdf/",
        action_plan_download,
        name="action-plan-download",
    ),
]
