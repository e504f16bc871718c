"""Session limits (idle 30 minutes, 12 hours in all, both configurable), the account page
with its sessions and "elders afmelden", and the other sessions ending at a password change."""

import re
from datetime import timedelta

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from borgingshuis.access.models import AccountSession
from borgingshuis.access.sessions import browser_label

ACCOUNT = reverse("access:account")
PASSWORD = "geheim-wachtwoord-1"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


def logged_in(client) -> bool:
    return client.get("/rondes/").status_code == 200


def later(minutes):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_a_session_ends_after_30_minutes_without_a_request(client, coordinator):
    client.force_login(coordinator)
    with later(29):
        assert logged_in(client)
    with later(29 + 29):  # 29 minutes after the last request
        assert logged_in(client)
    with later(29 + 29 + 31):
        response = client.get("/rondes/")
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert "Je bent automatisch uitgelogd" in client.get(response.url).content.decode()
    assert "_auth_user_id" not in client.session


def test_a_session_ends_12_hours_after_the_login_however_busy(client, coordinator):
    client.force_login(coordinator)
    for quarter in range(1, 48):  # a request every 15 minutes, 11 h 45 in all
        with later(quarter * 15):
            assert logged_in(client)
    with later(12 * 60 + 1):
        assert not logged_in(client)


def test_the_limits_are_settings(client, settings, coordinator):
    settings.SESSION_IDLE_MINUTES = 5
    client.force_login(coordinator)
    with later(6):
        assert not logged_in(client)


def test_a_new_password_ends_the_other_sessions(client, coordinator):
    elsewhere = Client()
    elsewhere.force_login(coordinator)
    client.force_login(coordinator)
    new = "een-nieuw-wachtwoord-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert logged_in(client) and not logged_in(elsewhere)
    assert AccountSession.objects.filter(user=coordinator).count() == 1


def test_the_account_page_lists_the_sessions_and_ends_the_others(
    client, coordinator, colleague, django_assert_max_num_queries
):
    others = [Client(HTTP_USER_AGENT=FIREFOX) for _ in range(3)]
    for other in others:
        other.post(reverse("login"), {"username": "coordinator", "password": PASSWORD})
    colleagues_session = Client()
    colleagues_session.force_login(colleague)
    client.force_login(coordinator)

    # session, user, the sessions, the authenticator, the recovery codes, the memberships
    with django_assert_max_num_queries(7):
        page = client.get(ACCOUNT).content.decode()
    rows = re.findall(r"<tr( class=\"current-session\")?>", page)
    assert len(rows) == 1 + 4  # the header and four sessions
    assert page.count("Firefox / Windows") == 3 and "deze sessie" in page

    response = client.post(reverse("access:sessions-end-others"))
    assert response.status_code == 302
    assert "3 sessies" in client.get(ACCOUNT).content.decode()
    assert not any(logged_in(other) for other in others)
    assert logged_in(client) and logged_in(colleagues_session)


def test_the_account_page_shows_only_ones_own_sessions(client, coordinator, outsider):
    elsewhere = Client(HTTP_USER_AGENT=FIREFOX)
    elsewhere.post(reverse("login"), {"username": "buitenstaander", "password": PASSWORD})
    assert AccountSession.objects.get(user=outsider).browser == "Firefox / Windows"
    client.force_login(coordinator)
    assert "Firefox" not in client.get(ACCOUNT).content.decode()


def test_logging_in_gives_a_new_session_key(client, coordinator):
    session = client.session
    session["before"] = "login"
    session.save()
    before = session.session_key
    client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD})
    assert client.session.session_key != before
    assert AccountSession.objects.get(user=coordinator).session_key == client.session.session_key


def test_logging_out_removes_the_session_from_the_list(client, coordinator):
    client.force_login(coordinator)
    key = client.session.session_key
    assert AccountSession.objects.filter(user=coordinator).exists()
    client.post(reverse("logout"))
    assert not AccountSession.objects.filter(user=coordinator).exists()
    client.cookies[settings.SESSION_COOKIE_NAME] = key  # the old cookie opens nothing
    assert not logged_in(client)


def test_the_account_page_needs_a_login(client, db):
    response = client.get(ACCOUNT)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_browsers_are_named_in_a_few_words():
    assert browser_label(FIREFOX) == "Firefox / Windows"
    assert browser_label("") == ""
