"""The begeleider's overview of the organisations they are linked to, as a page and as a
workbook. Each organisation shown gets a logboek entry, as every page a begeleider opens of
it does (organisations/begeleider_access.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..actions.models import ImprovementAction
from ..actions.services import action_progress_add
from ..audit.models import AuditEntry
from ..audit.services import audit_record_many
from ..organisations.begeleider_access import is_begeleider
from ..organisations.selectors import (
    begeleider_organisations_for_request,
    get_organisation_for_member,
)
from ..reporting.workbook import CONTENT_TYPE
from .forms import ActionCommentForm
from .selectors import begeleider_overview
from .workbook import overview_workbook


def _overview(request):
    """The rows of the user's linked organisations, logged in each one's logboek; 404 for
    someone who is nobody's begeleider."""
    organisations = begeleider_organisations_for_request(request)
    if not organisations:
        raise Http404
    audit_record_many(
        action=AuditEntry.Action.BEGELEIDER_VIEW,
        organisations=organisations,
        subject=request.path,
    )
    return begeleider_overview(organisations, timezone.localdate())


@login_required
@require_GET
def overview(request):
    rows = _overview(request)
    return render(request, "begeleider/overview.html", {"rows": rows})


@login_required
@require_GET
def overview_xlsx(request):
    rows = _overview(request)
    response = HttpResponse(overview_workbook(rows), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="begeleiding-overzicht.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def action_comment(request, slug, action_pk):
    """A begeleider's comment on one of the organisation's live actions: a note in its
    history, signed with their name; the status stays. Only for its begeleiders (the
    coordinators note progress on the action's own page); 404 for everyone else."""
    organisation = get_organisation_for_member(request, slug)
    if not is_begeleider(organisation.member_role):
        raise Http404
    action = get_object_or_404(
        ImprovementAction.objects.of_organisation(organisation)
        .live()
        .select_related("bouwsteen", "owner_rol", "round"),
        pk=action_pk,
    )
    form = ActionCommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            action_progress_add(
                action=action,
                status=action.status,
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("note", error.messages[0])
        else:
            messages.success(request, _("Je opmerking staat bij de actie."))
            return redirect("assessments:action-plan", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "action": action,
        "updates": action.updates.select_related("author"),
        "form": form,
    }
    return render(request, "begeleider/action_comment.html", context)


urlpatterns = [
    path("begeleider/", overview, name="begeleider-overview"),
    path("begeleider/overzicht.xlsx", overview_xlsx, name="begeleider-overview-xlsx"),
    path(
        "organisaties/<slug:slug>/actieplan/<int:action_pk>/opmerking/",
        action_comment,
        name="action-comment",
    ),
]
