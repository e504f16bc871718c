"""How long a person waits for their PDF while the web node is saturated: gunicorn against
PostgreSQL on loopback, as scripts/load_autosave.py runs it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/borgingshuis_load DJANGO_DEVELOPMENT=1 \\
        .venv/bin/python scripts/pdf_wait.py [--rate 150] [--backlog 50] [--pdfs 8]

Seeds a throwaway organisation: an open round whose respondents autosave, a coordinator who
logs in as production asks (password, authenticator code), and closed rounds whose PDFs are
rendered. Starts gunicorn as the README's production setup does, then measures in one run:
- the **floor**: a bare Django view (scripts/floor_wsgi.py) at the autosave rate, so the
  autosave's latency reads as a ratio;
- the **quiet reference**: the coordinator asks for `--pdfs` PDFs one after another with no
  other load and no backlog: the render's own time, as a person sees it;
- for each **setup** of task workers (each started as the README's units start it: its own
  session, the production environment), while respondents autosave at `--rate` a second
  (the rate that saturates the node) and `--backlog` background renders wait in the queue
  (what the system queues after changes), the coordinator asks for a PDF every `--every`
  seconds: the time from the click to the PDF being downloadable. Setups: `users`, a worker
  for every queue and one for the users' queue (`db_worker --queue-name pdf-user`, the
  README's recommendation); `one`, a single worker for every queue (priority alone).
A person's click is GET …/borgingsrapport.pdf (302 to the download page), then the same
address every second until it answers the PDF, as the download page's script does.

Prints per setup the PDF's p50, p95 and max wait, and how many did not come within
`--timeout`, next to the quiet reference (ratio), the autosave's p95 during the setup next to
the floor, the background renders still queued at the end and the machine's load average.
Bounded: it stops by itself, then stops gunicorn and the workers and removes what it seeded.
"""

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borgingshuis.settings")

import django  # noqa: E402

django.setup()

from closed_rounds import closed_round, rounds_delete  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402
from load_autosave import (  # noqa: E402
    PROXY_HEADERS,
    autosave_sender,
    floor_sender,
    production_env,
    require_postgresql,
)
from load_coordinators import coordinator_sessions, csrf_cookie  # noqa: E402
from loadgen import Load, Person, Server, Step, percentiles  # noqa: E402

from assessments.models import Membership, Organisation, RenderedReport, Respondent, Round  # noqa: E402
from assessments.reporting.pdf import pdf_render_request  # noqa: E402
from assessments.rounds.services import round_open  # noqa: E402
from bouwstenen.models import Framework, Rol  # noqa: E402

SLUG = "pdf-wait-organisatie"
RESPONDENTS = 150  # who autosave, one save at a time each
PDF_RESPONDENTS = 30  # in each round whose PDF is rendered
PASSWORD = secrets.token_urlsafe(16)
WORKER = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
SETUPS = {
    "users": [WORKER, [*WORKER, "--queue-name", "pdf-user"]],
    "one": [WORKER],
}
TOLD = {
    "users": "db_worker + db_worker --queue-name pdf-user",
    "one": "db_worker (every queue, priority alone)",
}
POLL_S = 1.0  # a person's page asks again this often
WARM_UP_S = 120
CHUNK_S = 5  # the autosave load runs in steps of this long until the PDFs are in


def seed(backlog: int, asked: int):
    """The open round, the coordinator, `backlog` closed rounds for the background renders
    and `asked` closed rounds a person asks the PDF of (plus one to warm the workers up)."""
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_borgingshuis", verbosity=0)
    cleanup()
    framework = Framework.objects.published().order_by("pk").first()
    organisation = Organisation.objects.create(name="PDF-wacht-organisatie", slug=SLUG)
    round = Round.objects.create(organisation=organisation, framework=framework, name="Open")
    rollen = list(Rol.objects.filter(framework=framework))
    Respondent.objects.bulk_create(
        Respondent(round=round, email=f"wait{number}@example.org", rol=rollen[number % 3])
        for number in range(RESPONDENTS)
    )
    round = round_open(round=round)
    user = get_user_model().objects.create_user(f"{SLUG}-coordinator", password=PASSWORD)
    Membership.objects.create(
        organisation=organisation, user=user, role=Membership.Role.COORDINATOR
    )
    TOTPDevice.objects.create(user=user, name="load", confirmed=True)
    closed = [
        closed_round(organisation, framework, PDF_RESPONDENTS, f"PDF {number}").pk
        for number in range(backlog + asked + 1)
    ]
    niveau = round.model_texts().niveaus[0].code
    bouwstenen = [item.id for item in round.model_texts().bouwstenen_of(niveau)]
    tokens = list(Respondent.objects.filter(round=round).values_list("token", flat=True))
    return round, tokens, niveau, bouwstenen, closed[:backlog], closed[backlog:-1], closed[-1]


def cleanup() -> None:
    organisations = Organisation.objects.filter(slug=SLUG)
    rounds_delete(Round.objects.filter(organisation__in=organisations))
    get_user_model().objects.filter(username__startswith=f"{SLUG}-").delete()
    organisations.delete()


def forget(round_ids: list[int]) -> None:
    """No stored PDF and no render queued for these rounds: a person's ask starts afresh."""
    DBTaskResult.objects.filter(args_kwargs__args__0__in=round_ids).delete()
    RenderedReport.objects.filter(round_id__in=round_ids).delete()


class Workers:
    """The task workers of a setup, each in a session of its own as a service manager starts
    them; killed at the end (their renders are throwaway)."""

    def __init__(self, commands: list[list[str]], env: dict):
        self.processes = [
            subprocess.Popen([*command, "-v", "0"], cwd=ROOT, env=env, start_new_session=True)
            for command in commands
        ]

    def stop(self) -> None:
        for process in self.processes:
            process.kill()
        for process in self.processes:
            process.wait(timeout=30)


def ask_pdf(server: Server, cookie: str, round_id: int, timeout: float) -> float | None:
    """A person clicks "PDF" and their page asks again every POLL_S: seconds until the PDF
    is served, or None when it did not come within `timeout`."""
    path = f"/rondes/{round_id}/borgingsrapport.pdf"
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            response, _payload = server.send("GET", path, None, {"Cookie": cookie})
            if response.status == 200 and response.getheader("Content-Type") == "application/pdf":
                return time.perf_counter() - start
        except OSError:
            pass  # a saturated server may not answer one poll; the page asks again
        time.sleep(POLL_S)
    return None


def warm_up(server: Server, cookie: str, round_id: int, backlog_round: int) -> None:
    """Each worker renders once (Python, Django and WeasyPrint load) before the measurement."""
    forget([round_id, backlog_round])
    pdf_render_request(round_id=backlog_round, language="nl")
    ask_pdf(server, cookie, round_id, WARM_UP_S)
    deadline = time.monotonic() + WARM_UP_S
    while (
        time.monotonic() < deadline
        and not RenderedReport.objects.filter(
            round_id=backlog_round, stage=RenderedReport.Stage.IDLE
        )
        .exclude(fingerprint="")
        .exists()
    ):
        time.sleep(POLL_S)


def ask_in_turn(server, cookie, round_ids, every: float, timeout: float) -> list[float | None]:
    """A person asks for each round's PDF, one every `every` seconds, each waiting on its
    own; returns the waits in order."""
    waits: list[float | None] = [None] * len(round_ids)

    def one(index, round_id):
        waits[index] = ask_pdf(server, cookie, round_id, timeout)

    threads = []
    for index, round_id in enumerate(round_ids):
        threads.append(threading.Thread(target=one, args=(index, round_id), daemon=True))
        threads[-1].start()
        time.sleep(every)
    for thread in threads:
        thread.join()
    return waits


def under_load(load: Load, rate: int, done: threading.Event, steps: list[Step]) -> None:
    """Autosaves at `rate` a second in steps of CHUNK_S until `done`, into `steps`."""
    while not done.is_set():
        steps.append(Step(rate=rate))
        load.run(steps[-1], CHUNK_S)


def summary(waits: list[float | None], timeout: float, reference: float | None = None) -> str:
    """p50, p95 and max of the waits; one that did not come counts as the timeout (">=")."""
    missing = waits.count(None)
    got = [wait for wait in waits if wait is not None]
    p50, p95, _p99 = percentiles(got + [timeout] * missing)
    mark = ">=" if missing else ""
    ratio = f" ({p95 / reference:.1f}x quiet)" if reference else ""
    late = f", {missing} of {len(waits)} not within {timeout:.0f} s" if missing else ""
    return (
        f"p50 {p50:.1f} s, p95 {mark}{p95:.1f} s{ratio}, "
        f"max {mark}{max(got + [timeout] * missing):.1f} s{late}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=int, default=150, help="autosaves a second")
    parser.add_argument("--backlog", type=int, default=50, help="background renders queued")
    parser.add_argument("--pdfs", type=int, default=8, help="PDFs a person asks for per setup")
    parser.add_argument("--every", type=float, default=10, help="seconds between two asks")
    parser.add_argument("--timeout", type=float, default=240, help="seconds a person waits")
    parser.add_argument("--setups", nargs="+", choices=list(SETUPS), default=list(SETUPS))
    arguments = parser.parse_args()
    # stopped from outside (timeout, Ctrl+C): still stop gunicorn and the workers, clean up
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    pdfs = min(max(arguments.pdfs, 1), 40)
    timeout = min(arguments.timeout, 900)
    require_postgresql()
    work = Path(tempfile.mkdtemp(prefix="pdf-wait-"))
    env = production_env(work)
    round, tokens, niveau, bouwstenen, backlog, asked, warm = seed(arguments.backlog, pdfs)
    lines = []
    try:
        floor = Server(floor=True, env=env, headers=PROXY_HEADERS, log=work / "floor.log")
        try:
            floor_step = Step(rate=arguments.rate)
            Load(floor, [Person(token="") for _ in range(64)], floor_sender).run(floor_step, 15)
        finally:
            floor.stop()
        floor_p95 = percentiles(floor_step.latencies)[1]
        lines.append(f"floor (bare view) at {arguments.rate}/s: p95 {floor_p95:.1f} ms")

        server = Server(floor=False, env=env, headers=PROXY_HEADERS, log=work / "app.log")
        try:
            [cookie] = coordinator_sessions(
                server, f"/rondes/{round.pk}/rapport/", [f"{SLUG}-coordinator"], PASSWORD
            )
            people = [Person(token=token) for token in tokens]
            for person in people:
                person.csrf = csrf_cookie(server, f"/vragenlijst/{person.token}/niveau/{niveau}/")
            load = Load(server, people, autosave_sender(bouwstenen, niveau))

            forget(backlog + asked)
            workers = Workers(SETUPS["users"], env)
            try:
                warm_up(server, cookie, warm, backlog[0])
                forget(asked)
                waits = [ask_pdf(server, cookie, round_id, timeout) for round_id in asked[:4]]
            finally:
                workers.stop()
            quiet = percentiles([wait if wait is not None else timeout for wait in waits])[1]
            lines.append(
                f"quiet reference (users' worker, no load, no backlog, one PDF at a time): "
                f"{summary(waits, timeout)}"
            )
            print(lines[0], lines[1], sep="\n", flush=True)

            for name in arguments.setups:
                forget(backlog + asked + [warm])
                workers = Workers(SETUPS[name], env)
                done = threading.Event()
                try:
                    warm_up(server, cookie, warm, backlog[0])
                    for round_id in backlog:
                        pdf_render_request(round_id=round_id, language="nl")
                    steps: list[Step] = []
                    loader = threading.Thread(
                        target=under_load, args=(load, arguments.rate, done, steps)
                    )
                    loader.start()
                    time.sleep(CHUNK_S)  # saturated before the first ask
                    waits = ask_in_turn(server, cookie, asked, arguments.every, timeout)
                    done.set()
                    loader.join()
                    left = DBTaskResult.objects.ready().filter(priority__lt=0).count()
                finally:
                    done.set()
                    workers.stop()
                saves = [ms for step in steps for ms in step.latencies]
                unsent = sum(step.unsent for step in steps)
                p95 = percentiles(saves)[1]
                lines.append(
                    f"{name} ({TOLD[name]}): {summary(waits, timeout, quiet)}; "
                    f"autosave p95 {p95:.0f} ms "
                    f"({p95 / max(floor_p95, 0.001):.1f}x floor), {len(saves)} acknowledged, "
                    f"{unsent} unsent; background renders still queued {left} of "
                    f"{len(backlog)}; load {os.getloadavg()[0]:.1f}"
                )
                print(lines[-1], flush=True)
        finally:
            server.stop()
    finally:
        connection.close()
        cleanup()
        shutil.rmtree(work, ignore_errors=True)
    print()
    for line in lines:
        print(line)
    print(f"load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
