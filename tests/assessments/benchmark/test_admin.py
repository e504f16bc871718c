"""The beheerder's side of the comparison in the admin."""

from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assessments.benchmark.models import BenchmarkRelease, BenchmarkSettings
from assessments.benchmark.tasks import benchmark_release_now
from tests.tasks import run_tasks

from .helpers import make_peer


def test_the_beheerder_asks_for_a_release_now(admin_client, framework):
    for n in range(5):
        make_peer(framework, f"org-{n}")
    settings = BenchmarkSettings.current()
    url = reverse("admin:assessments_benchmarksettings_changelist")
    response = admin_client.post(
        url, {"action": "compute_now", "_selected_action": [settings.pk]}, follow=True
    )
    assert "De worker berekent de vergelijking." in response.content.decode()
    waiting = DBTaskResult.objects.filter(
        task_path=benchmark_release_now.module_path, status=TaskResultStatus.READY
    )
    assert waiting.count() == 1
    assert not BenchmarkRelease.objects.exists()  # the worker makes it, not the request
    run_tasks()
    assert BenchmarkRelease.objects.count() == 1


def test_the_beheerder_switches_the_public_page_on(admin_client, client):
    settings = BenchmarkSettings.current()
    assert client.get(reverse("assessments:benchmark-public")).status_code == 404
    url = reverse("admin:assessments_benchmarksettings_change", args=[settings.pk])
    response = admin_client.post(url, {"k": "2", "public_page": "on"})
    assert response.status_code == 200  # refused: never below 3
    assert not BenchmarkSettings.current().public_page
    admin_client.post(url, {"k": "4", "public_page": "on"})
    assert BenchmarkSettings.current().public_page and BenchmarkSettings.current().k == 4
    page = client.get(reverse("assessments:benchmark-public")).content.decode()
    assert "Er is nog geen vergelijking" in page


def test_releases_and_profiles_are_read_only(admin_client, framework):
    make_peer(framework, "org-1")
    for model in ("benchmarkrelease", "benchmarkprofile"):
        page = admin_client.get(reverse(f"admin:assessments_{model}_changelist"))
        assert page.status_code == 200
        assert admin_client.get(reverse(f"admin:assessments_{model}_add")).status_code == 403
