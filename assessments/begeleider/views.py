"""The begeleider's overview of the organisations they are linked to, as a page and as a
workbook. Each organisation shown gets a logboek entry, as every page a begeleider opens of
it does (access.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..audit.models import AuditEntry
from ..audit.services import audit_record_many
from ..organisations.selectors import begeleider_organisations_for_request
from ..reporting.workbook import CONTENT_TYPE
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


urlpatterns = [
    path("begeleider/", overview, name="begeleider-overview"),
    path("begeleider/overzicht.xlsx", overview_xlsx, name="begeleider-overview-xlsx"),
]
