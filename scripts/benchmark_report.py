"""Benchmark the report: page time and queries, PDF render time, the WeasyPrint floor and the
cached PDF. Seeds a throwaway organisation in the database it is pointed at, then removes it.

    DJANGO_DEVELOPMENT=1 .venv/bin/python scripts/benchmark_report.py [RESPONDENTS]

Targets: report page <= 15 queries and the CSV <= 10, the same at 20 and at 200 respondents;
PDF within 2x of the floor; a cached PDF served in under 50 ms.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borgingshuis.settings")

import django  # noqa: E402

django.setup()

from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections  # noqa: E402

# As in Django's test runner: keep one connection, so the query count sees every request.
request_started.disconnect(close_old_connections)
request_finished.disconnect(close_old_connections)

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from assessments.models import (  # noqa: E402
    Answer,
    Membership,
    Organisation,
    RenderedReport,
    Respondent,
    Round,
)
from assessments.reporting.pdf import render_pdf, render_report_html  # noqa: E402
from assessments.reporting.report import PRINT_HOUSE, build_report  # noqa: E402
from assessments.rounds.services import round_open  # noqa: E402
from bouwstenen.models import Bouwsteen, Framework, Rol  # noqa: E402

SLUG = "benchmark-organisatie"


def seed(organisation, framework, respondents, name):
    round = round_open(
        round=Round.objects.create(organisation=organisation, framework=framework, name=name)
    )
    rng = random.Random(respondents)
    rollen = list(Rol.objects.filter(framework=framework))
    bouwstenen = list(Bouwsteen.objects.filter(framework=framework))
    people = Respondent.objects.bulk_create(
        Respondent(
            round=round,
            email=f"r{index}@benchmark.example",
            rol=rollen[index % len(rollen)],
            submitted_at=timezone.now(),
        )
        for index in range(respondents)
    )
    Answer.objects.bulk_create(
        Answer(
            respondent=person,
            bouwsteen=bouwsteen,
            current_level=rng.choice([0, 1, 2, 3, 3, 4, 5]),
            desired_level=rng.choice([3, 4, 4, 5]),
            toelichting=rng.choice(["", "", "Een voorbeeld uit de praktijk."]),
        )
        for person in people
        for bouwsteen in bouwstenen
    )
    return round


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    if not Framework.objects.filter(slug="borgingshuis-2023").exists():
        call_command("load_borgingshuis", verbosity=0)
    framework = Framework.objects.get(slug="borgingshuis-2023")
    cleanup()
    organisation = Organisation.objects.create(name="Benchmark", slug=SLUG)
    user = get_user_model().objects.create_user(username="benchmark-lezer")
    Membership.objects.create(organisation=organisation, user=user)
    client = Client()
    client.force_login(user)
    try:
        for respondents in (20, size):
            round = seed(organisation, framework, respondents, f"Benchmark {respondents}")
            url = reverse("assessments:round-report", args=[round.pk])
            client.get(url)  # warm up
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, response.status_code
            query_count = len(queries)  # read now: the next request resets the query log
            page_time, _ = timed(lambda url=url: client.get(url), 5)
            print(
                f"{respondents:4d} respondents: report page {page_time * 1000:.0f} ms, "
                f"{query_count} queries"
            )
            csv_url = reverse("assessments:round-report-csv", args=[round.pk])
            with CaptureQueriesContext(connection) as queries:
                client.get(csv_url)
            csv_queries = len(queries)
            csv_time, _ = timed(lambda csv_url=csv_url: client.get(csv_url), 5)
            print(
                f"{respondents:4d} respondents: CSV {csv_time * 1000:.0f} ms, {csv_queries} queries"
            )

        pdf_url = reverse("assessments:round-report-pdf", args=[round.pk])
        RenderedReport.objects.filter(round=round).delete()
        start = time.perf_counter()
        response = client.get(pdf_url)
        pdf_time = time.perf_counter() - start
        print(f"{size:4d} respondents: PDF rendered via the view in {pdf_time:.2f} s")

        html = render_report_html(build_report(round, house=PRINT_HOUSE))
        with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as handle:
            handle.write(html)
        floor, _ = timed(lambda: render_pdf(Path(handle.name).read_text()), 1)
        os.unlink(handle.name)
        print(
            f"floor: WeasyPrint on the same HTML from a file: {floor:.2f} s "
            f"(view / floor = {pdf_time / floor:.2f})"
        )

        cached_time, response = timed(lambda: client.get(pdf_url), 10)
        print(f"cached PDF served in {cached_time * 1000:.0f} ms ({len(response.content)} bytes)")
    finally:
        cleanup()


def cleanup():
    for round in Round.objects.filter(organisation__slug=SLUG):
        Round.objects.filter(pk=round.pk).update(status=Round.Status.OPEN)
        round.delete()
    Organisation.objects.filter(slug=SLUG).delete()
    get_user_model().objects.filter(username="benchmark-lezer").delete()


if __name__ == "__main__":
    main()
