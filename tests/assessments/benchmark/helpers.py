"""Organisations taking part in the comparison, each with a closed round, for the tests."""

from assessments.benchmark.models import BenchmarkProfile
from assessments.models import Organisation
from assessments.rounds.services import round_close
from tests.factories import make_round, make_submitted_respondent


def make_closed_round(organisation, framework, level=3, people=3, name="Borgingsscan 2026"):
    """A closed round where `people` respondents scored every bouwsteen `level` (desired 4)."""
    round = make_round(organisation=organisation, framework=framework, name=name, status="open")
    for index in range(people):
        make_submitted_respondent(
            round=round,
            rol=("bestuur", "managers", "adviseurs")[index % 3],
            levels=dict.fromkeys(range(1, 12), level),
            desired=dict.fromkeys(range(1, 12), 4),
            name=f"Respondent {index}",
        )
    return round_close(round=round)


def make_peer(framework, slug, *, level=3, kind="gemeente", size="m", opted_in=True):
    """An organisation with a closed round that takes part (unless told otherwise)."""
    organisation = Organisation.objects.create(name=f"Organisatie {slug}", slug=slug, kind=kind)
    BenchmarkProfile.objects.create(organisation=organisation, size_class=size, opted_in=opted_in)
    make_closed_round(organisation, framework, level=level)
    return organisation


def take_part(organisation, size="m"):
    BenchmarkProfile.objects.update_or_create(
        organisation=organisation, defaults={"size_class": size, "opted_in": True}
    )
