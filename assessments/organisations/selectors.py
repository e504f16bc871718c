"""One scoping helper per resource: each returns the object only when the current user (or
token) may see it, and raises Http404 otherwise, so a foreign id looks like a missing one."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..rounds.models import Respondent, Round
from .models import MemberInvitation, Membership, Organisation


def get_round_for_user(request, pk) -> Round:
    """A round of one of the user's organisations (any role)."""
    return get_object_or_404(
        Round.objects.for_user(request.user).select_related("organisation", "framework").distinct(),
        pk=pk,
    )


def get_round_for_coordinator(request, pk) -> Round:
    """A round of an organisation the user coordinates."""
    return get_object_or_404(
        Round.objects.coordinated_by(request.user)
        .select_related("organisation", "framework")
        .distinct(),
        pk=pk,
    )


def get_respondent_for_coordinator(request, round, pk) -> Respondent:
    """A respondent of a round the user coordinates (round from get_round_for_coordinator)."""
    return get_object_or_404(Respondent.objects.select_related("round"), round=round, pk=pk)


def get_respondent_by_token(token) -> Respondent:
    """The respondent with this personal link, with round, organisation and role. Revoked or
    unknown tokens give 404, and so does one with a NUL byte (PostgreSQL refuses it in a
    query)."""
    if not token or len(token) > 64 or "\x00" in token:
        raise Http404
    return get_object_or_404(
        Respondent.objects.active().select_related("round__organisation", "rol"), token=token
    )


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


def get_action_for_coordinator(request, round, pk):
    """An action born in a round the user coordinates (round from get_round_for_coordinator),
    with its bouwsteen and owner role."""
    from ..actions.models import ImprovementAction  # actions builds on this module's models

    return get_object_or_404(
        ImprovementAction.objects.select_related("bouwsteen", "owner_rol", "round"),
        round=round,
        pk=pk,
    )


def get_membership_for_coordinator(request, organisation, pk) -> Membership:
    """A membership of an organisation the user coordinates (organisation from
    get_organisation_for_coordinator), with its user."""
    return get_object_or_404(
        Membership.objects.select_related("user"), organisation=organisation, pk=pk
    )


def is_coordinator(request, round) -> bool:
    """Whether the current user coordinates the round's organisation. Reads the request's
    list of coordinated organisations, which the nav needs anyway."""
    return any(
        organisation.pk == round.organisation_id
        for organisation in coordinated_organisations_for_request(request)
    )


def get_round_for_member_coordinator(request, pk) -> Round:
    """A round of one of the user's organisations that the user coordinates. A member who is
    only a viewer gets 403 (they may know the round exists, not change it); others get 404."""
    round = get_round_for_user(request, pk)
    if not is_coordinator(request, round):
        raise PermissionDenied
    return round


def get_invitation_for_coordinator(request, organisation, pk) -> MemberInvitation:
    """A waiting invitation of an organisation the user coordinates (organisation from
    get_organisation_for_coordinator)."""
    return get_object_or_404(MemberInvitation, organisation=organisation, pk=pk)
