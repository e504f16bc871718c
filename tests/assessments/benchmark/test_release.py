"""Releases of the comparison from the database (services.benchmark_release_make): what is
read, when a release is made, and that its reads do not grow with the organisations."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assessments.benchmark.models import BenchmarkRelease, BenchmarkSettings
from assessments.benchmark.selectors import read_contributions, window_start
from assessments.benchmark.services import benchmark_release_make
from assessments.benchmark.tasks import benchmark_release_weekly, schedule_next_run
from assessments.models import Consensus, Round
from assessments.reporting.models import RenderedReport
from bouwstenen.models import Bouwsteen
from tests.tasks import run_tasks

from .helpers import make_closed_round, make_peer


@pytest.fixture
def five(framework):
    return [make_peer(framework, f"org-{n}", level=1 + n) for n in range(5)]


def test_the_window_is_24_months():
    now = timezone.make_aware(datetime.datetime(2026, 12, 5, 10))
    assert window_start(now) == timezone.make_aware(datetime.datetime(2024, 12, 5, 10))


def test_a_release_needs_five_organisations(framework):
    for n in range(4):
        make_peer(framework, f"org-{n}")
    assert benchmark_release_make() is None
    assert not BenchmarkRelease.objects.exists()


def test_a_release_holds_the_median_band_of_all(five, framework):
    release = benchmark_release_make()
    assert release.organisations == 5 and release.k == 5
    all_ = release.figures[framework.lineage]["bouwstenen"]["1"]["all"]
    assert all_ == {"count": 5, "median": 3}  # 1..5: the median 3, in band "3 tot 4"
    assert release.figures[framework.lineage]["name"] == framework.name


def test_the_consensus_level_is_the_figure_where_set(five, framework):
    round = Round.objects.get(organisation=five[0])
    # a plain QuerySet: the round is closed (as if agreed before closing)
    models.QuerySet(Consensus).bulk_create(
        [
            Consensus(
                round=round, bouwsteen=Bouwsteen.objects.get(framework=framework, number=2), level=5
            )
        ]
    )
    contributions, _names = read_contributions()
    assert contributions[five[0].pk].figures[f"{framework.lineage}:2"] == 5.0
    assert contributions[five[0].pk].figures[f"{framework.lineage}:1"] == 1.0


def test_only_the_latest_closed_round_within_24_months_counts(five, framework):
    newer = make_closed_round(five[0], framework, level=5, name="Borgingsscan 2027")
    contributions, _names = read_contributions()
    assert contributions[five[0].pk].figures[f"{framework.lineage}:1"] == 5.0
    later = newer.closed_at + datetime.timedelta(days=800)
    contributions, _names = read_contributions(now=later)
    assert contributions == {}


def test_organisations_not_taking_part_are_left_out(five, framework):
    make_peer(framework, "niet-mee", opted_in=False)
    contributions, _names = read_contributions()
    assert len(contributions) == 5


def test_hidden_figures_of_a_small_round_are_not_shared(five, framework, organisation):
    from .helpers import take_part

    make_closed_round(organisation, framework, people=2)  # below its group size of 3
    take_part(organisation)
    contributions, _names = read_contributions()
    assert organisation.pk not in contributions


def test_no_new_release_until_five_organisations_changed(five, framework):
    assert benchmark_release_make() is not None
    for n in range(4):
        make_peer(framework, f"nieuw-{n}")
    assert benchmark_release_make() is None
    make_peer(framework, "nieuw-4")
    second = benchmark_release_make()
    assert second is not None and second.organisations == 10
    assert BenchmarkRelease.objects.count() == 2


def test_the_threshold_of_the_beheerder_is_used_but_never_below_three(framework):
    for n in range(3):
        make_peer(framework, f"org-{n}")
    BenchmarkSettings.objects.create(pk=1, k=3)
    assert benchmark_release_make().k == 3
    assert benchmark_release_make(k=1) is None  # nothing changed; and k=1 is read as 3


def test_a_release_forgets_the_keys_of_stored_pdfs_of_those_taking_part(five):
    round = Round.objects.get(organisation=five[0])
    RenderedReport.objects.update_or_create(
        round=round, language="nl", defaults={"fingerprint": "abc"}
    )
    benchmark_release_make()
    assert RenderedReport.objects.get(round=round).fingerprint == ""


def test_the_reads_do_not_grow_with_the_organisations(framework, django_assert_max_num_queries):
    for n in range(5):
        make_peer(framework, f"a-{n}")
    benchmark_release_make()  # the first: it also makes the settings row
    for n in range(5):
        make_peer(framework, f"b-{n}")
    # the settings row, the contributions (rounds, bouwstenen, the rounds' group sizes,
    # bouwstenen, answers, consensus, frameworks), earlier releases, and the insert and the
    # PDF keys in a transaction (savepoints)
    with django_assert_max_num_queries(13) as few:
        assert benchmark_release_make() is not None
    for n in range(15):
        make_peer(framework, f"c-{n}")
    with django_assert_max_num_queries(13) as many:
        assert benchmark_release_make() is not None
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_weekly_task_makes_a_release_and_queues_the_next(five):
    assert schedule_next_run()
    assert not schedule_next_run()  # one waits already
    benchmark_release_weekly.enqueue()
    run_tasks()
    assert BenchmarkRelease.objects.count() == 1
    waiting = DBTaskResult.objects.filter(
        task_path=benchmark_release_weekly.module_path, status=TaskResultStatus.READY
    )
    assert waiting.count() == 1  # next week's, queued once


def test_the_command_makes_a_release(five):
    out = StringIO()
    call_command("benchmark_release", stdout=out)
    assert "5 organisaties" in out.getvalue()
    out = StringIO()
    call_command("benchmark_release", stdout=out)
    assert "Geen nieuwe vergelijking" in out.getvalue()


def test_versions_of_one_model_are_compared_by_bouwsteen_number(five, framework):
    """An organisation whose latest round is on a newer version of the model is compared
    with those on the older one; a round on another model is not."""
    from bouwstenen.models import Framework
    from bouwstenen.services import framework_copy

    newer = framework_copy(framework=framework)
    Framework.objects.filter(pk=newer.pk).update(is_published=True)
    make_closed_round(five[0], newer, level=5, name="Borgingsscan 2027")
    contributions, names = read_contributions()
    assert contributions[five[0].pk].figures[f"{framework.lineage}:1"] == 5.0
    assert set(names) == {framework.lineage}
    other = framework_copy(framework=framework)
    Framework.objects.filter(pk=other.pk).update(
        lineage="ander-model", name="Ander model", is_published=True
    )
    other.refresh_from_db()
    make_closed_round(five[1], other, level=4, name="Waardenscan")
    contributions, names = read_contributions()
    assert set(names) == {framework.lineage, other.lineage}
    assert contributions[five[1].pk].figures[f"{framework.lineage}:1"] == 2.0  # its own
    assert f"{other.lineage}:1" in contributions[five[1].pk].figures
