"""One scoping helper per resource: each returns the object only when the current user (or
token) may see it, and raises Http404 otherwise, so a foreign id looks like a missing one.
Here the organisations, their members and invitations; a round's and its respondents' in
rounds/selectors.py, an action's in actions/selectors.py."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import MemberInvitation, Membership, Organisation


def coordinated_organisations(user):
    """Organisations the user may start rounds for."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.COORDINATOR
    )


def coordinated_organisations_for_request(request) -> list[Organisation]:
    """The organisations the current user coordinates, read once per request: the nav, the
    round list and the members pages all need them. Empty for anonymous users."""
    if not hasattr(request, "_coordinated_organisations"):
        request._coordinated_organisations = list(coordinated_organisations(request.user))
    return request._coordinated_organisations


def get_organisation_for_coordinator(request, slug) -> Organisation:
    """An organisation the user coordinates, by slug (from the request's list, no extra
    query). A viewer of the organisation gets 404 like everyone else."""
    for organisation in coordinated_organisations_for_request(request):
        if organisation.slug == slug:
            return organisation
    raise Http404


def get_organisation_for_member(request, slug) -> Organisation:
    """An organisation the user belongs to in any role, by slug; 404 for anyone else."""
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Organisation.objects.filter(memberships__user=request.user).distinct(), slug=slug
    )


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
