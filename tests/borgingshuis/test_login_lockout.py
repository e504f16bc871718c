"""Login throttling (django-axes): five wrong passwords for one username from one address
lock that combination out for 15 minutes, on the site's login page and the admin's."""

import re
import runpy
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import override_settings
from django.urls import reverse

from borgingshuis import settings as settings_module

RIGHT = "geheim-wachtwoord-1"
LOCKED = "Te vaak een verkeerd wachtwoord. Probeer het over 15 minuten opnieuw."


def log_in(client, username, password, url=None, **extra):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, **extra
    )


def fail(client, username, times, **extra):
    for _ in range(times):
        response = log_in(client, username, "fout-wachtwoord", **extra)
    return response


def assert_locked_out(response):
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert f'href="{reverse("password_reset")}"' in page


def test_five_wrong_passwords_lock_out_even_the_right_one(client, coordinator):
    fourth = fail(client, "coordinator", 4)
    assert fourth.status_code == 200 and "horen niet bij elkaar" in fourth.content.decode()

    assert_locked_out(fail(client, "coordinator", 1))
    assert_locked_out(log_in(client, "coordinator", RIGHT))
    assert "_auth_user_id" not in client.session


def test_other_usernames_and_other_addresses_are_not_locked(client, coordinator, colleague):
    fail(client, "coordinator", 5)

    assert log_in(client, "collega", RIGHT).status_code == 302
    client.logout()
    assert log_in(client, "coordinator", RIGHT, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_one_address_trying_many_usernames_is_locked_out(client, coordinator):
    """Before, only username and address together counted: 20 usernames, none throttled."""
    for number in range(19):
        log_in(client, f"gebruiker{number}", "fout-wachtwoord")
    assert log_in(client, "coordinator", RIGHT).status_code == 302  # 19: not yet
    client.logout()
    # The coordinator's login cleared only the coordinator's count: this is the 20th.
    assert_locked_out(log_in(client, "nog-een", "fout-wachtwoord"))
    assert_locked_out(log_in(client, "coordinator", RIGHT))
    assert log_in(client, "coordinator", RIGHT, REMOTE_ADDR="10.1.2.3").status_code == 302


def age_attempts(minutes):
    """Move the failed attempts back in time: axes compares their time with the cool-off."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_the_lockout_ends_15_minutes_after_the_last_try(client, coordinator):
    fail(client, "coordinator", 5)
    age_attempts(14)
    assert_locked_out(log_in(client, "coordinator", RIGHT))

    age_attempts(2)  # 16 minutes after the fifth failure, but the last try was just now
    assert_locked_out(log_in(client, "coordinator", RIGHT))

    age_attempts(16)
    assert log_in(client, "coordinator", RIGHT).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_a_successful_login_is_no_failure_and_clears_the_count(client, coordinator):
    fail(client, "coordinator", 4)
    assert log_in(client, "coordinator", RIGHT).status_code == 302
    client.logout()

    fail(client, "coordinator", 4)
    assert log_in(client, "coordinator", RIGHT).status_code == 302


def test_the_admin_login_is_protected_too(client, db):
    get_user_model().objects.create_superuser("beheerder", "b@example.org", RIGHT)
    admin_login = reverse("admin:login")
    for _ in range(4):
        assert log_in(client, "beheerder", "fout", url=admin_login).status_code == 200

    assert_locked_out(log_in(client, "beheerder", "fout", url=admin_login))
    assert_locked_out(log_in(client, "beheerder", RIGHT, url=admin_login))


def test_a_new_password_through_the_mail_link_lifts_the_lockout(client, coordinator, mailoutbox):
    fail(client, "coordinator", 5)

    client.post(reverse("password_reset"), {"email": "coordinator@example.org"})
    link = re.search(r"http\S+", mailoutbox[0].body).group(0)
    form_url = client.get(link).url  # Django moves the token into the session
    new = "nieuw-wachtwoord-2026"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.url == reverse("password_reset_complete")

    assert log_in(client, "coordinator", new).status_code == 302


def proxy_settings(monkeypatch, proxies):
    """The axes settings that borgingshuis/settings.py makes of FORWARDED_FOR_PROXIES."""
    monkeypatch.setenv("DJANGO_DEVELOPMENT", "1")
    monkeypatch.setenv("FORWARDED_FOR_PROXIES", str(proxies))
    values = runpy.run_path(settings_module.__file__)
    return {name: values[name] for name in values if "IPWARE" in name}


def test_the_client_address_is_not_read_from_headers_by_default(monkeypatch, client, coordinator):
    assert proxy_settings(monkeypatch, 0) == {}
    # Made-up X-Forwarded-For addresses do not help: the connecting address counts.
    for number in range(5):
        log_in(client, "coordinator", "fout", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")

    assert_locked_out(log_in(client, "coordinator", RIGHT, HTTP_X_FORWARDED_FOR="203.0.113.9"))


def forwarded(address, proxies, spoofed=None):
    """X-Forwarded-For as `proxies` proxies in a row pass it on: the first appends the
    client's address, each next one the address of the proxy before it; whatever the client
    sent itself stays on the left."""
    hops = [address] + [f"10.0.0.{number}" for number in range(2, proxies + 1)]
    return ", ".join([spoofed, *hops] if spoofed else hops)


@pytest.mark.parametrize("proxies", [1, 2])
def test_behind_proxies_the_address_they_saw_counts(monkeypatch, client, coordinator, proxies):
    behind_proxy = {"REMOTE_ADDR": "10.0.0.1"}  # the last proxy connects to the app
    with override_settings(**proxy_settings(monkeypatch, proxies)):
        for number in range(5):
            header = forwarded("203.0.113.5", proxies, spoofed=f"198.51.100.{number}")
            log_in(client, "coordinator", "fout", HTTP_X_FORWARDED_FOR=header, **behind_proxy)

        header = forwarded("203.0.113.5", proxies)
        assert_locked_out(
            log_in(client, "coordinator", RIGHT, HTTP_X_FORWARDED_FOR=header, **behind_proxy)
        )
        header = forwarded("203.0.113.6", proxies, spoofed="203.0.113.5")
        response = log_in(client, "coordinator", RIGHT, HTTP_X_FORWARDED_FOR=header, **behind_proxy)
        assert response.status_code == 302
