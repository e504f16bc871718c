"""The demo's Werkorganisatie Drie Dorpen: onderdelen, project scans that tell one story, the
scan of the whole werkorganisatie with bestuur per gemeente, people in two scans, and its
logins seeing only their own organisation."""

import statistics
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from assessments.demo.werkorganisatie import RODE_DRAAD
from assessments.models import (
    Answer,
    AuditEntry,
    ImprovementAction,
    Membership,
    Onderdeel,
    Organisation,
    Respondent,
    Round,
)
from assessments.rodedraad.models import RodeDraad

PROJECTS = {
    "Projectscan Woonvisie 2026": "Woonvisie",
    "Projectscan Energietransitie 2026": "Energietransitie",
    "Projectscan Omgevingsvisies 2026": "Omgevingsvisies",
}
WHOLE = "Borgingsscan Drie Dorpen 2026"


# Each test runs in a transaction that is rolled back; the demo is committed beforehand.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (a few seconds each time); load_demo's output.
    Afterwards the tables are emptied and the model loaded again, as other tests expect."""
    with django_db_blocker.unblock():
        output = StringIO()
        call_command("load_demo", stdout=output)
        yield output.getvalue()
        call_command("flush", interactive=False, verbosity=0)
        call_command("load_borgingshuis", stdout=StringIO())


def _rounds():
    return {
        round.name: round
        for round in Round.objects.filter(organisation__slug="drie-dorpen").select_related(
            "onderdeel"
        )
    }


def _medians(round, number):
    """The median current level per rol code of the people who sent, "weet ik niet" left out."""
    levels = {}
    answers = Answer.objects.filter(
        respondent__round=round,
        respondent__submitted_at__isnull=False,
        bouwsteen__number=number,
        current_level__gt=0,
    ).values_list("respondent__rol__code", "current_level")
    for rol, level in answers:
        levels.setdefault(rol, []).append(level)
    return {rol: statistics.median(values) for rol, values in levels.items()}


def test_the_werkorganisatie_has_three_gemeenten_and_three_projects_as_onderdelen(demo):
    organisation = Organisation.objects.get(slug="drie-dorpen")
    onderdelen = set(organisation.onderdelen.values_list("kind", "name"))

    assert organisation.name == "Werkorganisatie Drie Dorpen"
    assert onderdelen == {
        ("gemeente", "Aaveen"),
        ("gemeente", "Beekum"),
        ("gemeente", "Ceedam"),
        ("vraagstuk", "Woonvisie"),
        ("vraagstuk", "Energietransitie"),
        ("vraagstuk", "Omgevingsvisies"),
    }
    assert "Werkorganisatie Drie Dorpen, voor de gemeenten Aaveen, Beekum en Ceedam" in demo
    assert "Code van de organisatie: drie-dorpen (haar pagina: /organisaties/drie-dorpen/)" in demo
    assert "gebruikersnaam demo-werkorganisatie, wachtwoord demo-werkorganisatie-2026" in demo
    assert (
        "gebruikersnaam demo-werkorganisatie-lezer, wachtwoord demo-werkorganisatie-lezer-2026"
        in demo
    )
    roles = dict(
        Membership.objects.filter(organisation=organisation).values_list("user__username", "role")
    )
    assert roles == {"demo-werkorganisatie": "coordinator", "demo-werkorganisatie-lezer": "viewer"}


def test_each_project_scan_is_closed_for_its_project_and_asks_the_vraagstuk_bouwstenen(demo):
    rounds = _rounds()

    for name, project in PROJECTS.items():
        round = rounds[name]
        assert round.is_closed and round.onderdeel.name == project
        assert round.onderdeel.kind == Onderdeel.Kind.VRAAGSTUK
        assert {3, 6, 8} <= set(round.asked_bouwstenen) and len(round.asked_bouwstenen) <= 5
        answered = set(
            Answer.objects.filter(respondent__round=round).values_list(
                "bouwsteen__number", flat=True
            )
        )
        assert answered == set(round.asked_bouwstenen)
        people = Respondent.objects.filter(round=round)
        assert 8 <= people.count() <= 12
        assert set(people.values_list("rol__code", flat=True)) == {
            "bestuur",
            "managers",
            "adviseurs",
        }
        assert Answer.objects.filter(respondent__round=round).exclude(toelichting="").exists()
        assert round.stored_releases.exists()  # released through round_answers_close
        assert AuditEntry.objects.filter(round=round).count() >= 3  # opened, answers, closed


def test_the_project_scans_share_their_knelpunten_and_disagree_about_advice(demo):
    rounds = _rounds()

    for name in PROJECTS:
        for number in (3, 6):  # kaders per vraagstuk, participatie in the werkproces
            assert min(_medians(rounds[name], number).values()) <= 2, (name, number)
    woonvisie = _medians(rounds["Projectscan Woonvisie 2026"], 8)
    energie = _medians(rounds["Projectscan Energietransitie 2026"], 8)
    assert woonvisie["adviseurs"] - energie["adviseurs"] >= 2
    knelpunten = ImprovementAction.objects.filter(round__name__in=PROJECTS)
    assert {action.bouwsteen.number for action in knelpunten} >= {3, 6}
    assert knelpunten.values("round").distinct().count() == 3


def test_the_whole_scan_shows_bestuur_of_two_gemeenten_and_not_of_the_smallest(demo):
    round = _rounds()[WHOLE]
    people = Respondent.objects.filter(round=round, submitted_at__isnull=False)
    per_gemeente = {
        name: people.filter(rol__code="bestuur", gemeente__name=name).count()
        for name in ("Aaveen", "Beekum", "Ceedam")
    }

    assert round.is_closed and round.is_whole_organisation
    big_enough = [name for name, count in per_gemeente.items() if count >= round.min_group_size]
    assert sorted(big_enough) == ["Aaveen", "Beekum"]
    assert 0 < per_gemeente["Ceedam"] < round.min_group_size
    assert not people.exclude(rol__code="bestuur").filter(gemeente__isnull=False).exists()
    assert set(
        Answer.objects.filter(respondent__round=round).values_list("bouwsteen__number", flat=True)
    ) == set(range(1, 12))


def test_people_of_each_project_scan_answered_the_whole_scan_too(demo):
    rounds = _rounds()
    whole = set(Respondent.objects.filter(round=rounds[WHOLE]).values_list("email", flat=True))

    for name in PROJECTS:
        emails = set(Respondent.objects.filter(round=rounds[name]).values_list("email", flat=True))
        assert len(emails & whole) >= 2, name
    assert "a.vandam@driedorpen.example" in whole


def test_two_project_scans_are_open_at_the_same_time(demo):
    open_rounds = Round.objects.filter(organisation__slug="drie-dorpen", status=Round.Status.OPEN)

    assert {round.onderdeel.name for round in open_rounds} == {"Woonvisie", "Energietransitie"}
    for round in open_rounds:
        people = Respondent.objects.filter(round=round)
        assert 0 < people.filter(submitted_at__isnull=False).count() < people.count()
        assert round.deadline


def test_load_demo_a_second_time_changes_nothing_in_the_werkorganisatie(demo):
    def state():
        organisation = Organisation.objects.get(slug="drie-dorpen")
        rounds = Round.objects.filter(organisation=organisation)
        return (
            list(rounds.order_by("pk").values_list("pk", "status", "closed_at", "deadline")),
            Onderdeel.objects.filter(organisation=organisation).count(),
            Respondent.objects.filter(round__in=rounds).count(),
            Answer.objects.filter(respondent__round__in=rounds).count(),
            ImprovementAction.objects.filter(round__in=rounds).count(),
            AuditEntry.objects.filter(organisation=organisation).count(),
            Membership.objects.filter(organisation=organisation).count(),
        )

    before = state()
    call_command("load_demo", stdout=StringIO())

    assert state() == before


def test_privacy_check_pins_nobody_in_the_werkorganisatie_rounds(demo):
    rounds = Round.objects.filter(organisation__slug="drie-dorpen").exclude(
        status=Round.Status.CONCEPT
    )

    assert rounds.count() == 6
    for round in rounds:
        output = StringIO()
        call_command("privacy_check", str(round.pk), stdout=output)
        assert "Niemands niveau ligt vast." in output.getvalue(), round.name


@pytest.mark.parametrize(
    ("username", "own", "other"),
    [
        ("demo-werkorganisatie", "drie-dorpen", "voorbeeld"),
        ("demo-coordinator", "voorbeeld", "drie-dorpen"),
        ("demo-werkorganisatie-lezer", "drie-dorpen", "voorbeeld"),
    ],
)
def test_a_demo_login_sees_nothing_of_the_other_organisation(demo, client, username, own, other):
    client.force_login(get_user_model().objects.get(username=username))
    theirs = Round.objects.filter(organisation__slug=other, status=Round.Status.CLOSED).first()
    mine = Round.objects.filter(organisation__slug=own, status=Round.Status.CLOSED).first()

    for name in ("organisation-overview", "action-plan", "organisation-audit"):
        assert client.get(reverse(f"assessments:{name}", args=[other])).status_code == 404
        assert client.get(reverse(f"assessments:{name}", args=[own])).status_code == 200
    for name in ("round-detail", "round-report"):
        assert client.get(reverse(f"assessments:{name}", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("assessments:round-report", args=[mine.pk])).status_code == 200
    listed = client.get(reverse("assessments:round-list")).content.decode()
    assert theirs.name not in listed and mine.name in listed


def test_the_rode_draad_is_made_over_the_three_project_scans(demo):
    rode_draad = RodeDraad.objects.get(organisation__slug="drie-dorpen", name=RODE_DRAAD)

    assert {round.name for round in rode_draad.rounds.all()} == set(PROJECTS)
    assert rode_draad.created_by.username == "demo-werkorganisatie"


def test_every_page_of_the_werkorganisatie_opens_for_its_coordinator(demo, client):
    client.force_login(get_user_model().objects.get(username="demo-werkorganisatie"))
    paths = [
        reverse(f"assessments:{name}", args=["drie-dorpen"])
        for name in ("organisation-overview", "action-plan", "organisation-audit")
    ]
    for round in Round.objects.filter(organisation__slug="drie-dorpen"):
        paths += [
            reverse(f"assessments:{name}", args=[round.pk])
            for name in ("round-detail", "round-report")
        ]

    assert len(paths) == 3 + 2 * 6
    for path in paths:
        assert client.get(path).status_code == 200, path
