import os
import tempfile
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from assessments.models import Membership, Organisation
from bouwstenen.models import Framework
from tests.borgingshuis.access.identity_provider import (  # noqa: F401 (fixtures)
    identity_provider,
    single_sign_on,
)
from tests.borgingshuis.access.node_provider import (  # noqa: F401 (fixtures)
    node_provider,
    node_sign_on,
)

# Playwright's sync API runs an event loop; the ORM calls in browser tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config):
    """A fast password hasher for the whole run: PBKDF2 takes a fifth of a second per user
    created or login checked. (tests/borgingshuis/test_production_settings.py checks the real
    settings in a separate process.)"""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test process its own render slots: the two of a parallel run would wait in turn.
    settings.RENDER_SLOT_DIR = tempfile.mkdtemp(prefix="render-slots-")
    # ... and its own folder of live task workers, so a worker running beside the suite (bin/serve)
    # is not taken for one of the tests' (borgingshuis/worker/liveness.py).
    settings.TASK_WORKER_DIR = tempfile.mkdtemp(prefix="task-workers-")
    Client.force_login = force_login_both_factors


force_login_first_factor = Client.force_login


def force_login_both_factors(self, user, backend=None):
    """client.force_login stands for a whole login: the password and the second factor
    (borgingshuis/access/second_factor.py), so tests of /beheer/ and of an install that
    requires two-factor login start from a verified session. Tests of the second factor
    itself log in through the forms, or call force_login_first_factor."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    force_login_first_factor(self, user, backend)
    device, _created = StaticDevice.objects.get_or_create(user=user, name="tests: verified")
    session = self.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the real model loaded once for the whole run. Ordinary `db`
    tests roll back, so a test that edits the model leaves it as it was for the next."""
    with django_db_blocker.unblock():
        call_command("load_borgingshuis", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        _end_other_sessions()


def _end_other_sessions():
    """On PostgreSQL, end the sessions that threads of the run left open on the test database
    (a live server's request thread, a health check's), so pytest-django can drop it; else
    the drop fails with "is being accessed by other users" after every test passed."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def framework(db):
    """The real Borgingshuis model, loaded from the shipped fixture. Transactional tests
    (the browser's live server) empty every table when they end, so load it again when a
    test finds it gone; the command does nothing when it is there."""
    call_command("load_borgingshuis", stdout=StringIO())
    return Framework.objects.get(slug="borgingshuis-2023")


@pytest.fixture
def admin_client(client, db):
    """A client logged in as the functional administrator "beheerder" (a superuser)."""
    user = get_user_model().objects.create_superuser("beheerder", "b@example.org", "geheim-1-x")
    client.force_login(user)
    return client


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Gemeente Testdorp", slug="testdorp")


@pytest.fixture
def other_organisation(db):
    return Organisation.objects.create(name="Gemeente Elders", slug="elders")


def make_member(organisation, username, role):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="geheim-wachtwoord-1"
    )
    Membership.objects.create(organisation=organisation, user=user, role=role)
    return user


@pytest.fixture
def coordinator(organisation):
    return make_member(organisation, "coordinator", Membership.Role.COORDINATOR)


@pytest.fixture
def colleague(organisation):
    return make_member(organisation, "collega", Membership.Role.VIEWER)


@pytest.fixture
def outsider(other_organisation):
    return make_member(other_organisation, "buitenstaander", Membership.Role.COORDINATOR)


@pytest.fixture
def no_render(monkeypatch):
    """WeasyPrint made unreachable for every stored PDF (common/stored_pdf.py): a test in
    which a PDF is rendered anyway fails."""
    from assessments.common import stored_pdf

    def refuse(html):
        raise AssertionError("a PDF was rendered in the web process")

    monkeypatch.setattr(stored_pdf, "render_pdf", refuse)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Dutch browser: an unprefixed address follows the browser's language on a first
    visit (borgingshuis/browser_language.py), and chromium asks for English by default."""
    return {**browser_context_args, "locale": "nl-NL"}


@pytest.fixture(autouse=True)
def dutch_by_default():
    """Each test starts in Dutch: a request to an /en/ page leaves English active in the
    thread, which would otherwise leak into the next test's messages."""
    with translation.override("nl"):
        yield
