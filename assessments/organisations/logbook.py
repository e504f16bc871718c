"""The organisation's logboek (the entries: audit/): every coordinator and lezer of the
organisation reads who did which sensitive thing when, invitations and the coordinators' own
questionnaires included, so an insider's invitations to addresses they control are seen by
their colleagues. Everyone else gets 404."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ..audit.models import AuditEntry
from .selectors import coordinated_organisations_for_request, get_organisation_for_member

PER_PAGE = 50


def entries_for_page(organisation):
    """The organisation's entries, newest first, each marked `own_questionnaire` when its
    respondent is a coordinator's own (added by "Zelf invullen") and `member_address` when
    the respondent's address is that of an account of the organisation (a colleague
    invited by address, or a coordinator inviting themselves through the list). Both marks
    are computed in the page's own query."""
    self_filled = AuditEntry.objects.filter(
        action=AuditEntry.Action.SELF_FILL, respondent=OuterRef("respondent")
    )
    # The one case-insensitive comparison left on purpose (common/addresses.py compares
    # exactly): a warning, not access. A respondent's address is stored as typed, and one
    # that PostgreSQL's UPPER folds onto a colleague's (a look-alike) should be flagged too.
    member_accounts = get_user_model().objects.filter(
        memberships__organisation=organisation, email__iexact=OuterRef("respondent__email")
    )
    return (
        AuditEntry.objects.filter(organisation=organisation)
        .for_page()
        .annotate(own_questionnaire=Exists(self_filled), member_address=Exists(member_accounts))
    )


@login_required
@require_GET
def organisation_audit(request, slug):
    organisation = get_organisation_for_member(request, slug)
    page = Paginator(entries_for_page(organisation), PER_PAGE).get_page(request.GET.get("pagina"))
    # the nav reads this list anyway: no extra query
    coordinates = organisation in coordinated_organisations_for_request(request)
    context = {"organisation": organisation, "page": page, "is_coordinator": coordinates}
    return render(request, "assessments/organisation_audit.html", context)


urlpatterns = [
    path("organisaties/<slug:slug>/logboek/", organisation_audit, name="organisation-audit"),
]
