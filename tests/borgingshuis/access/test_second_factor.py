"""Two-factor login (django-otp): a TOTP authenticator app and recovery codes, always for
/beheer/, for every page when TWO_FACTOR_REQUIRED is on, and for an account that set it up.
The codes are real: computed from the key as an authenticator app does."""

import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_otp.plugins.otp_static.models import StaticToken

from borgingshuis.access.models import AccountSession
from tests.borgingshuis.access.test_sso import bind, sign_on
from tests.borgingshuis.access.totp import code_for, device_code, device_for
from tests.factories import make_respondent, make_round

PASSWORD = "geheim-wachtwoord-1"
VERIFY = reverse("access:second-factor")
SETUP = reverse("access:second-factor-setup")
WRONG_CODE = "Deze code klopt niet."
LOCKED = "Te vaak een verkeerd wachtwoord."


def log_in(client, username, password=PASSWORD, url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password})


def enter(client, code, url=VERIFY, next_url=""):
    return client.post(url, {"token": code, "next": next_url})


def setup_key(page) -> str:
    return re.search(r'id="totp-key" data-key="([A-Z2-7]+)"', page).group(1)


@pytest.fixture
def beheerder(db):
    return get_user_model().objects.create_superuser("beheerder", "b@example.org", PASSWORD)


def test_beheer_asks_for_a_second_factor_even_when_the_setting_is_off(client, settings, beheerder):
    settings.TWO_FACTOR_REQUIRED = False
    log_in(client, "beheerder", url=reverse("admin:login"))

    response = client.get("/beheer/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    response = client.get(response.url)  # no authenticator yet: set one up
    assert response.status_code == 302 and response.url.startswith(SETUP)

    page = client.get(response.url).content.decode()
    assert "<svg" in page  # the QR code, drawn by the app itself
    key = setup_key(page)
    assert WRONG_CODE in enter(client, "000000", url=SETUP).content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):  # django-otp's wait
        done = enter(client, code_for(key), url=SETUP, next_url="/beheer/")
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10

    assert client.get("/beheer/").status_code == 200


def test_the_setting_asks_every_account_on_every_page(client, settings, coordinator, organisation):
    settings.TWO_FACTOR_REQUIRED = True
    device = device_for(coordinator)
    log_in(client, "coordinator")

    for path in ["/rondes/", reverse("access:account")]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.url == f"{VERIFY}?{urlencode({'next': path})}"
    assert client.get(VERIFY).status_code == 200

    response = enter(client, device_code(device), next_url="/rondes/")
    assert response.status_code == 302 and response.url == "/rondes/"
    assert client.get("/rondes/").status_code == 200


def test_respondents_token_links_need_no_account(client, settings, organisation, framework):
    settings.TWO_FACTOR_REQUIRED = True
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round)
    response = client.get(reverse("assessments:questionnaire", args=[respondent.token]))
    assert response.status_code in (200, 302)
    assert VERIFY not in response.get("Location", "")
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_an_account_that_set_up_a_second_factor_is_always_asked(client, settings, coordinator):
    settings.TWO_FACTOR_REQUIRED = False
    device_for(coordinator)
    log_in(client, "coordinator")
    assert client.get("/rondes/").url.startswith(VERIFY)


def test_without_the_setting_an_account_without_it_is_not_asked(client, settings, coordinator):
    settings.TWO_FACTOR_REQUIRED = False
    log_in(client, "coordinator")
    assert client.get("/rondes/").status_code == 200


def test_a_code_works_once_and_a_recovery_code_once(client, settings, coordinator, organisation):
    settings.TWO_FACTOR_REQUIRED = True
    device = device_for(coordinator)
    code = device_code(device)
    log_in(client, "coordinator")
    assert enter(client, code).status_code == 302

    client.logout()
    log_in(client, "coordinator")
    assert WRONG_CODE in enter(client, code).content.decode()  # the same code again

    codes = ["abcd2345", "efgh6789"]
    static = coordinator.staticdevice_set.create(name="Herstelcodes")
    for recovery in codes:
        StaticToken.objects.create(device=static, token=recovery)
    with time_machine.travel(timezone.now() + timedelta(seconds=90)):
        assert enter(client, "abcd 2345").status_code == 302
        client.logout()
        log_in(client, "coordinator")
        assert WRONG_CODE in enter(client, "abcd2345").content.decode()
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["efgh6789"]


def test_five_wrong_codes_lock_out_like_five_wrong_passwords(client, settings, coordinator):
    """A known password does not buy endless guesses: logging in again does not clear the
    count of wrong codes, only a right code does."""
    settings.TWO_FACTOR_REQUIRED = True
    device = device_for(coordinator)
    log_in(client, "coordinator")
    for _ in range(3):
        assert WRONG_CODE in enter(client, "123456").content.decode()
    client.logout()
    log_in(client, "coordinator")  # the right password: the count goes on
    assert WRONG_CODE in enter(client, "123456").content.decode()

    locked = enter(client, "123456")
    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert log_in(client, "coordinator").status_code == 429  # the password is locked too
    assert AccessAttempt.objects.get(username="coordinator").failures_since_start >= 5

    AccessAttempt.objects.all().delete()
    log_in(client, "coordinator")
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert enter(client, device_code(device)).status_code == 302


def test_a_right_code_clears_the_count(client, settings, coordinator):
    settings.TWO_FACTOR_REQUIRED = True
    device = device_for(coordinator)
    log_in(client, "coordinator")
    enter(client, "123456")
    assert AccessAttempt.objects.filter(username="coordinator").exists()
    with time_machine.travel(timezone.now() + timedelta(seconds=10)):
        assert enter(client, device_code(device)).status_code == 302
    assert not AccessAttempt.objects.filter(username="coordinator").exists()


def test_a_password_alone_does_not_replace_the_authenticator(client, settings, coordinator):
    settings.TWO_FACTOR_REQUIRED = False
    device = device_for(coordinator)
    log_in(client, "coordinator")
    response = client.get(SETUP)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert list(coordinator.totpdevice_set.all()) == [device]


def test_setting_up_a_new_authenticator_ends_the_other_sessions(client, coordinator):
    elsewhere = type(client)()
    elsewhere.force_login(coordinator)
    client.force_login(coordinator)
    page = client.get(SETUP).content.decode()
    enter(client, code_for(setup_key(page)), url=SETUP)

    assert elsewhere.get("/rondes/").status_code == 302  # logged out there
    assert client.get("/rondes/").status_code == 200
    assert AccountSession.objects.filter(user=coordinator).count() == 1


def test_new_recovery_codes_replace_the_old_and_end_the_other_sessions(client, coordinator):
    elsewhere = type(client)()
    elsewhere.force_login(coordinator)
    client.force_login(coordinator)
    response = client.post(reverse("access:recovery-codes"), {"next": "/rondes/"})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert elsewhere.get("/rondes/").status_code == 302


def sso_beheerder(client, settings, provider, subject):
    """A beheerder with no authenticator of ours, signed on as `subject` at the provider."""
    email = f"{subject}@example.org"  # what the provider says, though it picks nobody
    user = get_user_model().objects.create_superuser("sso-beheerder", email, PASSWORD)
    bind(user, provider, subject)
    assert sign_on(client, provider, subject).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    return user


def test_the_setting_alone_never_skips_the_code_for_beheer(client, settings, single_sign_on, db):
    """OIDC_PROVIDER_ENFORCES_MFA is on, but the token says only "pwd": /beheer/ asks."""
    settings.OIDC_PROVIDER_ENFORCES_MFA = True
    sso_beheerder(client, settings, single_sign_on, "wachtwoord")
    response = client.get("/beheer/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)


@pytest.mark.parametrize("subject", ["mfa", "beheer-mfa"])  # amr ["pwd","mfa"], ["pwd","otp"]
def test_a_token_whose_amr_names_two_factors_skips_the_code(
    client, settings, single_sign_on, subject, db
):
    settings.TWO_FACTOR_REQUIRED = True
    sso_beheerder(client, settings, single_sign_on, subject)
    assert client.get("/beheer/").url.startswith(VERIFY)  # setting off: our own code

    settings.OIDC_PROVIDER_ENFORCES_MFA = True
    assert client.get("/beheer/").status_code == 200
    assert client.get("/rondes/").status_code == 200


def test_a_token_whose_acr_is_a_configured_value_skips_the_code(
    client, settings, single_sign_on, db
):
    settings.OIDC_PROVIDER_ENFORCES_MFA = True
    sso_beheerder(client, settings, single_sign_on, "niveau")  # acr "substantial"
    assert client.get("/beheer/").url.startswith(VERIFY)

    settings.OIDC_MFA_ACR_VALUES = ["substantial"]
    assert client.get("/beheer/").url.startswith(VERIFY)  # read at sign-on, not later
    client.logout()
    assert sign_on(client, single_sign_on, "niveau").status_code == 302
    assert client.get("/beheer/").status_code == 200


def test_the_checks_add_no_query(client, settings, coordinator, organisation):
    """The limits and the second factor are read from the session Django loads anyway."""
    client.force_login(coordinator)
    counts = []
    for required in [False, True]:
        settings.TWO_FACTOR_REQUIRED = required
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/rondes/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
