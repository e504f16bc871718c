"""Production settings come from the environment: without them the app refuses to start, and
with them (HSTS on, as the README's production steps say) Django's deployment checks report
nothing. Only DJANGO_DEVELOPMENT=1 allows the development defaults, DEBUG=1 never."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import global_settings

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_secret_key_does_not_start():
    result = manage("check")

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_passes_the_deployment_checks():
    result = manage(
        "check",
        "--deploy",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="borging.example.nl",
        SECURE_HSTS_SECONDS="31536000",
    )

    assert result.returncode == 0, result.stderr
    found = result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in found, found
    assert "WARNINGS" not in found


PRINT_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
    "s.SECURE_PROXY_SSL_HEADER is not None, s.SECRET_KEY == 'echt-geheim-' * 5)"
)


def test_debug_alone_is_not_development():
    """Before, DEBUG=1 counted as development: no Secure cookies, no HTTPS redirect and the
    public development SECRET_KEY."""
    without_key = manage("check", DEBUG="1", ALLOWED_HOSTS="borging.example.nl")
    assert without_key.returncode != 0
    assert "Set the SECRET_KEY environment variable" in without_key.stderr

    result = manage(
        "shell",
        "-c",
        PRINT_SETTINGS,
        DEBUG="1",
        SECRET_KEY="echt-geheim-" * 5,
        ALLOWED_HOSTS="borging.example.nl",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["True"] * 5


def test_development_is_what_django_development_says():
    result = manage("shell", "-c", PRINT_SETTINGS, DJANGO_DEVELOPMENT="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["False"] * 5


def test_the_settings_keep_a_strong_password_hasher():
    """The tests swap in a fast hasher (tests/conftest.py); the settings file itself must
    leave Django's PBKDF2 first."""
    values = runpy.run_path(str(ROOT / "borgingshuis" / "settings.py"))

    hashers = values.get("PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert hashers[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert not any("MD5" in hasher for hasher in hashers)
