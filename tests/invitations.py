"""Helpers for the tests of colleagues' invitations."""

from django.urls import reverse

from assessments.models import Membership
from assessments.organisations.invitations import member_invite
from assessments.organisations.models import MemberInvitation


def invitation_url(invitation, action):
    return reverse(
        f"assessments:organisation-invitation-{action}",
        args=[invitation.organisation.slug, invitation.pk],
    )


def invitations_state():
    return sorted(MemberInvitation.objects.values_list("organisation_id", "email", "token_hash"))


def make_invitation(organisation, email, role=Membership.Role.VIEWER, invited_by=None, links=None):
    """An invitation as a coordinator sends it; its link's token goes into `links`."""
    links = [] if links is None else links
    return member_invite(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=invited_by,
        url_for=lambda token: links.append(token) or f"https://borgingshuis.test/u/{token}/",
    )
