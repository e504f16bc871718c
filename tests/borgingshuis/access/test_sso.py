"""Single sign-on over OpenID Connect against a real identity provider (django-oidc-provider
in a subprocess, tests/borgingshuis/access/provider/): the provider's own login page, its
signed ID tokens, its discovery and keys. Signing on never makes anyone a member."""

from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from assessments.models import Membership
from borgingshuis.access.models import AccountSession, SignOnBinding, SignOnLinkPermit
from borgingshuis.access.second_factor import SSO
from borgingshuis.access.sso import REFUSALS
from tests.borgingshuis.access.totp import device_code, device_for
from tests.invitations import make_invitation

User = get_user_model()
PASSWORD = "geheim-wachtwoord-1"


def bind(user, provider, subject):
    """What linking leaves behind: the account bound to the provider's subject (the test
    provider's subject is its username)."""
    return SignOnBinding.objects.create(
        issuer=provider.issuer, subject=subject, user=user, linked_at=timezone.now()
    )


def sign_on(client, provider, username, next_url="/rondes/"):
    """The whole journey: the app sends the browser to the provider, the person logs in
    there, the provider sends the browser back to the app's callback."""
    start = client.get(reverse("oidc_authentication_init"), {"next": next_url})
    assert start.status_code == 302 and start.url.startswith(provider.issuer + "/authorize")
    return client.get(provider.sign_in(start.url, username))


def refusal_shown(client, response, reason):
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    return str(REFUSALS[reason]) in page


def test_single_sign_on_is_off_without_an_issuer(client, db):
    assert 'id="sso-login"' not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404


def test_the_account_bound_to_the_subject_signs_on_and_gets_nothing_more(
    client, single_sign_on, coordinator, organisation
):
    bind(coordinator, single_sign_on, "coordinator")
    memberships = list(Membership.objects.values_list("user_id", "organisation_id", "role"))
    assert 'id="sso-login"' in client.get(reverse("login")).content.decode()

    response = sign_on(client, single_sign_on, "coordinator")

    assert response.status_code == 302 and response.url == "/rondes/"
    assert client.session["_auth_user_id"] == str(coordinator.pk)
    assert client.session[SSO] is True
    assert AccountSession.objects.get(user=coordinator).method == "sso"
    assert client.get("/rondes/").status_code == 200
    assert list(Membership.objects.values_list("user_id", "organisation_id", "role")) == memberships


def test_a_token_for_another_application_is_refused(client, single_sign_on, coordinator):
    response = sign_on(client, single_sign_on, "andere-app")
    assert refusal_shown(client, response, "token")


def test_an_expired_token_is_refused(client, single_sign_on, coordinator):
    response = sign_on(client, single_sign_on, "verlopen")
    assert refusal_shown(client, response, "token")


def test_an_address_without_account_or_invitation_is_refused(client, single_sign_on, coordinator):
    users = User.objects.count()
    response = sign_on(client, single_sign_on, "onbekend")
    assert refusal_shown(client, response, "no_account")
    assert User.objects.count() == users


def test_an_invited_address_signs_on_and_accepts_on_the_invitation_page(
    client, single_sign_on, organisation, coordinator
):
    links = []
    make_invitation(organisation, "Bea@Testdorp.nl", invited_by=coordinator, links=links)
    invitation_page = reverse("assessments:member-invitation", args=[links[0]])
    assert 'id="sso-login"' in client.get(invitation_page).content.decode()

    response = sign_on(client, single_sign_on, "bea", next_url=invitation_page)

    assert response.url == invitation_page
    bea = User.objects.get(email__iexact="bea@testdorp.nl")
    assert bea.username == "bea@testdorp.nl" and not bea.has_usable_password()
    assert not Membership.objects.filter(user=bea).exists()  # signing on is no membership
    assert 'id="accept"' in client.get(invitation_page).content.decode()
    binding = SignOnBinding.objects.get(user=bea)
    assert (binding.issuer, binding.subject) == (single_sign_on.issuer, "bea")

    client.post(invitation_page)
    assert Membership.objects.get(user=bea).organisation == organisation


def test_an_expired_invitation_gives_no_account(client, single_sign_on, organisation, coordinator):
    invitation = make_invitation(organisation, "bea@testdorp.nl", invited_by=coordinator)
    invitation.expires_at = invitation.sent_at
    invitation.save()

    response = sign_on(client, single_sign_on, "bea")

    assert refusal_shown(client, response, "no_account")
    assert not User.objects.filter(email__iexact="bea@testdorp.nl").exists()


def test_the_address_comes_from_the_configured_claim(client, single_sign_on, settings, coordinator):
    settings.OIDC_EMAIL_CLAIM = "upn"  # a claim this provider does not send
    response = sign_on(client, single_sign_on, "coordinator")
    assert refusal_shown(client, response, "no_email")


def test_a_callback_cannot_be_used_twice(client, single_sign_on, coordinator):
    bind(coordinator, single_sign_on, "coordinator")
    start = client.get(reverse("oidc_authentication_init"))
    callback = single_sign_on.sign_in(start.url, "coordinator")
    assert client.get(callback).status_code == 302
    client.logout()

    assert refusal_shown(client, client.get(callback), "token")


def test_an_unreachable_provider_is_a_message(client, settings, db):
    settings.OIDC_ISSUER = "http://127.0.0.1:9/openid"  # nothing listens on port 9
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "borgingshuis", "x"
    response = client.get(reverse("oidc_authentication_init"))
    assert refusal_shown(client, response, "unreachable")


def test_without_local_passwords_only_single_sign_on_logs_in(
    client, single_sign_on, settings, coordinator, organisation
):
    settings.LOCAL_PASSWORDS = False
    page = client.get(reverse("login")).content.decode()
    assert 'id="sso-login"' in page and 'name="password"' not in page

    admin_page = client.get(reverse("admin:login")).content.decode()
    assert 'id="sso-login"' in admin_page and 'name="password"' not in admin_page
    for url in [reverse("login"), reverse("admin:login")]:
        client.post(url, {"username": "coordinator", "password": "geheim-wachtwoord-1"})
        assert "_auth_user_id" not in client.session

    links = []
    make_invitation(organisation, "nieuw@testdorp.nl", invited_by=coordinator, links=links)
    invitation_page = reverse("assessments:member-invitation", args=[links[0]])
    password = "een-lang-wachtwoord-2026"
    response = client.post(
        invitation_page, {"name": "Nina", "new_password1": password, "new_password2": password}
    )
    assert 'id="sso-login"' in response.content.decode()
    assert not User.objects.filter(email="nieuw@testdorp.nl").exists()

    bind(coordinator, single_sign_on, "coordinator")
    assert sign_on(client, single_sign_on, "coordinator").url == "/rondes/"


def test_an_account_is_never_found_by_the_address_in_the_token(client, single_sign_on, coordinator):
    """The provider vouches for coordinator@example.org, but this subject was never bound
    to the coordinator's account: no sign-on, and how to link is said."""
    response = sign_on(client, single_sign_on, "coordinator")
    assert refusal_shown(client, response, "link_first")
    assert not SignOnBinding.objects.exists()


def test_a_look_alike_address_signs_on_as_nobody(client, single_sign_on, coordinator, outsider):
    """coordınator (dotless ı) and buitenſtaander (long s): PostgreSQL's UPPER makes them
    the coordinator's and the outsider's addresses (the outsider has no authenticator yet).
    No account is found, made or bound."""
    users = User.objects.count()
    for username in ["dotless", "long-s"]:
        response = sign_on(client, single_sign_on, username)
        assert refusal_shown(client, response, "address")
    assert User.objects.count() == users and not SignOnBinding.objects.exists()


def test_an_address_marked_unverified_with_the_string_false_is_refused(
    client, single_sign_on, organisation, coordinator
):
    make_invitation(organisation, "bea@testdorp.nl", invited_by=coordinator)
    response = sign_on(client, single_sign_on, "onbevestigd")  # "email_verified": "false"
    assert refusal_shown(client, response, "no_email")
    assert not User.objects.filter(email="bea@testdorp.nl").exists()


def test_a_missing_email_verified_is_refused_unless_the_setting_allows_it(
    client, single_sign_on, settings, organisation, coordinator
):
    make_invitation(organisation, "bea@testdorp.nl", invited_by=coordinator)
    response = sign_on(client, single_sign_on, "zonder-bevestiging")
    assert refusal_shown(client, response, "no_email")

    settings.OIDC_EMAIL_VERIFIED_REQUIRED = False
    response = sign_on(client, single_sign_on, "zonder-bevestiging")
    assert client.session["_auth_user_id"] == str(User.objects.get(email="bea@testdorp.nl").pk)


def test_a_logged_in_account_links_its_organisation_account_after_its_second_factor(
    client, single_sign_on, coordinator
):
    client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD})
    account = reverse("access:account")
    assert 'id="sso-link"' in client.get(account).content.decode()

    # A password alone links nothing: first the second factor.
    response = client.post(reverse("access:sso-link"))
    assert response.url.startswith(reverse("access:second-factor-setup"))
    device = device_for(coordinator)
    client.post(reverse("access:second-factor"), {"token": device_code(device)})

    session_key, started = client.session.session_key, client.session["access_started"]
    response = client.post(reverse("access:sso-link"))
    assert response.url.startswith(reverse("oidc_authentication_init"))
    start = client.get(response.url)
    back = client.get(single_sign_on.sign_in(start.url, "coordinator"))

    assert back.status_code == 302 and back.url == account
    # no new login: the same session, its clocks running on
    assert client.session.session_key == session_key
    assert client.session["access_started"] == started
    binding = SignOnBinding.objects.get(user=coordinator)
    assert (binding.issuer, binding.subject) == (single_sign_on.issuer, "coordinator")
    assert 'id="sso-linked"' in client.get(account).content.decode()

    elsewhere = type(client)()
    assert sign_on(elsewhere, single_sign_on, "coordinator").url == "/rondes/"
    assert elsewhere.session["_auth_user_id"] == str(coordinator.pk)


def test_a_subject_bound_to_another_account_is_not_linked_again(
    client, single_sign_on, coordinator, colleague
):
    bind(colleague, single_sign_on, "coordinator")
    client.force_login(coordinator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device_for(coordinator).persistent_id
    session.save()

    start = client.get(client.post(reverse("access:sso-link")).url)
    back = client.get(single_sign_on.sign_in(start.url, "coordinator"))

    assert back.url == reverse("access:account")
    assert str(REFUSALS["bound_elsewhere"]) in client.get(back.url).content.decode()
    assert SignOnBinding.objects.get().user == colleague
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_refused_sign_ons_lock_no_one_out(client, single_sign_on, coordinator, colleague):
    """25 refused sign-ons from one address (a town hall behind one address): neither
    single sign-on nor passwords are locked for the others there, and nothing is counted."""
    for _ in range(25):
        response = sign_on(client, single_sign_on, "onbekend")
        assert refusal_shown(client, response, "no_account")
    assert not AccessAttempt.objects.exists()

    bind(coordinator, single_sign_on, "coordinator")
    assert sign_on(type(client)(), single_sign_on, "coordinator").url == "/rondes/"
    other = type(client)()
    other.post(reverse("login"), {"username": "collega", "password": PASSWORD})
    assert other.session["_auth_user_id"] == str(colleague.pk)


def test_wrong_passwords_still_lock_the_address(client, single_sign_on, coordinator):
    """The per-address limit for passwords stays (AXES_ADDRESS_FAILURE_LIMIT)."""
    for number in range(20):
        client.post(reverse("login"), {"username": f"iemand-{number}", "password": "fout"})
    response = client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 429
    bind(coordinator, single_sign_on, "coordinator")
    assert sign_on(client, single_sign_on, "coordinator").url == "/rondes/"


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"code": "x"},
        {"state": "x"},
        {"code": "x", "state": "niet-van-ons"},
        {"code": "", "state": ""},
        {"error": "access_denied", "state": "x"},
        {"code": "x\x00", "state": "\x00"},
    ],
)
def test_a_malformed_callback_is_a_message(client, single_sign_on, db, query):
    client.get(reverse("oidc_authentication_init"))  # a state waiting in the session
    response = client.get(reverse("oidc_authentication_callback"), query)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_a_made_up_code_with_our_state_is_a_message(client, single_sign_on, db):
    start = client.get(reverse("oidc_authentication_init"))
    state = parse_qs(urlsplit(start.url).query)["state"][0]
    response = client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": state})
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_an_inactive_bound_account_does_not_sign_on(client, single_sign_on, coordinator):
    bind(coordinator, single_sign_on, "coordinator")
    coordinator.is_active = False
    coordinator.save()
    assert refusal_shown(client, sign_on(client, single_sign_on, "coordinator"), "no_account")


def test_an_sso_session_asks_for_the_code_before_linking(client, single_sign_on, organisation):
    """A session that came in through single sign-on (an invited account) has no code of
    ours: linking asks for it first."""
    make_invitation(organisation, "bea@testdorp.nl")
    sign_on(client, single_sign_on, "bea")
    bea = User.objects.get(email="bea@testdorp.nl")
    device_for(bea)
    response = client.post(reverse("access:sso-link"))
    assert response.url.startswith(reverse("access:second-factor") + "?")
    assert "access_sso_link" not in client.session


def test_unlinking_needs_a_password_to_log_in_with(client, single_sign_on, coordinator):
    bind(coordinator, single_sign_on, "coordinator")
    coordinator.set_unusable_password()
    coordinator.save()
    client.force_login(coordinator)
    page = client.get(reverse("access:account")).content.decode()
    assert 'id="sso-linked"' in page and 'id="sso-unlink"' not in page
    client.post(reverse("access:sso-unlink"))
    assert SignOnBinding.objects.filter(user=coordinator).exists()

    coordinator.set_password(PASSWORD)
    coordinator.save()
    client.force_login(coordinator)
    response = client.post(reverse("access:sso-unlink"))
    assert response.url == reverse("access:account")
    assert not SignOnBinding.objects.filter(user=coordinator).exists()
    other = type(client)()
    assert refusal_shown(other, sign_on(other, single_sign_on, "coordinator"), "link_first")


def test_linking_is_not_offered_without_single_sign_on(client, coordinator):
    client.force_login(coordinator)
    assert 'id="sso-link"' not in client.get(reverse("access:account")).content.decode()
    assert client.post(reverse("access:sso-link")).status_code == 404


def test_the_operator_permits_an_account_without_a_password_to_link_at_its_next_sign_on(
    client, single_sign_on, settings, coordinator
):
    """With LOCAL_PASSWORDS=0 nobody logs in with a password to link: the beheerder made by
    createsuperuser, or an account from before the binding. The operator permits it once."""
    settings.LOCAL_PASSWORDS = False
    assert refusal_shown(client, sign_on(client, single_sign_on, "coordinator"), "link_first")

    output = StringIO()
    call_command("sso_permit_link", "coordinator", "--minutes", "10", stdout=output)
    assert "coordinator@example.org" in output.getvalue()
    assert sign_on(client, single_sign_on, "coordinator").url == "/rondes/"
    assert SignOnBinding.objects.get(user=coordinator).subject == "coordinator"
    assert not SignOnLinkPermit.objects.exists()  # used once


def test_an_expired_permit_links_nothing(client, single_sign_on, coordinator):
    SignOnLinkPermit.objects.create(user=coordinator, expires_at=timezone.now())
    assert refusal_shown(client, sign_on(client, single_sign_on, "coordinator"), "link_first")
    assert not SignOnBinding.objects.exists()


@pytest.mark.parametrize("arguments", [["niemand"], ["coordinator", "--minutes", "0"]])
def test_the_permit_command_refuses_what_it_cannot_do(coordinator, arguments):
    with pytest.raises(CommandError):
        call_command("sso_permit_link", *arguments, stdout=StringIO())
    assert not SignOnLinkPermit.objects.exists()
