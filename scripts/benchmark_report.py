"""Benchmark the report: page size, time and queries, the CSV, the PDF as the worker renders
it (CPU time and pages), the download of a current PDF, each against a bare Django view
measured in the same run. Seeds a throwaway organisation in the database it is pointed at
(closed rounds of 20 and RESPONDENTS people, a toelichting on every answer), then removes it.

    DJANGO_DEVELOPMENT=1 .venv/bin/python scripts/benchmark_report.py [RESPONDENTS]
    DJANGO_DEVELOPMENT=1 .venv/bin/python scripts/benchmark_report.py --outputs [RESPONDENTS]

With --outputs it measures only the outputs a request makes (report page, consensus page,
CSV, round workbook, ontwikkeling.xlsx, trend) at 20 and RESPONDENTS, each interleaved with
the bare view, and prints them as a table. Target (issue 31): each at 2,000 respondents
within 1.5x of the same at 20 and under 100 ms, with the same number of queries; they read
the stored release (assessments/reporting/releases.py), never the answers.

Targets (issue 12) at 2,000 respondents: the PDF at most 12 pages (appendix off), its render
CPU within 1.5x of the same for 20 respondents; a current PDF served in under 50 ms; the
report page's HTML under 200 kB; page and CSV queries the same at 20 and at 2,000. A PDF
request never renders: it queues a render and answers with the download page. With the
toelichtingen appendix (issue 19): at most 40 pages and under 200 MB, file and the render's
peak memory (rendered in a process of its own, so its peak is the render's).
"""

import io
import os
import statistics
import subprocess
import sys
import time
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borgingshuis.settings")

import django  # noqa: E402

django.setup()

from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections  # noqa: E402

# As in Django's test runner: keep one connection, so the query count sees every request.
request_started.disconnect(close_old_connections)
request_finished.disconnect(close_old_connections)

from closed_rounds import closed_round, rounds_delete  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import path, reverse  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from assessments.models import Membership, Organisation, RenderedReport, Round  # noqa: E402
from assessments.reporting.pdf import pdf_render_stored  # noqa: E402
from assessments.reporting.services import round_report_appendix_set  # noqa: E402
from bouwstenen.models import Framework  # noqa: E402

SLUG = "benchmark-organisatie"


def floor(request):
    """The bare view: the app's middleware and session, no work."""
    return HttpResponse("ok", content_type="text/plain")


# The app's URLs plus the bare view, for the floor measured in the same run.
urlpatterns = [path("floor/", floor), *import_module("borgingshuis.urls").urlpatterns]


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


OUTPUTS = [
    ("report page", "assessments:round-report", "round"),
    ("consensus page", "assessments:round-consensus", "round"),
    ("CSV", "assessments:round-report-csv", "round"),
    ("round workbook", "assessments:round-report-xlsx", "round"),
    ("ontwikkeling.xlsx", "assessments:organisation-workbook", "organisation"),
    ("trend page", "assessments:organisation-trend", "organisation"),
]
REPEAT = 15  # per output and size, each next to a request of the bare view


def outputs_table(framework, user, client, size):
    """Each output at 20 and `size` respondents, with the bare view measured right before
    each request (the machine is shared: the floor says what a request costs right then)."""
    urls = {}
    for respondents in (20, size):
        organisation = Organisation.objects.create(
            name=f"Benchmark {respondents}", slug=f"{SLUG}-{respondents}"
        )
        Membership.objects.create(
            organisation=organisation, user=user, role=Membership.Role.COORDINATOR
        )
        start = time.perf_counter()
        round = closed_round(organisation, framework, respondents, f"Benchmark {respondents}")
        seconds = time.perf_counter() - start
        print(f"{respondents:5d} respondents seeded and closed in {seconds:.1f} s")
        urls[respondents] = {
            name: reverse(view, args=[organisation.slug if by == "organisation" else round.pk])
            for name, view, by in OUTPUTS
        }
    rows = []
    for name, _view, _by in OUTPUTS:
        times = {"floor": [], 20: [], size: []}
        queries = {}
        for respondents in (20, size):
            client.get(urls[respondents][name])  # warm up
            with CaptureQueriesContext(connection) as captured:
                response = client.get(urls[respondents][name])
            assert response.status_code == 200, (name, response.status_code)
            queries[respondents] = len(captured)
        for _ in range(REPEAT):
            for key in ("floor", 20, size):
                url = "/floor/" if key == "floor" else urls[key][name]
                start = time.perf_counter()
                client.get(url)
                times[key].append(time.perf_counter() - start)
        medians = {key: statistics.median(values) * 1000 for key, values in times.items()}
        rows.append((name, medians, queries))
    print()
    print(
        f"| output | bare view | 20 respondents | {size:,} respondents | {size:,} / 20 "
        f"| queries (20 / {size:,}) |"
    )
    print("|---|---|---|---|---|---|")
    met = True
    for name, medians, queries in rows:
        ratio = medians[size] / medians[20]
        met = met and ratio <= 1.5 and medians[size] < 100 and queries[20] == queries[size]
        print(
            f"| {name} | {medians['floor']:.1f} ms | {medians[20]:.1f} ms | "
            f"{medians[size]:.1f} ms | {ratio:.2f}x | {queries[20]} / {queries[size]} |"
        )
    print()
    print(
        f"goal (each within 1.5x of 20, under 100 ms, queries the same): "
        f"{'met' if met else 'NOT met'}"
    )


def main():
    if "--outputs" in sys.argv:
        sys.argv.remove("--outputs")
        return outputs_main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    (Path(__file__).resolve().parent.parent / "var").mkdir(exist_ok=True)  # SQLite's default
    call_command("migrate", verbosity=0)
    if not Framework.objects.filter(slug="borgingshuis-2023").exists():
        call_command("load_borgingshuis", verbosity=0)
    framework = Framework.objects.get(slug="borgingshuis-2023")
    cleanup()
    user = get_user_model().objects.create_user(username="benchmark-lezer")
    client = Client()
    client.force_login(user)
    results = {}
    try:
        with override_settings(ROOT_URLCONF=__name__):
            client.get("/floor/")
            floor_time, _ = timed(lambda: client.get("/floor/"), 50)
            print(
                f"floor: a bare Django view (same middleware, session) {floor_time * 1000:.1f} ms"
            )
            for respondents in (20, size):
                results[respondents] = measure(client, user, framework, respondents)
        small, large = results[20], results[size]
        print()
        print(
            f"render CPU {size} / 20 respondents: {large['cpu'] / small['cpu']:.2f} (target <= 1.5)"
        )
        print(f"PDF pages at {size}: {large['pages']} (target <= 12)")
        print(
            f"PDF with the appendix at {size}: {large['appendix']} "
            "(target <= 40 pages, < 200 MB file and peak memory)"
        )
        print(
            f"current PDF at {size}: {large['served'] * 1000:.1f} ms (target < 50), "
            f"{large['served'] / floor_time:.1f}x the bare view"
        )
        print(
            f"report page at {size}: {large['page_bytes'] / 1000:.0f} kB (target < 200), "
            f"{large['page_time'] * 1000:.0f} ms, "
            f"{large['page_time'] / floor_time:.0f}x the bare view"
        )
        print(
            f"queries page {small['page_queries']} / {large['page_queries']}, "
            f"CSV {small['csv_queries']} / {large['csv_queries']}, "
            f"PDF download {small['pdf_queries']} / {large['pdf_queries']} (20 / {size})"
        )
    finally:
        cleanup()


def outputs_main(size):
    (Path(__file__).resolve().parent.parent / "var").mkdir(exist_ok=True)  # SQLite's default
    call_command("migrate", verbosity=0)
    if not Framework.objects.filter(slug="borgingshuis-2023").exists():
        call_command("load_borgingshuis", verbosity=0)
    framework = Framework.objects.get(slug="borgingshuis-2023")
    cleanup()
    user = get_user_model().objects.create_user(username="benchmark-lezer")
    client = Client()
    client.force_login(user)
    try:
        with override_settings(ROOT_URLCONF=__name__):
            client.get("/floor/")
            outputs_table(framework, user, client, size)
    finally:
        cleanup()


def measure(client, user, framework, respondents):
    # an organisation per size, so neither round is the other's previous one
    organisation = Organisation.objects.create(
        name=f"Benchmark {respondents}", slug=f"{SLUG}-{respondents}"
    )
    Membership.objects.create(organisation=organisation, user=user)
    round = closed_round(organisation, framework, respondents, f"Benchmark {respondents}")
    result = {}
    url = reverse("assessments:round-report", args=[round.pk])
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    result["page_queries"] = len(queries)  # read now: the next request resets the query log
    result["page_bytes"] = len(response.content)
    result["page_time"], _ = timed(lambda: client.get(url), 5)
    print(
        f"{respondents:4d} respondents: report page {result['page_time'] * 1000:.0f} ms, "
        f"{result['page_bytes'] / 1000:.0f} kB, {result['page_queries']} queries"
    )
    csv_url = reverse("assessments:round-report-csv", args=[round.pk])
    with CaptureQueriesContext(connection) as queries:
        client.get(csv_url)
    result["csv_queries"] = len(queries)
    csv_time, _ = timed(lambda: client.get(csv_url), 5)
    print(
        f"{respondents:4d} respondents: CSV {csv_time * 1000:.0f} ms, "
        f"{result['csv_queries']} queries"
    )

    # Closing queued the render; the web request finds no current PDF and only queues.
    RenderedReport.objects.filter(round=round).delete()
    pdf_url = reverse("assessments:round-report-pdf", args=[round.pk])
    start = time.perf_counter()
    response = client.get(pdf_url)
    asked = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    print(f"{respondents:4d} respondents: PDF asked, not ready: {asked * 1000:.0f} ms (queued)")
    DBTaskResult.objects.filter(args_kwargs__args__0=round.pk).delete()

    # what the worker runs; once before, so fonts and templates are loaded for both sizes
    pdf_render_stored(round_id=round.pk, language="nl")
    RenderedReport.objects.filter(round=round).update(fingerprint="")
    cpu = time.process_time()
    wall = time.perf_counter()
    pdf_render_stored(round_id=round.pk, language="nl")
    result["cpu"] = time.process_time() - cpu
    wall = time.perf_counter() - wall
    with CaptureQueriesContext(connection) as queries:
        response = client.get(pdf_url)
    assert response.status_code == 200, response.status_code
    result["pdf_queries"] = len(queries)
    result["pages"] = len(PdfReader(io.BytesIO(response.content)).pages)
    result["served"], response = timed(lambda: client.get(pdf_url), 20)
    print(
        f"{respondents:4d} respondents: PDF rendered by the worker's code in {result['cpu']:.2f} s "
        f"CPU ({wall:.2f} s wall), {result['pages']} pages, {len(response.content) // 1000} kB; "
        f"served when current in {result['served'] * 1000:.1f} ms"
    )
    result["appendix"] = appendix_render(round)
    print(f"{respondents:4d} respondents: PDF with the appendix: {result['appendix']}")
    return result


# Renders a round's PDF with the appendix as the worker does, in a process of its own.
APPENDIX_RENDER = """
import io, resource, sys, time
import django
django.setup()
from pypdf import PdfReader
from assessments.models import RenderedReport
from assessments.reporting.pdf import pdf_render_stored
round_id = int(sys.argv[1])
cpu = time.process_time()
pdf_render_stored(round_id=round_id, language="nl")
cpu = time.process_time() - cpu
pdf = bytes(RenderedReport.objects.get(round_id=round_id, language="nl").pdf)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
pages = len(PdfReader(io.BytesIO(pdf)).pages)
print(f"{pages} pages, {len(pdf) / 1e6:.1f} MB, {cpu:.1f} s CPU, peak memory {peak:.0f} MB")
"""


def appendix_render(round) -> str:
    round_report_appendix_set(round=round, appendix=True)
    DBTaskResult.objects.filter(args_kwargs__args__0=round.pk).delete()
    done = subprocess.run(
        [sys.executable, "-c", APPENDIX_RENDER, str(round.pk)],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def cleanup():
    rounds_delete(Round.objects.filter(organisation__slug__startswith=SLUG))
    Organisation.objects.filter(slug__startswith=SLUG).delete()
    get_user_model().objects.filter(username="benchmark-lezer").delete()


if __name__ == "__main__":
    main()
