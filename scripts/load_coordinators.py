"""The load test's people with an account: coordinators log in as production asks (password,
then authenticator code) and open the report now and then while the autosaves run
(scripts/load_autosave.py). Needs Django set up: it reads the coordinators' devices."""

import http.client
import re
import threading
import time
from urllib.parse import urlencode

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from loadgen import Server

LOGIN_PATH = "/account/login/"
SECOND_FACTOR_PATH = "/account/tweede-stap/"
REPORT_EVERY_S = 2.0  # each coordinator opens the report this often


def set_cookie(response: http.client.HTTPResponse, name: str) -> str | None:
    match = re.search(rf"{name}=([^;]+)", response.getheader("Set-Cookie") or "")
    return match.group(1) if match else None


def csrf_cookie(server: Server, path: str) -> str:
    response = server.get(path, headers={})
    csrf = set_cookie(response, "csrftoken")
    if response.status != 200 or not csrf:
        raise SystemExit(f"No page with a CSRF cookie at {path}: HTTP {response.status}")
    return csrf


def post_form(server: Server, path: str, fields: dict, cookie: str) -> http.client.HTTPResponse:
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie,
        "Referer": f"https://{server.headers['Host']}{path}",
    }
    return server.send("POST", path, urlencode(fields), headers)[0]


def authenticator_code(username: str) -> str:
    """What the person's authenticator app shows now (production asks for it)."""
    return f"{totp(TOTPDevice.objects.get(user__username=username).bin_key):06d}"


def coordinator_sessions(
    server: Server, report_path: str, usernames: list[str], password: str
) -> list[str]:
    """Log each coordinator in with password and authenticator code (production asks for
    both) and check that the session reads the report; returns their cookie headers."""
    cookies = []
    for username in usernames:
        csrf = csrf_cookie(server, LOGIN_PATH)
        fields = {"username": username, "password": password, "csrfmiddlewaretoken": csrf}
        response = post_form(server, LOGIN_PATH, fields, f"csrftoken={csrf}")
        session = set_cookie(response, "sessionid")
        if response.status != 302 or not session:
            raise SystemExit(f"Coordinator login failed: HTTP {response.status}")
        csrf = set_cookie(response, "csrftoken") or csrf  # a login rotates the CSRF token
        fields = {"token": authenticator_code(username), "csrfmiddlewaretoken": csrf}
        response = post_form(
            server, SECOND_FACTOR_PATH, fields, f"sessionid={session}; csrftoken={csrf}"
        )
        session = set_cookie(response, "sessionid") or session
        cookie = f"sessionid={session}"
        report = server.get(report_path, {"Cookie": cookie})
        if response.status != 302 or report.status != 200:
            raise SystemExit(
                f"Coordinator's second factor failed: HTTP {response.status}, "
                f"report HTTP {report.status}"
            )
        cookies.append(cookie)
    return cookies


def read_reports(server: Server, report_path: str, cookies: list[str], stop: threading.Event):
    """Coordinators open the report now and then; returns the latencies seen."""
    latencies = []

    def loop(cookie):
        while not stop.wait(REPORT_EVERY_S):
            start = time.perf_counter()
            try:
                status = server.get(report_path, {"Cookie": cookie}).status
            except OSError:
                status = 0
            latencies.append((status, 1000 * (time.perf_counter() - start)))

    threads = [threading.Thread(target=loop, args=(cookie,), daemon=True) for cookie in cookies]
    for thread in threads:
        thread.start()
    return latencies, threads
