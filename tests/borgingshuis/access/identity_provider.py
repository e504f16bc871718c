"""The test identity provider (provider/) as pytest fixtures: `identity_provider` starts it
once per test process on a free loopback port; `single_sign_on` points the app at it."""

import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from tests.borgingshuis.access.provider.run import CLIENT_ID, CLIENT_SECRET, PASSWORD

ROOT = Path(__file__).resolve().parents[3]
TEST_CALLBACK = "http://testserver/oidc/callback/"


class IdentityProvider:
    def __init__(self, port: int, database: Path):
        self.port, self.database = port, database
        self.issuer = f"http://127.0.0.1:{port}/openid"

    def allow_redirect(self, *uris: str) -> None:
        """Register these callback addresses too (a live server's port is known late)."""
        with sqlite3.connect(self.database) as connection:
            connection.execute(
                "UPDATE oidc_provider_client SET _redirect_uris = ? WHERE client_id = ?",
                ("\n".join([TEST_CALLBACK, *uris]), CLIENT_ID),
            )

    def sign_in(self, authorize_url: str, username: str, password: str = PASSWORD) -> str:
        """What a browser does at the provider: follow the authorisation request to its login
        page, log in there, and return the address the provider sends the browser back to
        (the app's callback with code and state)."""
        with requests.Session() as browser:
            login_page = browser.get(authorize_url, timeout=10)
            login_page.raise_for_status()
            answer = browser.post(
                login_page.url,
                data={
                    "username": username,
                    "password": password,
                    "next": _next(login_page.url),
                    "csrfmiddlewaretoken": browser.cookies["provider_csrf"],
                },
                allow_redirects=False,
                timeout=10,
            )
            assert answer.status_code == 302, answer.text
            back = browser.get(
                urljoin(login_page.url, answer.headers["Location"]),
                timeout=10,
                allow_redirects=False,
            )
            assert back.status_code == 302, back.text
            return back.headers["Location"]


def _next(url: str) -> str:
    return parse_qs(urlsplit(url).query)["next"][0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory):
    port = _free_port()
    folder = tmp_path_factory.mktemp("identity-provider")
    database, log = folder / "provider.sqlite3", folder / "provider.log"
    provider = IdentityProvider(port, database)
    command = [sys.executable, "-m", "tests.borgingshuis.access.provider.run"]
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [*command, str(port), str(database), TEST_CALLBACK],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2)
            break
        except requests.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait()
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.2)
    yield provider
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def single_sign_on(settings, identity_provider):
    """The app with single sign-on through the test identity provider."""
    settings.OIDC_ISSUER = identity_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    return identity_provider
