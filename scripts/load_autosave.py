"""Load test of the questionnaire's autosave: gunicorn against PostgreSQL, on loopback only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/borgingshuis_load \\
        DJANGO_DEVELOPMENT=1 .venv/bin/python scripts/load_autosave.py [--seconds 30]

Migrates the database (create it first: createdb) and loads the model, seeds a throwaway
organisation with one open round and its respondents, and starts gunicorn as the README's
production setup does: production settings (no DJANGO_DEVELOPMENT, a random SECRET_KEY,
collected static files), `-c borgingshuis/gunicorn_conf.py` (two workers per core), in a session
of its own as a service manager starts it; every request carries what the TLS proxy in front
adds (X-Forwarded-Proto, the site's Host). Then, for each step of an open-loop ramp (25, 50,
100, 150 and 200 saves a second, `--seconds` each), simulated respondents, each with their own
link, CSRF cookie and page id, autosave one changed answer at the scheduled time, while a few
coordinators open the report now and then; 150 a second runs once more without them, and then
three times more while task workers keep rendering the PDF borgingsrapporten of five closed
rounds (the PDF mix), each worker started as the README starts it (its own session, the
production environment): five `manage.py db_worker`, so five renders run at once; one, as the
README advises on a small machine; and, for comparison, five of django-tasks-db's own db_worker
under `nice -n 10`, as the README advised before (the worker did not lower its own priority, and
`nice` does not hold across sessions). A bare Django view served the same way runs first at the
top rate, so the figures read as ratios. `--mix-only` runs only the step without renders and the
PDF mix, `--mix` only some of the mix's steps, `--repeat 2` (or 3) the step without renders and
the mix in turn, so a busy machine's other work falls on both.

Open loop: a save is due at its scheduled time whether or not earlier ones were answered;
its latency counts from that time, so queueing in the generator or the server shows. A
respondent sends one save at a time, like the page does.

Prints per step the saves acknowledged a second, p50/p95/p99 of their latency, errors (an
answer other than 200 or 409, or none: timeout, connection), conflicts (409), saves left
unsent because every simulated person still waited for an answer, and the app's CPU time per
request; then the 5xx lines in gunicorn's logs, and checks that every acknowledged save is
stored (for each respondent and bouwsteen the stored answer equals the last acknowledged
one). Stops by itself, then stops
gunicorn and removes the seeded data. The generator shares the two cores with gunicorn and
PostgreSQL; the load average is printed with the table.
"""

import argparse
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borgingshuis.settings")

import django  # noqa: E402

django.setup()

from closed_rounds import closed_round, rounds_delete  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from load_coordinators import coordinator_sessions, csrf_cookie, read_reports  # noqa: E402
from loadgen import (  # noqa: E402
    HEADER,
    TIMEOUT_S,
    DatabaseCpu,
    Load,
    Person,
    Server,
    Step,
    installation_env,
    percentiles,
)
from pdf_mix import PdfMix  # noqa: E402

from assessments.common.table_statistics import tables_analyse  # noqa: E402
from assessments.models import Answer, Membership, Organisation, Respondent, Round  # noqa: E402
from assessments.rounds.services import round_open  # noqa: E402
from bouwstenen.models import Framework, Rol  # noqa: E402

SLUG = "load-organisatie"
MIX_SLUG = "load-pdf-organisatie"  # its own organisation: no previous round for the load round
MIX_RENDERS = 5  # closed rounds whose PDFs the mix keeps rendering
MIX_RESPONDENTS = 200
HOST = "borging.example.nl"
PROXY_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}  # what the TLS proxy adds
WORKER = [sys.executable, "manage.py", "db_worker"]  # as the README starts it
# django-tasks-db's own db_worker (which does not lower its priority) under nice, as the
# README advised before: the comparison
UPSTREAM_WORKER = [
    "nice",
    "-n",
    "10",
    sys.executable,
    "-c",
    "import django; django.setup(); "
    "from django_tasks_db.management.commands.db_worker import Command; "
    "import sys; Command().run_from_argv(sys.argv)",
    "db_worker",
]
# The PDF mix's steps: name, how many workers, how each is started
MIX_STEPS = [("pdf5", 5, WORKER), ("pdf1", 1, WORKER), ("pdf5 nice", 5, UPSTREAM_WORKER)]
RATES = (25, 50, 100, 150, 200)
TARGET_RATE = 150
RESPONDENTS = 600
COORDINATORS = 3
PASSWORD = secrets.token_urlsafe(16)


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the target is gunicorn + PostgreSQL.")


def production_env(work: Path) -> dict:
    """The environment of the README's production setup, for gunicorn and the workers, on
    top of this installation's own (loadgen.installation_env: its render slot folder too),
    with the static files collected as its recipe does."""
    env = installation_env(
        settings.RENDER_SLOT_DIR,
        DATABASE_URL=os.environ["DATABASE_URL"],
        DJANGO_SETTINGS_MODULE="borgingshuis.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        STATIC_ROOT=str(work / "static"),
        EMAIL_URL="consolemail://",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return env


def seed(mix: bool = True) -> tuple[Round, list[str], list[int], str, list[int]]:
    """An open round with RESPONDENTS people who chose a role, coordinators to log in, and
    (`mix`) MIX_RENDERS closed rounds of another organisation for the PDF mix."""
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_borgingshuis", verbosity=0)
    cleanup()
    framework = Framework.objects.published().order_by("pk").first()
    organisation = Organisation.objects.create(name="Load-organisatie", slug=SLUG)
    round = Round.objects.create(organisation=organisation, framework=framework, name="Load")
    rollen = list(Rol.objects.filter(framework=framework))
    Respondent.objects.bulk_create(
        Respondent(round=round, email=f"load{number}@example.org", rol=rollen[number % 3])
        for number in range(RESPONDENTS)
    )
    round = round_open(round=round)
    users = get_user_model()
    for number in range(COORDINATORS):
        user = users.objects.create_user(f"{SLUG}-{number}", password=PASSWORD)
        Membership.objects.create(
            organisation=organisation, user=user, role=Membership.Role.COORDINATOR
        )
        TOTPDevice.objects.create(user=user, name="load", confirmed=True)
    niveau = round.model_texts().niveaus[0].code
    bouwstenen = [item.id for item in round.model_texts().bouwstenen_of(niveau)]
    tokens = list(Respondent.objects.filter(round=round).values_list("token", flat=True))
    mix_organisation = Organisation.objects.create(name="Load-organisatie PDF", slug=MIX_SLUG)
    mix_rounds = [
        closed_round(mix_organisation, framework, MIX_RESPONDENTS, f"PDF {number}").pk
        for number in range(MIX_RENDERS if mix else 0)
    ]
    # Bulk-filled: the planner's statistics before the measurement (issue 31).
    tables_analyse([Respondent, Answer, Round, Membership, users])
    return round, tokens, bouwstenen, niveau, mix_rounds


def cleanup() -> None:
    organisations = Organisation.objects.filter(slug__in=[SLUG, MIX_SLUG])
    rounds_delete(Round.objects.filter(organisation__in=organisations))
    get_user_model().objects.filter(username__startswith=f"{SLUG}-").delete()
    organisations.delete()


def autosave_sender(bouwstenen: list[int], niveau: str):
    def send(server: Server, person: Person) -> str:
        bouwsteen = random.choice(bouwstenen)
        current = random.randint(0, 5)
        text = f"toelichting {person.seq}"
        person.seq += 1
        body = json.dumps(
            {
                "niveau": niveau,
                "page": person.page,
                "seq": person.seq,
                "answers": [
                    {
                        "bouwsteen": bouwsteen,
                        "version": person.versions.get(bouwsteen, 0),
                        "current": current,
                        "desired": None,
                        "toelichting": text,
                    }
                ],
            }
        )
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": person.csrf,
            "Cookie": f"csrftoken={person.csrf}",
            "Referer": f"https://{HOST}/vragenlijst/{person.token}/",
        }
        response, payload = server.send(
            "POST", f"/vragenlijst/{person.token}/autosave/", body, headers
        )
        if response.status == 409:
            return "conflict"
        if response.status != 200:
            return "error"
        saved = json.loads(payload)["saved"]
        person.versions[bouwsteen] = int(saved[str(bouwsteen)])
        person.acknowledged[bouwsteen] = (current, text)
        return "ok"

    return send


def floor_sender(server: Server, person: Person) -> str:
    response = server.get("/floor/", headers={})
    return "ok" if response.status == 200 else "error"


def lost_saves(people: list[Person]) -> tuple[int, int]:
    """(answers checked, how many of them the database does not hold as last acknowledged):
    one answer per respondent and bouwsteen saved, however often it was saved."""
    stored = {
        (token, bouwsteen): (current, text)
        for token, bouwsteen, current, text in Answer.objects.filter(
            respondent__round__organisation__slug=SLUG
        ).values_list("respondent__token", "bouwsteen_id", "current_level", "toelichting")
    }
    checked = lost = 0
    for person in people:
        for bouwsteen, value in person.acknowledged.items():
            checked += 1
            lost += stored.get((person.token, bouwsteen)) != value
    return checked, lost


def step_p95(step: Step) -> float:
    return percentiles(step.latencies)[1]


def print_results(floor_step, steps, quiet, mixed, report_latencies, outcome) -> None:
    """The table, the mix's figures and the checks; floor_step is None when not measured."""
    server_errors, checked, lost = outcome
    print("\n" + HEADER)
    if floor_step is not None:
        print(floor_step.row("floor", floor_step))
    for step in steps:
        print(step.row("autosave", floor_step))
    for alone in quiet:
        print(alone.row("alone", floor_step) + "   (autosave without report reads)")
        for (name, workers, _command), step, _figures, before in mixed:
            if before is alone:
                print(
                    step.row(name, floor_step)
                    + f"   ({workers} worker{'s' * (workers > 1)}, PDFs queued all the time"
                    + f", p95 {step_p95(step) / max(step_p95(alone), 0.001):.1f}x alone)"
                )
    for (name, workers, command), step, figures, _before in mixed:
        started = "manage.py db_worker" if command is WORKER else "nice -n 10 (upstream) db_worker"
        print(
            f"{name}: {workers} x {started}, each in its own session: "
            f"{figures.line(step.wall_seconds)}"
        )
    if floor_step is not None:
        report_ok = [ms for status, ms in report_latencies if status == 200]
        report_failed = len(report_latencies) - len(report_ok)
        print(
            f"reports read during the ramp: {len(report_ok)}, median "
            f"{statistics.median(report_ok) if report_ok else 0:.0f} ms, failed {report_failed}"
        )
    saves = sum(len(step.latencies) for step in [*steps, *quiet] + [m[1] for m in mixed])
    print(f"saves acknowledged: {saves}; gunicorn logged 5xx or errors: {server_errors}")
    print(f"answers checked (the last acknowledged save of each): {checked}, lost: {lost}")
    print(f"load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    print(f"database: {settings.DATABASES['default']['NAME']} ({connection.vendor})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30, help="length of each step")
    parser.add_argument(
        "--mix-only", action="store_true", help="only the step without renders and the PDF mix"
    )
    parser.add_argument(
        "--mix",
        nargs="+",
        choices=[name for name, _workers, _command in MIX_STEPS],
        help="only these steps of the PDF mix",
    )
    parser.add_argument(
        "--ratio",
        type=int,
        nargs="+",
        metavar="RATE",
        help="only the CPU ratio: the bare view, then autosaves at these rates (no coordinators,"
        " no PDF mix), e.g. --ratio 150 300",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        choices=range(1, 4),
        help="the step without renders and the mix this many times in turn (a busy machine)",
    )
    arguments = parser.parse_args()
    mix_steps = [step for step in MIX_STEPS if not arguments.mix or step[0] in arguments.mix]
    seconds = min(max(arguments.seconds, 5), 60)  # bounded, whatever is asked
    require_postgresql()
    work = Path(tempfile.mkdtemp(prefix="load-autosave-"))
    env = production_env(work)
    ratio_rates = [min(max(rate, 1), 400) for rate in arguments.ratio or []]
    round, tokens, bouwstenen, niveau, mix_rounds = seed(mix=not ratio_rates)
    database = DatabaseCpu(settings.DATABASES["default"]["NAME"])
    floor_rate = max(ratio_rates or RATES)
    floor_step, steps, report_latencies, server_errors = Step(rate=floor_rate), [], [], 0
    quiet, mixed = [], []  # steps without renders; (mix step, its step, figures, the quiet one)
    try:
        if not arguments.mix_only:
            floor = Server(floor=True, env=env, headers=PROXY_HEADERS, log=work / "floor.log")
            try:
                people = [Person(token="") for _ in range(64)]
                Load(floor, people, floor_sender, database).run(floor_step, seconds)
            finally:
                floor.stop()
            server_errors += floor.server_errors()

        server = Server(floor=False, env=env, headers=PROXY_HEADERS, log=work / "app.log")
        try:
            people = [Person(token=token) for token in tokens]
            page_path = "/vragenlijst/{}/niveau/" + niveau + "/"
            for person in people:
                person.csrf = csrf_cookie(server, page_path.format(person.token))
            load = Load(server, people, autosave_sender(bouwstenen, niveau), database)
            if ratio_rates:  # warm up (imports, connections), then the rates alone
                load.run(Step(rate=ratio_rates[0]), 5)
                for rate in ratio_rates:
                    steps.append(Step(rate=rate))
                    load.run(steps[-1], seconds)
            elif not arguments.mix_only:
                stop = threading.Event()
                report = f"/rondes/{round.pk}/rapport/"
                coordinators = [f"{SLUG}-{number}" for number in range(COORDINATORS)]
                cookies = coordinator_sessions(server, report, coordinators, PASSWORD)
                report_latencies, threads = read_reports(server, report, cookies, stop)
                for rate in RATES:
                    steps.append(Step(rate=rate))
                    load.run(steps[-1], seconds)
                stop.set()
                for thread in threads:
                    thread.join(timeout=TIMEOUT_S)
            else:  # gunicorn's workers warm up (imports, connections), not measured
                load.run(Step(rate=TARGET_RATE), 5)
            # The target rate once more without the coordinators' report reads, whose CPU
            # time would otherwise count against the autosaves; then with the PDF mix.
            for _turn in range(arguments.repeat if not ratio_rates else 0):
                quiet.append(Step(rate=TARGET_RATE))
                load.run(quiet[-1], seconds)
                for mix_step in mix_steps:
                    with PdfMix(mix_rounds, mix_step[1], mix_step[2], env) as mix:
                        mixed.append((mix_step, Step(rate=TARGET_RATE), mix.figures, quiet[-1]))
                        load.run(mixed[-1][1], seconds)
        finally:
            server.stop()
        server_errors += server.server_errors()
        checked, lost = lost_saves(people)
    finally:
        connection.close()
        cleanup()
        shutil.rmtree(work, ignore_errors=True)

    print_results(
        floor_step if not arguments.mix_only else None,
        steps,
        quiet,
        mixed,
        report_latencies,
        (server_errors, checked, lost),
    )


if __name__ == "__main__":
    main()
