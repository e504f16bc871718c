"""One scoping helper per resource: each returns the object only when the current user (or
token) may see it, and raises Http404 otherwise, so a foreign id looks like a missing one.
Here the organisations, their members and invitations; a round's and its respondents' in
rounds/selectors.py, an action's in actions/selectors.py."""

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404

from .begeleider_access import begeleider_gate, note_access_ended
from .models import MemberInvitation, Membership, Onderdeel, Organisation


def coordinated_organisations(user):
    """Organisations the user may start rounds for."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.COORDINATOR
    )


def _linked_organisations_for_request(request) -> list[Organisation]:
    """The organisations the user coordinates or is begeleider of, each with `member_role`,
    read once per request (one query). Empty for anonymous users."""
    if not hasattr(request, "_linked_organisations"):
        user = request.user
        if not user.is_authenticated:
            request._linked_organisations = []
        else:
            request._linked_organisations = list(
                Organisation.objects.filter(
                    memberships__user=user,
                    memberships__role__in=[
                        Membership.Role.COORDINATOR,
                        Membership.Role.BEGELEIDER,
                    ],
                ).annotate(member_role=F("memberships__role"))
            )
    return request._linked_organisations


def coordinated_organisations_for_request(request) -> list[Organisation]:
    """The organisations the current user coordinates, read once per request: the nav, the
    round list and the members pages all need them. Empty for anonymous users."""
    return [
        organisation
        for organisation in _linked_organisations_for_request(request)
        if organisation.member_role == Membership.Role.COORDINATOR
    ]


def begeleider_organisations_for_request(request) -> list[Organisation]:
    """The organisations the current user is begeleider of (the same query as the
    coordinated ones, read once per request)."""
    return [
        organisation
        for organisation in _linked_organisations_for_request(request)
        if organisation.member_role == Membership.Role.BEGELEIDER
    ]


def get_organisation_for_coordinator(request, slug) -> Organisation:
    """An organisation the user coordinates, by slug (from the request's list, no extra
    query). A viewer of the organisation gets 404 like everyone else."""
    for organisation in coordinated_organisations_for_request(request):
        if organisation.slug == slug:
            return organisation
    note_access_ended(request, slug=slug)
    raise Http404


def get_organisation_for_member(request, slug) -> Organisation:
    """An organisation the user belongs to in any role, by slug; 404 for anyone else. A
    begeleider gets it only on the pages they may open, each in the logboek."""
    if not request.user.is_authenticated:
        raise Http404
    organisation = (
        Organisation.objects.filter(memberships__user=request.user, slug=slug)
        .annotate(member_role=F("memberships__role"))
        .distinct()
        .first()
    )
    if organisation is None:
        note_access_ended(request, slug=slug)
        raise Http404
    begeleider_gate(request, role=organisation.member_role, organisation=organisation)
    return organisation


def get_membership_for_coordinator(request, organisation, pk) -> Membership:
    """A membership of an organisation the user coordinates (organisation from
    get_organisation_for_coordinator), with its user."""
    return get_object_or_404(
        Membership.objects.select_related("user"), organisation=organisation, pk=pk
    )


def get_invitation_for_coordinator(request, organisation, pk) -> MemberInvitation:
    """A waiting invitation of an organisation the user coordinates (organisation from
    get_organisation_for_coordinator)."""
    return get_object_or_404(MemberInvitation, organisation=organisation, pk=pk)


def get_onderdeel_for_coordinator(request, organisation, pk) -> Onderdeel:
    """A part of an organisation the user coordinates (organisation from
    get_organisation_for_coordinator); another organisation's part is a 404."""
    return get_object_or_404(Onderdeel, organisation=organisation, pk=pk)
