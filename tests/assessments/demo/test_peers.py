"""The demo's peers: eight more organisations taking part, a release, and demo-begeleider."""

from io import StringIO

from django.core.management import call_command

from assessments.benchmark.comparison import comparison_for_report
from assessments.benchmark.models import BenchmarkProfile, BenchmarkRelease
from assessments.models import Membership, Organisation, Round
from assessments.reporting.report import build_report


def test_the_demo_compares_gemeente_voorbeeld_with_eight_others(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=StringIO())  # twice: nothing more
    assert BenchmarkProfile.objects.filter(opted_in=True).count() == 9
    assert set(Organisation.objects.values_list("kind", flat=True)) == {
        "gemeente",
        "provincie",
        "waterschap",
        "corporatie",
        "zorg_welzijn",
    }
    assert BenchmarkRelease.objects.count() == 1
    round = Round.objects.select_related("organisation").get(
        organisation__slug="voorbeeld", name="Borgingsscan 2026"
    )
    comparison = comparison_for_report(build_report(round))
    assert len(comparison.rows) == 11
    assert comparison.rows[0].count == 9
    linked = Membership.objects.filter(
        user__username="demo-begeleider", role=Membership.Role.BEGELEIDER
    )
    assert linked.count() == 3
    assert "demo-begeleider-2026" in out.getvalue()
