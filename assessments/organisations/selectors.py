"""One scoping helper per resource: each returns the object only when the current user (or
token) may see it, and raises Http404 otherwise, so a foreign id looks like a missing one."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..rounds.models import Respondent, Round
from .models import MemberInvitation, Membership, Organisation


def get_round_for_user(request, pk) -> Round:
    """A round of one of the user's organisations (any role). A begeleider gets it only on
    the pages they may open, and each is in the logboek (begeleider/access.py)."""
    from ..begeleider.access import begeleider_gate  # the gate builds on these models

    round = get_object_or_404(
        Round.objects.for_user(request.user)
        .select_related("organisation", "framework")
        .annotate(member_role=F("organisation__memberships__role"))
        .distinct(),
        pk=pk,
    )
    begeleider_gate(request, role=round.member_role, organisation=round.organisation, round=round)
    return round


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
    raise Http404


def get_organisation_for_member(request, slug) -> Organisation:
    """An organisation the user belongs to in any role, by slug; 404 for anyone else. A
    begeleider gets it only on the pages they may open, each in the logboek."""
    from ..begeleider.access import begeleider_gate

    if not request.user.is_authenticated:
        raise Http404
    organisation = get_object_or_404(
        Organisation.objects.filter(memberships__user=request.user)
        .annotate(member_role=F("memberships__role"))
        .distinct(),
        slug=slug,
    )
    begeleider_gate(request, role=organisation.member_role, organisation=organisation)
    return organisation


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
