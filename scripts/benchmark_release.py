"""Benchmark the comparison's release (issues 20 and 28): the release the worker computes for
ORGANISATIONS organisations taking part, each with 3 closed rounds of 50 respondents, in CPU
seconds, and its queries against a tenth of the organisations (they must be the same). The
first release is made for the tenth; the one measured for all comes after it, so it also
checks every group against the first release's (the rules' history), stores who was in which
group and the bands each group shows, as the weekly release does.

    DJANGO_DEVELOPMENT=1 .venv/bin/python scripts/benchmark_release.py [ORGANISATIONS]

Runs in a throwaway SQLite database of its own (unless DATABASE_URL names one; then it seeds
there and removes what it seeded). Target: 650 organisations in under 60 s of CPU, with
queries flat in the number of organisations.
"""

import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borgingshuis.settings")
OWN_DATABASE = "DATABASE_URL" not in os.environ
if OWN_DATABASE:
    WORK = tempfile.mkdtemp(prefix="benchmark-release-")
    os.environ["DATABASE_URL"] = f"sqlite:///{WORK}/release.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from assessments.benchmark.models import (  # noqa: E402
    BenchmarkProfile,
    BenchmarkRelease,
    BenchmarkSettings,
)
from assessments.benchmark.services import benchmark_release_make  # noqa: E402
from assessments.models import Answer, Organisation, Respondent, Round  # noqa: E402
from bouwstenen.models import Bouwsteen, Framework, Rol  # noqa: E402

PREFIX = "bench-release-"
ROUNDS, RESPONDENTS = 3, 50
KINDS = [choice for choice, _label in Organisation.Kind.choices]


def seed(count: int, framework, start: int = 0) -> None:
    """`count` organisations taking part, each with ROUNDS closed rounds a year apart of
    RESPONDENTS people who all answered every bouwsteen. Written in bulk (past the freeze:
    these are the script's own closed rounds)."""
    rng = random.Random(count + start)
    now = timezone.now()
    bouwstenen = list(Bouwsteen.objects.filter(framework=framework))
    rollen = list(Rol.objects.filter(framework=framework))
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Organisatie {n}", slug=f"{PREFIX}{n}", kind=rng.choice(KINDS))
        for n in range(start, start + count)
    )
    BenchmarkProfile.objects.bulk_create(
        BenchmarkProfile(organisation=o, size_class=rng.choice("sml"), opted_in=True)
        for o in organisations
    )
    rounds = models.QuerySet(Round).bulk_create(
        Round(
            organisation=organisation,
            framework=framework,
            name=f"Scan {year}",
            status=Round.Status.CLOSED,
            closed_at=now - timedelta(days=2 + 365 * year),
        )
        for organisation in organisations
        for year in range(ROUNDS)
    )
    people = models.QuerySet(Respondent).bulk_create(
        Respondent(
            round=round,
            email=f"r{index}@{round.organisation.slug}.example",
            rol=rollen[index % len(rollen)],
            submitted_at=now,
            counted=True,  # as closing answering marks them
        )
        for round in rounds
        for index in range(RESPONDENTS)
    )
    shift = {o.pk: rng.choice([-1, 0, 0, 1]) for o in organisations}
    models.QuerySet(Answer).bulk_create(
        (
            Answer(
                respondent=person,
                bouwsteen=bouwsteen,
                current_level=min(5, max(0, rng.choice([1, 2, 3, 3, 4]) + shift[organisation])),
                desired_level=rng.choice([3, 4, 4, 5]),
            )
            for person, organisation in ((p, p.round.organisation_id) for p in people)
            for bouwsteen in bouwstenen
        ),
        batch_size=5000,
    )


def measure(label: str, made: list):
    """One release, as the worker computes it (releases are append-only: each comes after
    the ones before)."""
    with CaptureQueriesContext(connection) as queries:
        cpu, wall = time.process_time(), time.perf_counter()
        release = benchmark_release_make()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    made.append(release.pk)
    groups = sum(len(b) for f in release.figures.values() for b in f["bouwstenen"].values())
    print(
        f"{label}: {release.organisations} organisations, {cpu:.1f} s CPU "
        f"({wall:.1f} s wall), {len(queries.captured_queries)} queries, "
        f"{groups} groups shown over the bouwstenen, {len(release.members)} members stored"
    )
    return cpu, len(queries.captured_queries)


def cleanup() -> None:
    rounds = Round.objects.filter(organisation__slug__startswith=PREFIX)
    models.QuerySet(Answer).filter(respondent__round__in=rounds).delete()
    models.QuerySet(Respondent).filter(round__in=rounds).delete()
    models.QuerySet(Round).filter(pk__in=rounds).delete()
    Organisation.objects.filter(slug__startswith=PREFIX).delete()


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 650
    call_command("migrate", verbosity=0)
    if not Framework.objects.filter(slug="borgingshuis-2023").exists():
        call_command("load_borgingshuis", verbosity=0)
    framework = Framework.objects.get(slug="borgingshuis-2023")
    BenchmarkSettings.current()  # made once, so both measurements read the same
    cleanup()
    made: list[int] = []
    try:
        small = max(total // 10, 5)
        started = time.perf_counter()
        seed(small, framework)
        few_cpu, few_queries = measure(f"{small:>4}", made)
        seed(total - small, framework, start=small)
        seeded = time.perf_counter() - started
        print(f"(seeded {total} x {ROUNDS} rounds x {RESPONDENTS} in {seeded:.0f} s)")
        cpu, queries = measure(f"{total:>4}", made)
        # the second release also reads the first one's basis: in the same one query
        flat = "yes" if few_queries == queries else "NO"
        print(f"target: under 60 s CPU: {'yes' if cpu < 60 else 'NO'}; ")
        print(f"queries flat ({few_queries}, and {queries} with one earlier release): {flat}")
    finally:
        if not OWN_DATABASE:
            # the script's own releases of its own seeded organisations, in someone's database:
            # removed past the append-only QuerySet, as a test database is thrown away
            models.QuerySet(BenchmarkRelease).filter(pk__in=made).delete()
        cleanup()


if __name__ == "__main__":
    main()
