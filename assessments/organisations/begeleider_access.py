"""What a begeleider may open of an organisation, and the logboek entry for each page.

A begeleider is a member (Membership.Role.BEGELEIDER), so the scoping helpers of
organisations/selectors.py and rounds/selectors.py find the organisation and its rounds for
them; they call `begeleider_gate` for every object they return. The gate lives here, beside
the memberships it reads, and not in begeleider/ (whose pages read reports and rounds), so
the scoping helpers call it without importing upwards. The gate lets a begeleider through only to
the pages named in BEGELEIDER_PAGES (reports, trends, action plans and their downloads, a
comment on an action: nothing that lists respondents). It is an allow-list: every other page
is a 404, as for an outsider, also a page added later until it is named here. Each page let
through is written to the organisation's logboek."""

from django.http import Http404

from ..audit.models import AuditEntry
from ..audit.services import audit_record
from .models import BegeleiderAccessEnded, Membership

# URL names (namespace assessments) a begeleider may open of an organisation they are linked to
BEGELEIDER_PAGES = frozenset(
    {
        "round-detail",  # stage, response per role, deadline: the list of people is not shown
        "round-report",
        "round-report-toelichtingen",  # anonymous, as in the report
        "round-report-csv",
        "round-report-xlsx",
        "round-report-pdf",
        "round-report-download",
        "action-list",
        "action-plan",
        "action-plan-pdf",
        "action-plan-download",
        "organisation-trend",
        "organisation-workbook",
        "action-comment",  # a note on an action, signed with their name (the status stays)
    }
)


def is_begeleider(role: str | None) -> bool:
    return role == Membership.Role.BEGELEIDER


def begeleider_gate(request, *, role: str | None, organisation, round=None) -> None:
    """Nothing for a coordinator or lezer. For a begeleider: 404 unless the page is one of
    BEGELEIDER_PAGES; else one logboek entry of the organisation (the page's address)."""
    if not is_begeleider(role):
        return
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in BEGELEIDER_PAGES:
        raise Http404
    audit_record(
        action=AuditEntry.Action.BEGELEIDER_VIEW,
        organisation=organisation,
        round=round,
        subject=request.path,
    )


def note_access_ended(request, **organisation_lookup) -> None:
    """Before a 404 for a logged-in user: when a coordinator removed them as begeleider of
    the organisation found by `organisation_lookup` (e.g. slug="x" or rounds__pk=5), keep it
    on the request, so the 404 page says they no longer have access to it
    (context_processors.coordination) instead of the respondents' "ask for a new link".
    One query; none for an anonymous visitor."""
    if not request.user.is_authenticated:
        return
    lookup = {f"organisation__{key}": value for key, value in organisation_lookup.items()}
    ended = (
        BegeleiderAccessEnded.objects.filter(user=request.user, **lookup)
        .select_related("organisation")
        .first()
    )
    if ended is not None:
        request.access_ended = ended.organisation
