"""The organisation in the Django admin: a member added there gets the set-password mail."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def organisation_data(organisation, user, **extra):
    return {
        "name": organisation.name,
        "slug": organisation.slug,
        "kind": organisation.kind,
        "min_group_size": organisation.min_group_size,
        "language": organisation.language,
        "retention_months": organisation.retention_months,
        "memberships-TOTAL_FORMS": 1,
        "memberships-INITIAL_FORMS": 0,
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
        "memberships-0-user": user.pk,
        "memberships-0-role": Membership.Role.COORDINATOR,
        **extra,
    }


def test_coordinator_without_a_password_added_in_the_admin_gets_the_set_password_mail(
    admin_client, mailoutbox
):
    organisation = Organisation.objects.create(name="Gemeente Nieuw", slug="gemeente-nieuw")
    user = get_user_model().objects.create_user("nieuw", "nieuw@example.org")  # no password
    url = reverse("admin:assessments_organisation_change", args=[organisation.pk])

    response = admin_client.post(url, organisation_data(organisation, user), follow=True)

    assert "Er gaat een e-mail naar nieuw@example.org om een wachtwoord te kiezen." in (
        response.content.decode()
    )
    [mail] = mailoutbox
    assert mail.to == ["nieuw@example.org"]
    assert "/account/reset/" in mail.body
    assert "Kies eerst een wachtwoord" in mail.body


def test_member_who_has_a_password_gets_no_mail(admin_client, mailoutbox):
    organisation = Organisation.objects.create(name="Gemeente Nieuw", slug="gemeente-nieuw")
    user = get_user_model().objects.create_user("oud", "oud@example.org", "een-wachtwoord-1")
    url = reverse("admin:assessments_organisation_change", args=[organisation.pk])

    admin_client.post(url, organisation_data(organisation, user))

    assert Membership.objects.filter(user=user, organisation=organisation).exists()
    assert mailoutbox == []


def test_round_and_respondent_admin_pages_are_dutch(admin_client, organisation, framework):
    from tests.factories import make_respondent, make_round

    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round)

    page = admin_client.get(
        reverse("admin:assessments_respondent_change", args=[respondent.pk])
    ).content.decode()
    listing = admin_client.get(reverse("admin:assessments_respondent_changelist")).content

    assert "Ronde" in page and "Round" not in page
    assert "Submitted at" not in listing.decode() and "Verstuurd op" in listing.decode()
