"""The organisation's action plan: the live state of every action over all its rounds,
grouped by focus line, as a page and as a short PDF."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify

from ...organisations.selectors import (
    coordinated_organisations_for_request,
    get_organisation_for_member,
)
from ...reporting import stored_pdf
from ..selectors import by_line, mark_overdue, organisation_plan


def _plan_context(request, organisation) -> dict:
    actions = organisation_plan(organisation)
    today = timezone.localdate()
    return {
        "organisation": organisation,
        "lines": by_line(actions),
        "action_count": len(actions),
        "overdue_count": mark_overdue(actions, today),
        "today": today,
        "can_edit": any(
            o.pk == organisation.pk for o in coordinated_organisations_for_request(request)
        ),
    }


@login_required
def action_plan(request, slug):
    organisation = get_organisation_for_member(request, slug)
    return render(request, "assessments/action_plan.html", _plan_context(request, organisation))


@login_required
def action_plan_pdf(request, slug):
    organisation = get_organisation_for_member(request, slug)
    html = render_to_string("pdf/actieplan.html", _plan_context(request, organisation), request)
    response = HttpResponse(stored_pdf.render_pdf(html), content_type="application/pdf")
    name = slugify(organisation.name) or organisation.slug
    response["Content-Disposition"] = f'attachment; filename="actieplan-{name}.pdf"'
    return response


urlpatterns = [
    path("organisaties/<slug:slug>/actieplan/", action_plan, name="action-plan"),
    path("organisaties/<slug:slug>/actieplan.pdf", action_plan_pdf, name="action-plan-pdf"),
]
