"""Sending the password link again, checked on the service."""

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Membership
from assessments.organisations.services import member_password_link_resend


def url_for(uidb64, token):
    return f"https://borgingshuis.test/wachtwoord/{uidb64}/{token}/"


def membership_of(user):
    return Membership.objects.select_related("user", "organisation").get(user=user)


def test_the_link_goes_again_to_a_member_without_a_password(coordinator, colleague, mailoutbox):
    colleague.set_unusable_password()
    colleague.save()

    member_password_link_resend(
        membership=membership_of(colleague), invited_by=coordinator, url_for=url_for
    )

    assert [mail.to for mail in mailoutbox] == [[colleague.email]]


@pytest.mark.parametrize(
    "email, message", [("collega@example.org", "al een wachtwoord"), ("", "geen e-mailadres")]
)
def test_no_link_for_a_member_with_a_password_or_without_an_address(
    coordinator, colleague, mailoutbox, email, message
):
    colleague.email = email
    colleague.save()

    with pytest.raises(ValidationError, match=message):
        member_password_link_resend(
            membership=membership_of(colleague), invited_by=coordinator, url_for=url_for
        )

    assert mailoutbox == []
