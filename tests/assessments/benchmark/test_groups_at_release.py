"""Groups fixed at release time: a release stores who was in which group, and an organisation
sees only the groups it was in at that release. Breaks if a profile change on the settings
page shows at once the groups of the new profile (their members' figures)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.benchmark.services import benchmark_release_make
from assessments.models import Membership
from tests.conftest import make_member

from .helpers import make_closed_round, make_peer, take_part


@pytest.fixture
def compared(framework, organisation):
    """Gemeente Testdorp (middelgroot) and four other gemeenten, and five large provinces."""
    round = make_closed_round(organisation, framework, level=4)
    take_part(organisation)
    for n in range(4):
        make_peer(framework, f"gemeente-{n}", level=1 + n)
    for n in range(5):
        make_peer(framework, f"provincie-{n}", level=1 + n, kind="provincie", size="l")
    release = benchmark_release_make()
    assert "provincie/l" in release.figures[framework.lineage]["bouwstenen"]["1"]
    assert release.members[str(organisation.pk)][:2] == ["gemeente", "m"]
    return round


def become_a_large_province(client, organisation):
    url = reverse("assessments:organisation-benchmark", args=[organisation.slug])
    data = {"kind": "provincie", "size_class": "l", "opted_in": "on"}
    assert client.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.kind == "provincie"


def test_a_profile_change_shows_no_group_of_the_new_profile_on_the_report(
    client, coordinator, compared, organisation
):
    client.force_login(coordinator)
    become_a_large_province(client, organisation)
    page = client.get(reverse("assessments:round-report", args=[compared.pk])).content.decode()
    assert "Vergelijking met andere organisaties" in page
    assert "Gemeente, middelgroot (5 organisaties)" in page  # the group it was in
    assert "Provincie" not in page


def test_a_profile_change_shows_no_group_of_the_new_profile_in_the_workbook(
    client, coordinator, compared, organisation
):
    client.force_login(coordinator)
    become_a_large_province(client, organisation)
    response = client.get(reverse("assessments:round-report-xlsx", args=[compared.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["Vergelijking"]
    groups = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert groups == {"Gemeente, middelgroot"}


def test_the_next_release_counts_the_new_profile(
    client, coordinator, compared, organisation, framework
):
    client.force_login(coordinator)
    become_a_large_province(client, organisation)
    for n in range(5):  # enough change for a new release
        make_peer(framework, f"later-{n}", level=2, kind="waterschap", size="s")
    release = benchmark_release_make()
    assert release.members[str(organisation.pk)][:2] == ["provincie", "l"]
    page = client.get(reverse("assessments:round-report", args=[compared.pk])).content.decode()
    # provinces now number six, one more than shown before: the rules hold that group back
    assert "Vergelijking met andere organisaties" in page
    assert "Alle organisaties: te weinig vergelijkbare organisaties voor een eigen groep" in page
    assert "Gemeente, middelgroot" not in page


def test_an_organisation_that_joined_after_the_release_sees_no_group(client, compared, framework):
    later = make_peer(framework, "later", level=3)
    round = later.rounds.get()
    client.force_login(make_member(later, "later-coordinator", Membership.Role.COORDINATOR))
    page = client.get(reverse("assessments:round-report", args=[round.pk])).content.decode()
    assert "er is nog geen vergelijking waarin jullie meetellen" in page
    assert "comparison-table" not in page
