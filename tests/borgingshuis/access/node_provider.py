"""A second, independently written OpenID provider for the SSO tests: the certified
`oidc-provider` package from npm (tests/browser/oidc_node/), started by the tests with node
on a free loopback port. Without node and npm the tests that use it fail: CI must have them
(bin/system-packages installs them); `npm ci` installs the package when it is missing."""

import fcntl
import json
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from tests.borgingshuis.access.identity_provider import TEST_CALLBACK, _free_port

FOLDER = Path(__file__).resolve().parents[2] / "browser" / "oidc_node"
CLIENT_ID, CLIENT_SECRET = "borgingshuis", "node-client-secret"
PASSWORD = "node-wachtwoord-1"
ACCOUNTS = {
    "bea": {"email": "bea@testdorp.nl", "email_verified": True, "name": "Bea", "amr": ["pwd"]},
    "coordinator": {"email": "coordinator@example.org", "email_verified": True, "amr": ["pwd"]},
    "onbekend": {"email": "onbekend@example.org", "email_verified": True, "amr": ["pwd"]},
    "beheer-mfa": {"email": "beheer@example.org", "email_verified": True, "amr": ["pwd", "hwk"]},
    "beheer-pwd": {"email": "beheer@example.org", "email_verified": True, "amr": ["pwd"]},
}


class NodeProvider:
    def __init__(self, port: int, process: subprocess.Popen):
        self.issuer, self.process = f"http://127.0.0.1:{port}", process

    def sign_in(self, authorize_url: str, login: str, callback: str = TEST_CALLBACK) -> str:
        """What a browser does at the provider: its login page, then its redirects until
        the one back to the app's callback, which is returned."""
        with requests.Session() as browser:
            login_page = browser.get(authorize_url, timeout=10)
            assert login_page.status_code == 200 and 'id="node-login"' in login_page.text
            uid = login_page.url.rstrip("/").rsplit("/", 1)[-1]
            answer = browser.post(
                f"{self.issuer}/interaction/{uid}/login",
                data={"login": login, "password": PASSWORD},
                allow_redirects=False,
                timeout=10,
            )
            for _step in range(10):
                assert answer.is_redirect, answer.text
                location = urljoin(answer.url, answer.headers["Location"])
                if location.startswith(callback):
                    return location
                answer = browser.get(location, allow_redirects=False, timeout=10)
            raise AssertionError("the provider never sent the browser back")


def _installed() -> None:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("The second provider needs node and npm: run bin/system-packages.")
    # One installation at a time: every test worker (xdist) may get here at once.
    with open(FOLDER / ".npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (FOLDER / "node_modules" / "oidc-provider").is_dir():
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund"], cwd=FOLDER, check=True, timeout=600
            )


def node_provider_start(*redirect_uris: str, log: Path) -> NodeProvider:
    _installed()
    port = _free_port()
    config = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": list(redirect_uris),
        "password": PASSWORD,
        "accounts": ACCOUNTS,
    }
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [shutil.which("node"), "provider.mjs", str(port), json.dumps(config)],
            cwd=FOLDER,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    provider = NodeProvider(port, process)
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2)
            return provider
        except requests.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait()
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.2)


def node_provider_stop(provider: NodeProvider) -> None:
    provider.process.terminate()
    provider.process.wait(timeout=10)


@pytest.fixture(scope="session")
def node_provider(tmp_path_factory):
    provider = node_provider_start(
        TEST_CALLBACK, log=tmp_path_factory.mktemp("node-provider") / "provider.log"
    )
    yield provider
    node_provider_stop(provider)


@pytest.fixture
def node_sign_on(settings, node_provider):
    """The app with single sign-on through the Node provider."""
    settings.OIDC_ISSUER = node_provider.issuer
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    return node_provider
