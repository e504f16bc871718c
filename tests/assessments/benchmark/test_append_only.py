"""Releases are append-only: no path changes or deletes a stored release, so the rules'
history (every content shown before) survives. Breaks if any of model, queryset or admin lets
a release go."""

import pytest
from django.urls import reverse

from assessments.benchmark.models import BenchmarkRelease, ReleaseAppendOnly
from assessments.benchmark.services import benchmark_release_make

from .helpers import make_peer


@pytest.fixture
def release(framework):
    for n in range(5):
        make_peer(framework, f"org-{n}", level=1 + n % 3)
    return benchmark_release_make()


def test_a_release_refuses_to_be_deleted(release):
    with pytest.raises(ReleaseAppendOnly):
        release.delete()
    with pytest.raises(ReleaseAppendOnly):
        BenchmarkRelease.objects.all().delete()
    with pytest.raises(ReleaseAppendOnly):
        BenchmarkRelease.objects.filter(pk=release.pk)._raw_delete("default")
    assert BenchmarkRelease.objects.filter(pk=release.pk).exists()


def test_a_release_refuses_to_be_changed(release):
    release.k = 3
    with pytest.raises(ReleaseAppendOnly):
        release.save()
    with pytest.raises(ReleaseAppendOnly):
        BenchmarkRelease.objects.filter(pk=release.pk).update(k=3)
    with pytest.raises(ReleaseAppendOnly):
        BenchmarkRelease.objects.bulk_update([release], ["k"])
    assert BenchmarkRelease.objects.get(pk=release.pk).k == 5


def test_the_admin_neither_deletes_nor_changes_a_release(admin_client, release):
    delete = reverse("admin:assessments_benchmarkrelease_delete", args=[release.pk])
    assert admin_client.get(delete).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:assessments_benchmarkrelease_changelist")
    page = admin_client.get(changelist).content.decode()
    assert "delete_selected" not in page
    admin_client.post(changelist, {"action": "delete_selected", "_selected_action": [release.pk]})
    change = reverse("admin:assessments_benchmarkrelease_change", args=[release.pk])
    admin_client.post(change, {"k": "3", "organisations": "1"})
    assert BenchmarkRelease.objects.get(pk=release.pk).k == 5
