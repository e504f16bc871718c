"""Logging in as a municipality's staff does: through the organisation's identity provider
(a real one, on a loopback port) and with a code from an authenticator app (computed here
from the key the page shows, as the app would)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from playwright.sync_api import expect

from assessments.models import Membership
from borgingshuis.access.models import AccountSession
from tests.borgingshuis.access.node_provider import CLIENT_ID as NODE_CLIENT
from tests.borgingshuis.access.node_provider import CLIENT_SECRET as NODE_SECRET
from tests.borgingshuis.access.node_provider import PASSWORD as NODE_PASSWORD
from tests.borgingshuis.access.node_provider import node_provider_start, node_provider_stop
from tests.borgingshuis.access.provider.run import PASSWORD as PROVIDER_PASSWORD
from tests.borgingshuis.access.totp import code_for, device_code, device_for
from tests.browser.accessibility import check_axe
from tests.invitations import make_invitation

pytestmark = pytest.mark.browser
PASSWORD = "geheim-1-x"


def sign_on_at_provider(page, username):
    page.get_by_role("link", name="Inloggen met je organisatie-account").click()
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.fill("#id_username", username)
    page.fill("#id_password", PROVIDER_PASSWORD)
    page.click("#provider-login")


def test_an_invited_colleague_signs_on_sets_up_a_second_factor_and_accepts(
    page, live_server, single_sign_on, settings, organisation, coordinator
):
    settings.TWO_FACTOR_REQUIRED = True
    single_sign_on.allow_redirect(f"{live_server.url}/oidc/callback/")
    links = []
    make_invitation(organisation, "bea@testdorp.nl", invited_by=coordinator, links=links)

    page.goto(live_server.url + reverse("assessments:member-invitation", args=[links[0]]))
    sign_on_at_provider(page, "bea")

    # Back at Borgingshuis with a new account (no membership yet): first the second factor.
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    check_axe(page)
    key = page.locator("#totp-key").get_attribute("data-key")
    page.get_by_label("Code").fill(code_for(key))
    page.get_by_role("button", name="Instellen").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    check_axe(page)
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()

    page.get_by_role("button", name="Uitnodiging aannemen").click()
    expect(page.get_by_text("Welkom bij Gemeente Testdorp")).to_be_visible()
    bea = get_user_model().objects.get(email="bea@testdorp.nl")
    assert Membership.objects.get(user=bea).organisation == organisation
    assert AccountSession.objects.get(user=bea).method == "sso"


def test_an_address_without_an_invitation_is_refused(page, live_server, single_sign_on):
    single_sign_on.allow_redirect(f"{live_server.url}/oidc/callback/")
    page.goto(f"{live_server.url}/account/login/")
    sign_on_at_provider(page, "onbekend")

    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    expect(
        page.get_by_text("Voor dit e-mailadres is er geen account en geen uitnodiging")
    ).to_be_visible()
    check_axe(page)


def test_a_beheerder_logs_in_with_a_code_and_logs_out_elsewhere(page, live_server, db):
    user = get_user_model().objects.create_superuser("beheerder", "b@example.org", PASSWORD)
    device = device_for(user)
    elsewhere = Client()
    elsewhere.post(reverse("admin:login"), {"username": "beheerder", "password": PASSWORD})

    page.goto(f"{live_server.url}/beheer/")
    page.fill("#id_username", "beheerder")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.get_by_role("heading", name="Tweede stap")).to_be_visible()
    check_axe(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_text("Deze code klopt niet.").first).to_be_visible()
    page.wait_for_timeout(2_000)  # django-otp lets the next try in after a growing wait
    page.get_by_label("Code").fill(device_code(device))
    page.get_by_role("button", name="Controleren").click()
    expect(page).to_have_url(f"{live_server.url}/beheer/")

    page.goto(f"{live_server.url}/account/beveiliging/")
    expect(page.locator("#sessions tbody tr")).to_have_count(2)
    check_axe(page)
    page.get_by_role("button", name="Elders afmelden").click()
    expect(page.get_by_text("Je bent elders afgemeld: 1 sessie beëindigd.")).to_be_visible()
    expect(page.locator("#sessions tbody tr")).to_have_count(1)
    assert elsewhere.get("/beheer/").status_code == 302


def test_a_coordinator_links_the_organisation_account_at_a_second_provider_and_signs_on(
    page, live_server, settings, coordinator, tmp_path
):
    """Against the Node provider (npm's certified oidc-provider): log in with password and
    code, link on the account page, log out, and sign on through the organisation."""
    provider = node_provider_start(f"{live_server.url}/oidc/callback/", log=tmp_path / "node.log")
    try:
        settings.OIDC_ISSUER = provider.issuer
        settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = NODE_CLIENT, NODE_SECRET
        device = device_for(coordinator)
        page.goto(f"{live_server.url}/account/login/")
        page.fill("#id_username", "coordinator")
        page.fill("#id_password", "geheim-wachtwoord-1")
        page.locator("#id_password").press("Enter")
        page.get_by_label("Code").fill(device_code(device))
        page.get_by_role("button", name="Controleren").click()

        page.goto(f"{live_server.url}/account/beveiliging/")
        check_axe(page)
        page.get_by_role("button", name="Koppel aan inloggen via je organisatie").click()
        expect(page.get_by_role("heading", name="Node provider")).to_be_visible()
        page.fill("#login", "coordinator")
        page.fill("#password", NODE_PASSWORD)
        page.click("#node-login")
        expect(
            page.get_by_text("Je account is gekoppeld aan inloggen via je organisatie.")
        ).to_be_visible()
        expect(page.locator("#sso-linked")).to_be_visible()
        check_axe(page)

        page.context.clear_cookies()  # a new browser: logged out here and at the provider
        page.goto(f"{live_server.url}/account/login/")
        page.get_by_role("link", name="Inloggen met je organisatie-account").click()
        page.fill("#login", "coordinator")
        page.fill("#password", NODE_PASSWORD)
        page.click("#node-login")
        expect(page.get_by_role("heading", name="Tweede stap")).to_be_visible()  # amr: pwd only
        # the authenticator's code of this half minute was used already: a recovery code
        recovery = StaticDevice.objects.create(user=coordinator, name="Herstelcodes")
        recovery.token_set.create(token="herstel1")
        page.get_by_label("Code").fill("herstel1")
        page.get_by_role("button", name="Controleren").click()
        expect(page).to_have_url(f"{live_server.url}/rondes/")
        assert AccountSession.objects.filter(user=coordinator, method="sso").exists()
    finally:
        node_provider_stop(provider)
