"""Two app nodes, one PostgreSQL: nothing lives in one process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/borgingshuis_nodes \\
        .venv/bin/python scripts/two_nodes.py [--ports 8213 8214]

Makes a throwaway database beside the one DATABASE_URL names (`<name>_two_nodes`; `<name>`
itself need not exist, the server's `postgres` database is used to create it), migrates
it, collects the static files and starts two gunicorn instances with production settings
(a random SECRET_KEY both share, as every node of an installation does) on two ports. Every
request then goes to the other node than the one before, as a proxy without sticky sessions
would send them, with the headers a TLS proxy adds (X-Forwarded-Proto, one Host):

- a respondent opens their link, chooses a role (CSRF cookie from one node, form post to the
  other), autosaves every bouwsteen twice (each save based on the version the other node
  acknowledged), and sends the questionnaire;
- a coordinator logs in on one node (password, then authenticator code) and uses the session
  on the other, closes answering, then the round, and downloads the PDF (when the download
  page says the PDF is being made, a worker runs `manage.py db_worker --batch` and the
  download is tried again, on the other node);
- five wrong passwords spread over both nodes lock the username out on both.

Then it checks in the database that every acknowledged save is stored, that the round is
closed and the PDF rendered, and in both access logs that no respondent token appears.
Stops by itself (at most 300 s), stops both servers and drops the throwaway database.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from loadgen import installation_env  # noqa: E402

HOST = "borging.example.nl"
PASSWORD = secrets.token_urlsafe(16)
TIME_LIMIT_S = 300
PDF_BEING_MADE = "wordt gemaakt"  # the download page while the worker renders the PDF


def throwaway_database_url(url: str) -> tuple[str, str, str]:
    """The throwaway database's URL, its name and the maintenance database's URL."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the nodes share one PostgreSQL.")
    name = f"{parts.path.lstrip('/') or 'borgingshuis'}_two_nodes"
    return (
        urlunsplit(parts._replace(path=f"/{name}")),
        name,
        urlunsplit(parts._replace(path="/postgres")),
    )


def admin_sql(maintenance_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(statement)


class Node:
    """One gunicorn instance (2 workers) and a client for it."""

    def __init__(self, port: int, env: dict, log_dir: Path):
        self.port = port
        self.log = log_dir / f"node-{port}.log"
        command = [sys.executable, "-m", "gunicorn", "-c", "borgingshuis/gunicorn_conf.py"]
        command += ["-b", f"127.0.0.1:{port}", "borgingshuis.wsgi"]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                # As a load balancer probes: plain HTTP, the site's host name.
                if self.request("GET", "/health/?format=json", {"Host": HOST})[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"node {self.port} did not become healthy:\n{self.log.read_text()}")

    def request(self, method: str, path: str, headers: dict, body: bytes | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, response.headers, data

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Browser:
    """One person's cookies, sent to whichever node is next (alternating)."""

    def __init__(self, name: str, nodes: list[Node]):
        self.name, self.nodes, self.turn, self.cookies = name, nodes, 0, {}
        self.requests = 0

    def next_node(self) -> Node:
        node = self.nodes[self.turn % len(self.nodes)]
        self.turn += 1
        return node

    def send(self, method, path, data=None, json_body=None, expect=(200,), show=None):
        node = self.next_node()
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{HOST}{path}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        status, response_headers, payload = node.request(method, path, headers, body)
        for cookie in response_headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        self.requests += 1
        shown = show or re.sub(r"/vragenlijst/[^/]+/", "/vragenlijst/***/", path)
        print(f"  {self.name:<11} node {node.port}  {method:<4} {shown:<44} {status}")
        if status not in expect:
            raise RuntimeError(f"{method} {shown} on node {node.port}: {status}\n{payload[:500]}")
        return status, response_headers, payload


def seed():
    """An organisation with a coordinator, a spare account and an open round with one
    respondent; returns what the journeys need."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from assessments.models import Membership, Organisation, Respondent, Round
    from assessments.rounds.services import round_open
    from bouwstenen.models import Bouwsteen, Framework, Rol

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_borgingshuis", verbosity=0)
    framework = Framework.objects.published().order_by("pk").first()
    organisation = Organisation.objects.create(name="Twee knopen", slug="twee-knopen")
    users = get_user_model().objects
    coordinator = users.create_user("coordinator", "c@example.org", PASSWORD)
    users.create_user("spare", "s@example.org", PASSWORD)
    Membership.objects.create(
        organisation=organisation, user=coordinator, role=Membership.Role.COORDINATOR
    )
    TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    round = Round.objects.create(organisation=organisation, framework=framework, name="Scan")
    respondent = Respondent.objects.create(round=round, email="r@example.org")
    round_open(round=round)
    niveaus = {}
    for bouwsteen in Bouwsteen.objects.filter(framework=framework).select_related("niveau"):
        niveaus.setdefault(bouwsteen.niveau.code, []).append(bouwsteen.pk)
    rol = Rol.objects.filter(framework=framework).order_by("pk").first()
    return round.pk, respondent.token, rol.pk, niveaus


def respondent_journey(browser: Browser, token: str, rol_id: int, niveaus: dict) -> dict:
    """Returns {bouwsteen id: (current, desired, toelichting)} as last acknowledged."""
    base = f"/vragenlijst/{token}/"
    browser.send("GET", base, expect=(302,))
    browser.send("GET", f"{base}rol/")
    browser.send("POST", f"{base}rol/", {"rol": rol_id, "function": ""}, expect=(302,))
    acknowledged, page = {}, secrets.token_hex(8)
    seq = 0
    for niveau, bouwstenen in niveaus.items():
        browser.send("GET", f"{base}niveau/{niveau}/")
        versions = {}
        for round_trip in (1, 2):
            for number, bouwsteen in enumerate(bouwstenen):
                seq += 1
                answer = (1 + (number + round_trip) % 5, 5, f"Toelichting {round_trip}")
                item = {"bouwsteen": bouwsteen, "version": versions.get(bouwsteen, 0)}
                item |= dict(zip(["current", "desired", "toelichting"], answer, strict=True))
                item["after"] = bouwsteen in versions  # based on this page's own save
                body = {"niveau": niveau, "page": page, "seq": seq, "answers": [item]}
                _status, _headers, payload = browser.send(
                    "POST", f"{base}autosave/", json_body=body
                )
                versions[bouwsteen] = json.loads(payload)["saved"][str(bouwsteen)]
                acknowledged[bouwsteen] = answer
    browser.send("GET", f"{base}overzicht/")
    browser.send("POST", f"{base}overzicht/", {}, expect=(302,))
    return acknowledged


def coordinator_journey(browser: Browser, round_id: int, env: dict) -> bytes:
    from load_coordinators import authenticator_code  # needs Django set up

    browser.send("GET", "/account/login/")
    browser.send(
        "POST",
        "/account/login/",
        {"username": "coordinator", "password": PASSWORD},
        expect=(302,),
    )
    browser.send("GET", "/account/tweede-stap/")
    code = authenticator_code("coordinator")
    browser.send("POST", "/account/tweede-stap/", {"token": code}, expect=(302,))
    browser.send("GET", f"/rondes/{round_id}/")
    for stage in ("invullen-sluiten", "sluiten"):  # answering first, then the round
        browser.send("GET", f"/rondes/{round_id}/{stage}/")
        browser.send("POST", f"/rondes/{round_id}/{stage}/", {}, expect=(302,))
    browser.send("GET", f"/rondes/{round_id}/rapport/")
    return pdf_download(browser, round_id, env)


def pdf_download(browser: Browser, round_id: int, env: dict) -> bytes:
    """The PDF; while it is not ready the PDF address sends the reader to the download page,
    which says it is being made: then the worker runs one batch."""
    for _attempt in range(3):
        _status, headers, payload = browser.send(
            "GET", f"/rondes/{round_id}/borgingsrapport.pdf", expect=(200, 302)
        )
        if headers.get("Content-Type") == "application/pdf":
            return payload
        _status, _headers, page = browser.send("GET", urlsplit(headers["Location"]).path)
        if PDF_BEING_MADE not in page.decode(errors="replace"):
            raise RuntimeError("neither a PDF nor 'wordt gemaakt'")
        print("  worker      manage.py db_worker --batch")
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
    raise RuntimeError("the PDF did not come")


def lockout_journey(browser: Browser) -> None:
    """Five wrong passwords spread over both nodes; the sixth try is refused on either."""
    browser.send("GET", "/account/login/")
    for _ in range(4):
        browser.send("POST", "/account/login/", {"username": "spare", "password": "fout"})
    for _ in range(2):
        browser.send(
            "POST", "/account/login/", {"username": "spare", "password": "fout"}, expect=(429,)
        )
    browser.send(
        "POST", "/account/login/", {"username": "spare", "password": PASSWORD}, expect=(429,)
    )


def check_stored(round_id: int, token: str, acknowledged: dict, pdf: bytes) -> list[str]:
    from django.contrib.sessions.models import Session

    from assessments.models import Answer, Respondent, Round
    from assessments.reporting.models import RenderedReport

    problems = []
    stored = {
        answer.bouwsteen_id: (answer.current_level, answer.desired_level, answer.toelichting)
        for answer in Answer.objects.filter(respondent__token=token)
    }
    lost = [pk for pk, answer in acknowledged.items() if stored.get(pk) != answer]
    print(f"  autosaves acknowledged: {len(acknowledged)} bouwstenen, lost: {len(lost)}")
    if lost:
        problems.append(f"lost answers for bouwstenen {lost}")
    if Respondent.objects.get(token=token).submitted_at is None:
        problems.append("the questionnaire was not sent")
    if Round.objects.get(pk=round_id).status != Round.Status.CLOSED:
        problems.append("the round is not closed")
    if not pdf.startswith(b"%PDF") or not RenderedReport.objects.filter(round_id=round_id):
        problems.append("no PDF")
    print(
        f"  round closed, PDF {len(pdf)} bytes, sessions in the database: {Session.objects.count()}"
    )
    return problems


def check_logs(nodes: list[Node], token: str) -> list[str]:
    problems = []
    for node in nodes:
        text = node.log.read_text()
        lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
        access = [line for line in lines if line.get("logger") == "gunicorn.access"]
        print(f"  node {node.port}: {len(access)} requests in its JSON access log")
        if token in text:
            problems.append(f"the respondent's token is in node {node.port}'s log")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ports", type=int, nargs=2, default=[8213, 8214])
    args = parser.parse_args()
    database_url, name, maintenance_url = throwaway_database_url(os.environ.get("DATABASE_URL", ""))
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("time limit")))
    signal.alarm(TIME_LIMIT_S)
    work = Path(tempfile.mkdtemp(prefix="two-nodes-"))
    # This installation's environment, with the production settings on top; its render slot
    # folder is named once Django has resolved it (below).
    env = installation_env(
        None,
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        STATIC_ROOT=str(work / "static"),
        EMAIL_URL="consolemail://",
        LOG_LEVEL="WARNING",
    )
    os.environ.clear()
    os.environ.update(env, DJANGO_SETTINGS_MODULE="borgingshuis.settings")
    admin_sql(maintenance_url, f'DROP DATABASE IF EXISTS "{name}"')
    admin_sql(maintenance_url, f'CREATE DATABASE "{name}"')
    nodes = []
    started = time.monotonic()
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        env["RENDER_SLOT_DIR"] = settings.RENDER_SLOT_DIR  # the worker renders in this site's slots

        print(f"database {name}: migrate, seed, collectstatic")
        round_id, token, rol_id, niveaus = seed()
        call_command("collectstatic", interactive=False, verbosity=0)
        nodes = [Node(port, env, work) for port in args.ports]
        for node in nodes:
            node.wait_ready()
        print(f"nodes on ports {args.ports[0]} and {args.ports[1]}, production settings")
        respondent, coordinator = Browser("respondent", nodes), Browser("coordinator", nodes)
        acknowledged = respondent_journey(respondent, token, rol_id, niveaus)
        pdf = coordinator_journey(coordinator, round_id, env)
        lockout_journey(Browser("guesser", list(reversed(nodes))))
        from django.db import connection

        connection.close()  # read what the nodes committed
        print("checks")
        problems = check_stored(round_id, token, acknowledged, pdf)
        for node in nodes:
            node.stop()
        problems += check_logs(nodes, token)
        total = respondent.requests + coordinator.requests
        print(f"{total} requests alternating over 2 nodes in {time.monotonic() - started:.1f} s")
        for problem in problems:
            print(f"PROBLEM: {problem}")
        print("OK: nothing lost" if not problems else "FAILED")
        return 1 if problems else 0
    finally:
        for node in nodes:
            node.stop()
        from django.db import connections

        connections.close_all()
        admin_sql(maintenance_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)
        signal.alarm(0)


if __name__ == "__main__":
    sys.exit(main())
