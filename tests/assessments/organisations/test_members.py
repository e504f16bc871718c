"""A coordinator manages who may use the tool for their organisation: list, change the role,
remove (inviting is in test_invitations.py)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.models import Membership
from tests.conftest import make_member
from tests.invitations import invitation_url, invitations_state, make_invitation

User = get_user_model()
COORDINATOR, VIEWER = Membership.Role.COORDINATOR, Membership.Role.VIEWER


def members_url(organisation):
    return reverse("assessments:organisation-members", args=[organisation.slug])


def member_url(membership, name="organisation-member"):
    return reverse(f"assessments:{name}", args=[membership.organisation.slug, membership.pk])


def membership_of(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


def memberships_state():
    return sorted(Membership.objects.values_list("organisation_id", "user_id", "role"))


def add(client, organisation, email, role=VIEWER, name=""):
    return client.post(members_url(organisation), {"email": email, "name": name, "role": role})


def test_list_shows_only_own_organisations_members(
    client, coordinator, colleague, outsider, organisation
):
    client.force_login(coordinator)
    page = client.get(members_url(organisation)).content.decode()
    assert "coordinator@example.org" in page and "collega@example.org" in page
    assert "buitenstaander@example.org" not in page
    rows = re.findall(r'<tr id="member-\d+">.*?</tr>', page, re.S)
    assert len(rows) == 2
    assert "Coördinator" in rows[0] and "Lezer" in rows[1]


def test_nav_and_round_list_link_to_the_page_for_coordinators_only(
    client, coordinator, colleague, organisation
):
    client.force_login(coordinator)
    page = client.get(reverse("assessments:round-list")).content.decode()
    assert page.count(f'href="{members_url(organisation)}"') == 2  # nav and round list
    client.force_login(colleague)
    page = client.get(reverse("assessments:round-list")).content.decode()
    assert members_url(organisation) not in page


def test_list_needs_login(client, organisation):
    response = client.get(members_url(organisation))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.fixture
def every_view(organisation, coordinator, colleague):
    """(method, url, data) for every members view; the member pages aim at the viewer."""
    target = membership_of(colleague, organisation)
    invitation = make_invitation(organisation, "wacht@example.org")
    return [
        ("post", invitation_url(invitation, "resend"), {}),
        ("post", invitation_url(invitation, "withdraw"), {}),
        ("get", members_url(organisation), None),
        ("post", members_url(organisation), {"email": "nieuw@example.org", "role": VIEWER}),
        ("get", member_url(target), None),
        ("post", member_url(target), {"role": COORDINATOR}),
        ("post", member_url(target, "organisation-member-remove"), {}),
        ("post", member_url(target, "organisation-member-resend"), {}),
    ]


@pytest.mark.parametrize("who", ["outsider", "colleague"])
def test_outsider_and_viewer_get_404_everywhere(client, request, every_view, mailoutbox, who):
    mailoutbox.clear()  # the invitation every_view made
    client.force_login(request.getfixturevalue(who))
    before, users = memberships_state(), User.objects.count()
    invitations = invitations_state()
    for method, url, data in every_view:
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
    assert memberships_state() == before and User.objects.count() == users
    assert invitations_state() == invitations
    assert mailoutbox == []


def test_a_foreign_organisation_or_member_gives_404(
    client, coordinator, outsider, organisation, other_organisation
):
    client.force_login(coordinator)
    foreign = membership_of(outsider, other_organisation)
    before = memberships_state()
    assert client.get(members_url(other_organisation)).status_code == 404
    assert add(client, other_organisation, "x@example.org").status_code == 404
    assert (
        client.get(reverse("assessments:organisation-members", args=["bestaat-niet"])).status_code
        == 404
    )
    # A membership of another organisation under the coordinator's own slug
    for name in ["organisation-member-remove", "organisation-member-resend"]:
        url = reverse(f"assessments:{name}", args=[organisation.slug, foreign.pk])
        assert client.post(url).status_code == 404
    url = reverse("assessments:organisation-member", args=[organisation.slug, foreign.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"role": VIEWER}).status_code == 404
    assert memberships_state() == before


def make_member_without_password(organisation, username, role=VIEWER):
    """A member from before invitations: an account made for them, no password chosen yet."""
    user = make_member(organisation, username, role)
    user.set_unusable_password()
    user.save()
    return user


def test_resend_the_link_to_a_member_without_a_password(
    client, coordinator, colleague, organisation, mailoutbox
):
    client.force_login(coordinator)
    new = membership_of(make_member_without_password(organisation, "nieuw"), organisation)
    client.post(member_url(new, "organisation-member-resend"))
    [mail] = mailoutbox
    assert mail.to == ["nieuw@example.org"] and "gebruikersnaam: nieuw" in mail.body
    # Someone with a password gets no link: they use "Wachtwoord vergeten?".
    response = client.post(
        member_url(membership_of(colleague, organisation), "organisation-member-resend"),
        follow=True,
    )
    assert "heeft al een wachtwoord" in response.content.decode()
    assert len(mailoutbox) == 1


def test_adding_a_member_again_is_refused_next_to_the_field(
    client, coordinator, colleague, organisation, mailoutbox
):
    client.force_login(coordinator)
    before = memberships_state()
    response = add(client, organisation, "COLLEGA@example.org", role=COORDINATOR)
    page = response.content.decode()
    assert response.status_code == 200
    assert "collega@example.org is al collega in Gemeente Testdorp." in page
    assert 'id="error-summary"' in page and 'href="#id_email"' in page
    assert 'aria-invalid="true"' in page  # on the e-mail field
    assert memberships_state() == before and mailoutbox == []


@pytest.mark.parametrize("email", ["geen-adres", "jan@", "jan de vries@gemeente.nl", ""])
def test_a_malformed_address_is_refused(client, coordinator, organisation, mailoutbox, email):
    client.force_login(coordinator)
    before, users = memberships_state(), User.objects.count()
    page = add(client, organisation, email).content.decode()
    expected = "Vul een e-mailadres in." if not email else "Vul een geldig e-mailadres in"
    assert expected in page and 'href="#id_email"' in page
    assert memberships_state() == before and User.objects.count() == users
    assert mailoutbox == []


def test_an_address_that_cannot_be_a_username_is_refused(client, coordinator, organisation):
    client.force_login(coordinator)
    users = User.objects.count()
    page = add(client, organisation, "o'brien@example.org").content.decode()
    assert "geen gebruikersnaam maken" in page
    assert User.objects.count() == users


def test_coordinator_changes_a_role(client, coordinator, colleague, organisation):
    client.force_login(coordinator)
    membership = membership_of(colleague, organisation)
    page = client.get(member_url(membership)).content.decode()
    assert "<fieldset" in page and "<legend" in page  # the role radio group
    response = client.post(member_url(membership), {"role": COORDINATOR}, follow=True)
    assert "collega@example.org is nu Coördinator." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == COORDINATOR


def test_an_invalid_role_is_refused(client, coordinator, colleague, organisation):
    client.force_login(coordinator)
    membership = membership_of(colleague, organisation)
    page = client.post(member_url(membership), {"role": "baas"}).content.decode()
    assert "Kies Coördinator, Lezer of Begeleider." in page and 'href="#id_role_0"' in page
    membership.refresh_from_db()
    assert membership.role == VIEWER


def test_coordinator_removes_a_member_and_the_account_stays(
    client, coordinator, colleague, organisation
):
    client.force_login(coordinator)
    response = client.post(
        member_url(membership_of(colleague, organisation), "organisation-member-remove"),
        follow=True,
    )
    assert "heeft geen toegang meer tot Gemeente Testdorp" in response.content.decode()
    assert not Membership.objects.filter(user=colleague).exists()
    assert User.objects.filter(pk=colleague.pk).exists()


def test_the_last_coordinator_cannot_be_demoted(client, coordinator, colleague, organisation):
    client.force_login(coordinator)
    before = memberships_state()
    page = client.post(
        member_url(membership_of(coordinator, organisation)), {"role": VIEWER}
    ).content.decode()
    assert "dan is er geen coördinator meer die kan inloggen" in page
    assert 'href="#id_role_0"' in page
    assert memberships_state() == before


def test_the_last_coordinator_cannot_be_removed(client, coordinator, colleague, organisation):
    client.force_login(coordinator)
    before = memberships_state()
    response = client.post(
        member_url(membership_of(coordinator, organisation), "organisation-member-remove"),
        follow=True,
    )
    assert "dan is er geen coördinator meer die kan inloggen" in response.content.decode()
    assert memberships_state() == before


def test_a_coordinator_without_a_password_does_not_count(client, coordinator, organisation):
    """Leaving the organisation to someone who cannot log in yet would lock it."""
    client.force_login(coordinator)
    make_member_without_password(organisation, "nieuw", COORDINATOR)
    before = memberships_state()
    response = client.post(
        member_url(membership_of(coordinator, organisation), "organisation-member-remove")
    )
    assert response.status_code == 302
    assert memberships_state() == before


def test_a_coordinator_may_leave_when_another_remains(client, coordinator, organisation):
    second = make_member(organisation, "tweede", COORDINATOR)
    client.force_login(coordinator)
    own = membership_of(coordinator, organisation)
    page = client.get(member_url(own)).content.decode()
    assert 'id="self-warning"' in page and "Mezelf weghalen" in page
    response = client.post(member_url(own, "organisation-member-remove"))
    assert response.url == reverse("assessments:round-list")
    assert not Membership.objects.filter(user=coordinator).exists()
    assert client.get(members_url(organisation)).status_code == 404
    # The other coordinator may not now remove themselves: they are the last one.
    client.force_login(second)
    client.post(member_url(membership_of(second, organisation), "organisation-member-remove"))
    assert membership_of(second, organisation).role == COORDINATOR


def test_a_coordinator_who_demotes_themselves_goes_to_the_round_list(
    client, coordinator, organisation
):
    make_member(organisation, "tweede", COORDINATOR)
    client.force_login(coordinator)
    response = client.post(
        member_url(membership_of(coordinator, organisation)), {"role": VIEWER}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("assessments:round-list")
    assert "Je bent nu Lezer in Gemeente Testdorp." in response.content.decode()
    assert membership_of(coordinator, organisation).role == VIEWER


@pytest.mark.parametrize("extra", [1, 28])
def test_list_query_count_does_not_grow_with_members(
    client, coordinator, colleague, organisation, django_assert_max_num_queries, extra
):
    for number in range(extra):
        make_member(organisation, f"lid{number}", VIEWER)
        make_invitation(organisation, f"uitgenodigd{number}@example.org")
    client.force_login(coordinator)
    # session, user, the organisations the user coordinates (the scoped lookup and the nav
    # share it), the memberships with their users, the waiting invitations
    with django_assert_max_num_queries(5):
        page = client.get(members_url(organisation)).content.decode()
    assert page.count('<tr id="member-') == extra + 2  # 3 or 30 members
    assert page.count('<tr id="invitation-') == extra
