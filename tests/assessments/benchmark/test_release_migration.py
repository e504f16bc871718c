"""Releases made before issue 28 get, from their basis, who was in which group and the bands
their groups show (migration 0019): no earlier release keeps showing Tukey quartiles."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("assessments", "0018_merged_audit_actions")]
AFTER = [("assessments", "0019_benchmark_release_members_and_bands")]


@pytest.mark.django_db(transaction=True)
def test_an_earlier_release_gets_its_members_and_bands():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    release_model = old_apps.get_model("assessments", "BenchmarkRelease")
    figures = [1.0, 2.0, 2.5, 4.0, 5.0]
    release = release_model.objects.create(
        created_at=timezone.now(),
        k=5,
        organisations=5,
        figures={
            "bh": {
                "name": "Borgingshuis",
                "bouwstenen": {"1": {"all": {"count": 5, "p25": 1.5, "median": 2.5, "p75": 4.5}}},
            }
        },
        basis={
            "contributions": {
                str(n): ["gemeente", "m", {"bh:1": figure}] for n, figure in enumerate(figures)
            },
            "shown": {"bh:1": {"all": {str(n): f for n, f in enumerate(figures)}}},
        },
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    migrated = new_apps.get_model("assessments", "BenchmarkRelease").objects.get(pk=release.pk)
    assert migrated.members["3"] == ["gemeente", "m", ["bh"]]
    # five figures 1, 2, 2.5, 4, 5: the lower median 2.5 lies in band 2; no quartiles
    assert migrated.figures["bh"]["bouwstenen"]["1"]["all"] == {"count": 5, "median": 2}
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
