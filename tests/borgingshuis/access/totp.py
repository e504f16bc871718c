"""Real TOTP codes for the tests, computed as an authenticator app does (RFC 6238, the
current 30-second step; time-machine moves it)."""

from base64 import b32decode, b32encode

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for(key: str) -> str:
    """The code an authenticator app with this base32 key shows now."""
    return f"{totp(b32decode(key.replace(' ', ''))):06d}"


def device_for(user) -> TOTPDevice:
    """A confirmed authenticator app for `user` (a random key)."""
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def device_code(device: TOTPDevice) -> str:
    return code_for(b32encode(device.bin_key).decode())
