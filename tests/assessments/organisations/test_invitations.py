"""Colleagues by invitation: the coordinator's page reads the same whether the address has an
account, nobody becomes a member without accepting, and the link works once, until it is
withdrawn, renewed or expires."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from assessments.models import Membership
from assessments.organisations.models import MemberInvitation
from tests.conftest import make_member
from tests.invitations import invitation_url, invitations_state, make_invitation

User = get_user_model()
COORDINATOR, VIEWER = Membership.Role.COORDINATOR, Membership.Role.VIEWER
PASSWORD = "Participatie-2026!"


def members_url(organisation):
    return reverse("assessments:organisation-members", args=[organisation.slug])


def invite(client, organisation, email, role=VIEWER, name=""):
    return client.post(members_url(organisation), {"email": email, "name": name, "role": role})


def link_in(mail):
    return next(line for line in mail.body.splitlines() if line.startswith("http"))


def path_of(link):
    return link.removeprefix("http://testserver")


def success_message(page):
    return re.search(r'<div class="alert alert-success[^>]*>(.*?)</div>', page, re.S).group(1)


def test_an_address_with_an_account_reads_exactly_like_one_without(
    client, coordinator, outsider, organisation, mailoutbox
):
    """Before, the page named the existing account ("Carla Coördinator had al een account")
    and made it a member at once, without asking."""
    outsider.first_name, outsider.last_name = "Carla", "Coördinator"
    outsider.save()
    superuser = User.objects.create_superuser("root", "root@example.org", "geheim-1-x")
    client.force_login(coordinator)
    messages, mails = [], []
    for email in ["BuitenStaander@Example.org", "root@example.org", "niemand@example.org"]:
        response = invite(client, organisation, email, role=COORDINATOR)
        assert response.url == members_url(organisation)
        page = client.get(response.url).content.decode()
        assert "Carla" not in page and "Coördinator</th>" not in page
        # stored and shown as its address_key (lower case)
        messages.append(success_message(page).replace(email.lower().split("@")[0], "ADRES"))
    mails = [mail.body.replace(link_in(mail), "LINK") for mail in mailoutbox]
    assert len(set(messages)) == 1 and "uitnodiging gestuurd naar" in messages[0]
    assert len(mailoutbox) == 3 and len(set(mails)) == 1
    assert not Membership.objects.filter(organisation=organisation, user__in=[outsider, superuser])
    assert User.objects.count() == 3  # no account made for the new address either
    page = client.get(members_url(organisation)).content.decode()
    assert page.count('<tr id="invitation-') == 3 and "niemand@example.org" in page


def test_a_new_person_chooses_a_password_and_becomes_a_member(
    client, coordinator, organisation, mailoutbox
):
    client.force_login(coordinator)
    invite(client, organisation, "Jan.de.Vries@Gemeente.NL", name="Jan de Vries")
    [mail] = mailoutbox
    assert mail.to == ["jan.de.vries@gemeente.nl"]  # stored as its address_key
    assert mail.subject == "Uitnodiging voor Borgingshuis van Gemeente Testdorp"
    assert "Beste Jan de Vries," in mail.body and "Je rol wordt: Lezer" in mail.body
    link = path_of(link_in(mail))

    client.logout()
    page = client.get(link).content.decode()
    assert "new_password1" in page and "jan.de.vries@gemeente.nl" in page
    response = client.post(
        link, {"name": "Jan de Vries", "new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response.url == reverse("assessments:round-list")
    user = User.objects.get(username="jan.de.vries@gemeente.nl")
    assert user.email == "jan.de.vries@gemeente.nl" and user.get_full_name() == "Jan de Vries"
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(user=user, organisation=organisation).role == VIEWER
    assert not MemberInvitation.objects.exists()
    assert client.get(reverse("assessments:round-list")).status_code == 200  # logged in
    # The link works once.
    client.logout()
    response = client.get(link)
    assert response.status_code == 404 and 'id="invitation-gone"' in response.content.decode()


def test_a_weak_password_is_refused_next_to_the_field(client, organisation):
    links = []
    make_invitation(organisation, "nieuw@example.org", links=links)
    url = reverse("assessments:member-invitation", args=[links[0]])
    page = client.post(url, {"new_password1": "1234", "new_password2": "1234"}).content.decode()
    assert 'id="error-summary"' in page and "veel mensen" in page
    assert not User.objects.filter(email="nieuw@example.org").exists()
    assert MemberInvitation.objects.count() == 1


def test_an_existing_account_logs_in_and_accepts(client, outsider, organisation):
    links = []
    make_invitation(organisation, "BUITENSTAANDER@example.org", COORDINATOR, links=links)
    url = reverse("assessments:member-invitation", args=[links[0]])
    page = client.get(url).content.decode()
    assert 'id="login-to-accept"' in page and "new_password1" not in page
    login = client.post(
        f"{reverse('login')}?next={url}",
        {"username": "buitenstaander", "password": "geheim-wachtwoord-1", "next": url},
    )
    assert login.url == url
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()
    assert 'id="accept"' in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == reverse("assessments:round-list")
    assert Membership.objects.get(user=outsider, organisation=organisation).role == COORDINATOR
    assert not MemberInvitation.objects.exists()


def test_someone_logged_in_with_another_account_cannot_accept(
    client, colleague, outsider, organisation
):
    links = []
    make_invitation(organisation, "buitenstaander@example.org", links=links)
    client.force_login(colleague)
    url = reverse("assessments:member-invitation", args=[links[0]])
    assert 'id="other-account"' in client.get(url).content.decode()
    client.post(url)
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()
    assert MemberInvitation.objects.count() == 1


def test_an_account_without_a_password_gets_the_one_chosen(client, organisation, outsider):
    outsider.set_unusable_password()
    outsider.save()
    links = []
    make_invitation(organisation, "buitenstaander@example.org", links=links)
    url = reverse("assessments:member-invitation", args=[links[0]])
    client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    outsider.refresh_from_db()
    assert outsider.check_password(PASSWORD) and outsider.username == "buitenstaander"
    assert Membership.objects.filter(user=outsider, organisation=organisation).exists()


def test_a_username_of_another_address_is_refused_at_acceptance(client, organisation):
    User.objects.create_user("nieuw@example.org", "iemand-anders@example.org", "x-geheim-1")
    links = []
    make_invitation(organisation, "nieuw@example.org", links=links)
    url = reverse("assessments:member-invitation", args=[links[0]])
    page = client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert "Er is al een account met dit e-mailadres als gebruikersnaam" in page.content.decode()
    assert not Membership.objects.exists() and MemberInvitation.objects.count() == 1


def test_an_expired_invitation_is_refused_and_sending_it_again_renews_it(
    client, coordinator, organisation, mailoutbox
):
    client.force_login(coordinator)
    invite(client, organisation, "nieuw@example.org")
    invitation = MemberInvitation.objects.get()
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    old_link = path_of(link_in(mailoutbox[0]))
    assert "Verlopen" in client.get(members_url(organisation)).content.decode()

    client.post(invitation_url(invitation, "resend"))
    new_link = path_of(link_in(mailoutbox[1]))
    client.logout()
    assert client.get(old_link).status_code == 404  # a new link replaces the old one
    client.post(new_link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert Membership.objects.filter(user__email="nieuw@example.org").exists()


def test_an_expired_link_says_so(client, organisation):
    links = []
    invitation = make_invitation(organisation, "nieuw@example.org", links=links)
    invitation.expires_at = timezone.now()
    invitation.save()
    url = reverse("assessments:member-invitation", args=[links[0]])
    response = client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 410 and 'id="invitation-expired"' in response.content.decode()
    assert not User.objects.filter(email="nieuw@example.org").exists()


def test_a_withdrawn_invitation_no_longer_works(client, coordinator, organisation, mailoutbox):
    client.force_login(coordinator)
    invite(client, organisation, "nieuw@example.org")
    response = client.post(invitation_url(MemberInvitation.objects.get(), "withdraw"), follow=True)
    assert "is ingetrokken" in response.content.decode()
    client.logout()
    assert client.get(path_of(link_in(mailoutbox[0]))).status_code == 404


def test_inviting_again_renews_the_one_invitation(client, coordinator, organisation, mailoutbox):
    client.force_login(coordinator)
    invite(client, organisation, "nieuw@example.org")
    invite(client, organisation, "NIEUW@example.org", role=COORDINATOR)
    invitation = MemberInvitation.objects.get()
    assert invitation.role == COORDINATOR
    assert client.get(path_of(link_in(mailoutbox[0]))).status_code == 404


def test_a_member_accepting_again_keeps_their_membership(client, organisation):
    """Made a member meanwhile (by the beheerder, in the admin)."""
    links = []
    make_invitation(organisation, "laat@example.org", COORDINATOR, links=links)
    colleague = make_member(organisation, "laat", VIEWER)
    client.force_login(colleague)
    client.post(reverse("assessments:member-invitation", args=[links[0]]))
    assert Membership.objects.get(user=colleague).role == VIEWER
    assert not MemberInvitation.objects.exists()


@pytest.mark.parametrize("token", ["onbekend", "x" * 101, "a\x00b"])
def test_an_unknown_link_gives_404(client, db, token):
    response = client.get(reverse("assessments:member-invitation", args=[token]))
    assert response.status_code == 404


def test_a_foreign_invitation_gives_404(client, coordinator, organisation, other_organisation):
    foreign = make_invitation(other_organisation, "x@example.org")
    client.force_login(coordinator)
    before = invitations_state()
    for action in ["resend", "withdraw"]:
        url = reverse(
            f"assessments:organisation-invitation-{action}", args=[organisation.slug, foreign.pk]
        )
        assert client.post(url).status_code == 404
        assert client.post(invitation_url(foreign, action)).status_code == 404
    assert invitations_state() == before


def test_a_withdrawn_invitation_cannot_be_sent_again(client, coordinator, organisation):
    """Withdrawn by another coordinator between loading the page and pressing the button."""
    invitation = make_invitation(organisation, "nieuw@example.org")
    from assessments.organisations.invitations import member_invitation_resend

    MemberInvitation.objects.all().delete()
    with pytest.raises(Exception, match="werkt niet meer"):
        member_invitation_resend(invitation=invitation, invited_by=coordinator, url_for=str)


def test_a_member_of_the_organisation_is_refused(client, coordinator, organisation):
    make_member(organisation, "lid", VIEWER)
    client.force_login(coordinator)
    page = invite(client, organisation, "LID@example.org").content.decode()
    assert "is al collega in Gemeente Testdorp" in page
    assert not MemberInvitation.objects.exists()
