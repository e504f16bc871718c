"""The second factor (django-otp): a TOTP authenticator app, with ten recovery codes for a
lost phone. Who must give it, when a session counts as verified, and changing it.

A session must be verified
- for `/beheer/` always;
- for every page of a logged-in account when TWO_FACTOR_REQUIRED is on (the default in
  production, off in development: DJANGO_DEVELOPMENT=1);
- for an account that set up a second factor itself, whatever the setting.
A session started through single sign-on counts as verified only when OIDC_PROVIDER_ENFORCES_MFA
is on and the provider's ID token shows that it asked for a second factor itself
(provider_mfa.token_shows_mfa: `amr` or `acr`); the setting alone never does.

Whether a session is verified is read from the session (no query per request)."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .sessions import sessions_end_others

SSO = "access_sso"  # the session started through single sign-on
SSO_MFA = "access_sso_mfa"  # ... and its ID token showed the provider's second factor
ENROLLED = "access_enrolled"  # the account has a second factor: always ask for it
RECOVERY_CODES = 10


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def expected_after_login(user) -> bool:
    """Whether a login with the password alone is not finished yet: the second factor can
    still be asked (the login lockout keeps counting until it is given)."""
    return settings.TWO_FACTOR_REQUIRED or user.is_staff or has_second_factor(user)


def required(session, *, admin: bool) -> bool:
    return admin or settings.TWO_FACTOR_REQUIRED or bool(session.get(ENROLLED))


def verified(session) -> bool:
    if session.get(DEVICE_ID_SESSION_KEY):
        return True
    return (
        settings.OIDC_PROVIDER_ENFORCES_MFA
        and bool(session.get(SSO))
        and session.get(SSO_MFA) is True
    )


def note_enrolment(sender, request, user, **kwargs) -> None:
    """user_logged_in: remember in the session whether the account has a second factor."""
    if has_second_factor(user):
        request.session[ENROLLED] = True


def credentials_of(user) -> dict:
    """What django-axes counts a wrong code under: the same as a wrong password."""
    return {"username": user.get_username()}


def locked_out(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, credentials_of(user))


def second_factor_verify(*, request, user, token: str):
    """Check `token` (a TOTP code or an unused recovery code) for the logged-in `user`.
    Right: the session is verified, the login lockout count of this username from this
    address is cleared, and the device is returned. Wrong: the failure counts towards the
    login lockout exactly as a wrong password (request.axes_locked_out tells whether it now
    applies) and None is returned. django-otp's own throttling (a growing wait after each
    wrong TOTP code) and refusal of a code used before apply as well."""
    from borgingshuis.lockout import lockout_reset

    device = match_token(user, token.replace(" ", ""))
    if device is None:
        user_login_failed.send(sender=__name__, credentials=credentials_of(user), request=request)
        return None
    otp_login(request, device)
    request.session[ENROLLED] = True
    lockout_reset(request, user)
    return device


def enrolment_device(user) -> TOTPDevice:
    """The authenticator being set up: an unconfirmed TOTP device, kept between showing
    its key and checking the first code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


def second_factor_enrol(*, request, user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with its first code. Right: it replaces any earlier one,
    new recovery codes replace the old ones, the session is verified and every other session
    of the account ends; returns the recovery codes (shown once). Wrong: None, nothing
    changes."""
    if not device.verify_token(token.replace(" ", "")):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save()
        codes = _new_recovery_codes(user)
    otp_login(request, device)
    request.session[ENROLLED] = True
    sessions_end_others(user=user, keep=request.session.session_key)
    return codes


def recovery_codes_renew(*, request, user) -> list[str]:
    """Ten new recovery codes; the old ones stop working and other sessions end."""
    with transaction.atomic():
        codes = _new_recovery_codes(user)
    sessions_end_others(user=user, keep=request.session.session_key)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Herstelcodes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
