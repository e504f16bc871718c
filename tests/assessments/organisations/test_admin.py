"""The organisation in the Django admin: set up in one page with its first coordinator (who
is invited by e-mail); a member added there gets the set-password mail."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.models import Membership, Organisation
from tests.assessments.organisations.test_invitations import PASSWORD, link_in, path_of

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
        "onderdelen-TOTAL_FORMS": 0,
        "onderdelen-INITIAL_FORMS": 0,
        "onderdelen-MIN_NUM_FORMS": 0,
        "onderdelen-MAX_NUM_FORMS": 1000,
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


def set_up_data(**extra):
    return {
        "name": "Gemeente Nieuwdorp",
        "slug": "nieuwdorp",
        "kind": "gemeente",
        "language": "nl",
        "min_group_size": 3,
        "retention_months": 24,
        "coordinator_email": "Coordinator@Nieuwdorp.NL",
        "coordinator_name": "Carla Coördinator",
        **extra,
    }


def test_one_admin_page_sets_up_an_organisation_and_invites_its_first_coordinator(
    admin_client, mailoutbox
):
    url = reverse("admin:assessments_organisation_add")
    form = admin_client.get(url).content.decode()

    response = admin_client.post(url, set_up_data(), follow=True)

    assert "E-mailadres van de eerste coördinator" in form
    assert "memberships-TOTAL_FORMS" not in form  # no inline of accounts to pick on this page
    page = response.content.decode()
    assert "Coordinator@nieuwdorp.nl is uitgenodigd als coördinator van Gemeente Nieuwdorp." in (
        page
    )
    assert "De code van de organisatie is nieuwdorp: haar pagina is /organisaties/nieuwdorp/." in (
        page
    )
    organisation = Organisation.objects.get(slug="nieuwdorp")
    [mail] = mailoutbox
    assert mail.to == ["coordinator@nieuwdorp.nl"]  # stored as its address_key
    assert "Beste Carla Coördinator," in mail.body and "Je rol wordt: Coördinator" in mail.body
    # The coordinator follows the link, chooses a password and coordinates the organisation.
    link = path_of(link_in(mail))
    admin_client.logout()
    admin_client.post(link, {"name": "Carla", "new_password1": PASSWORD, "new_password2": PASSWORD})
    user = get_user_model().objects.get(username="coordinator@nieuwdorp.nl")
    assert Membership.objects.get(user=user, organisation=organisation).role == (
        Membership.Role.COORDINATOR
    )


def test_a_bad_coordinator_address_is_refused_next_to_the_field_and_nothing_is_made(
    admin_client, mailoutbox
):
    url = reverse("admin:assessments_organisation_add")

    response = admin_client.post(url, set_up_data(coordinator_email="geen-adres"))

    assert response.status_code == 200
    assert "Vul een geldig e-mailadres in, zoals naam@gemeente.nl." in response.content.decode()
    assert not Organisation.objects.filter(slug="nieuwdorp").exists()
    assert mailoutbox == []


def test_the_admin_menu_and_user_page_are_dutch_and_have_no_unlabelled_date_boxes(
    admin_client, coordinator
):
    index = admin_client.get(reverse("admin:index")).content.decode()
    user = admin_client.get(reverse("admin:auth_user_change", args=[coordinator.pk]))

    for english in ("Access attempts", "Task Results", "Tasks Database Backend", "Model name"):
        assert english not in index
    assert "Inlogpogingen" in index and "Achtergrondtaken" in index
    assert 'name="last_login_0"' not in user.content.decode()
