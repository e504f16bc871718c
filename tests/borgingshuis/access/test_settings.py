"""The access settings in production: single sign-on and the switch for local passwords are
checked at start-up, and the deployment checks stay clean with SSO on."""

import secrets

from tests.borgingshuis.test_production_settings import manage

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "borging.example.nl",
    "SECURE_HSTS_SECONDS": "31536000",
}
PRINT = (
    "from django.conf import settings as s; "
    "print(s.TWO_FACTOR_REQUIRED, s.SESSION_IDLE_MINUTES, s.SESSION_ABSOLUTE_HOURS, "
    "s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)"
)


def test_production_asks_for_the_second_factor_by_default():
    """And the session cookie goes over HTTPS only, out of scripts' reach, not cross-site."""
    result = manage("shell", "-c", PRINT, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["True", "30", "12", "True", "True", "Lax"]


def test_development_does_not_by_default():
    result = manage("shell", "-c", PRINT, DJANGO_DEVELOPMENT="1")
    assert result.stdout.splitlines()[-1].split()[:3] == ["False", "30", "12"]


def test_with_single_sign_on_the_deployment_checks_stay_clean():
    result = manage(
        "check",
        "--deploy",
        OIDC_ISSUER="https://login.example.nl/realms/gemeente",
        OIDC_CLIENT_ID="borgingshuis",
        OIDC_CLIENT_SECRET=secrets.token_urlsafe(30),
        LOCAL_PASSWORDS="0",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout + result.stderr


def test_switching_passwords_off_needs_single_sign_on():
    result = manage("check", LOCAL_PASSWORDS="0", **PRODUCTION)
    assert result.returncode != 0
    assert "LOCAL_PASSWORDS=0 needs single sign-on" in result.stderr


def test_an_issuer_needs_the_client_id_and_secret():
    result = manage("check", OIDC_ISSUER="https://login.example.nl", **PRODUCTION)
    assert result.returncode != 0
    assert "OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET" in result.stderr
