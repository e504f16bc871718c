"""Production settings come from the environment: without them the app refuses to start, and
with them Django's deployment checks pass (the HSTS choices aside, which are the domain's)."""

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
    for check in ["W004", "W008", "W009", "W012", "W016", "W018", "W020"]:
        assert f"security.{check}" not in found, found


def test_the_settings_keep_a_strong_password_hasher():
    """The tests swap in a fast hasher (tests/conftest.py); the settings file itself must
    leave Django's PBKDF2 first."""
    values = runpy.run_path(str(ROOT / "borgingshuis" / "settings.py"))

    hashers = values.get("PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert hashers[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert not any("MD5" in hasher for hasher in hashers)
