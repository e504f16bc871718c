import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Round
from assessments.reporting.tussenstand import tussenstand_released
from assessments.rounds.invitations import respondent_revoke
from assessments.rounds.messages import ReminderSent
from tests.factories import (
    make_action,
    make_answers,
    make_respondent,
    make_round,
    make_scored_round,
    make_submitted_respondent,
)


@pytest.fixture
def round(organisation, framework):
    return make_round(organisation=organisation, framework=framework)


@pytest.fixture
def foreign_round(other_organisation, framework):
    return make_round(organisation=other_organisation, framework=framework, name="Van een ander")


def test_list_needs_login(client):
    response = client.get(reverse("assessments:round-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_list_shows_only_own_rounds(
    client, coordinator, round, foreign_round, django_assert_max_num_queries
):
    client.force_login(coordinator)
    # session, user, rounds with organisation and framework, the organisations the user
    # coordinates (may-create check and nav share it)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("assessments:round-list"))
    page = response.content.decode()
    assert "Borgingsscan 2026" in page
    assert "Van een ander" not in page
    assert "Nieuwe ronde" in page


def test_user_in_two_organisations_sees_both(client, coordinator, round, foreign_round):
    from assessments.models import Membership

    Membership.objects.create(
        organisation=foreign_round.organisation, user=coordinator, role="viewer"
    )
    client.force_login(coordinator)
    page = client.get(reverse("assessments:round-list")).content.decode()
    assert "Borgingsscan 2026" in page and "Van een ander" in page
    assert page.count("Borgingsscan 2026") == 1  # no duplicate rows from the join


def test_viewer_cannot_create(client, colleague):
    client.force_login(colleague)
    assert "Nieuwe ronde" not in client.get(reverse("assessments:round-list")).content.decode()
    assert client.get(reverse("assessments:round-create")).status_code == 404


def test_coordinator_creates_a_round(client, coordinator, organisation, framework):
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:round-create"),
        {
            "organisation": organisation.pk,
            "name": "Borgingsscan 2027",
            "framework": framework.pk,
            "deadline": "2027-03-31",
        },
    )
    round = Round.objects.get(name="Borgingsscan 2027")
    assert response.url == reverse("assessments:round-invite", args=[round.pk])
    assert round.status == Round.Status.CONCEPT
    assert round.deadline == datetime.date(2027, 3, 31)
    assert round.created_by == coordinator


def test_round_for_a_foreign_organisation_is_refused(
    client, coordinator, other_organisation, framework
):
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:round-create"),
        {"organisation": other_organisation.pk, "name": "Inbraak", "framework": framework.pk},
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Round.objects.filter(name="Inbraak").exists()


def test_missing_name_is_reported_in_dutch_at_the_top(client, coordinator, organisation, framework):
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:round-create"),
        {"organisation": organisation.pk, "name": "", "framework": framework.pk},
    )
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'href="#id_name"' in page
    assert page.count("Geef de ronde een naam.") == 2  # summary and next to the field


def test_dashboard_counts_per_role_and_names_for_coordinator_only(
    client,
    coordinator,
    colleague,
    organisation,
    other_organisation,
    framework,
    django_assert_max_num_queries,
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    from django.utils import timezone

    for index, rol in enumerate(["bestuur", "bestuur", "managers", "adviseurs"]):
        respondent = make_respondent(
            round=round,
            rol=rol,
            name=f"Persoon {index}",
            email=f"p{index}@example.org",
            invited_at=timezone.now(),
        )
        if index != 1:
            make_answers(respondent=respondent, levels={1: 3})
            respondent.submitted_at = timezone.now()
            respondent.save()
    make_respondent(round=round, email="weg@example.org", revoked_at=timezone.now())
    # Respondents of another round, of this and of another organisation, stay out.
    sibling = make_round(organisation=organisation, framework=framework, name="Vorig jaar")
    make_respondent(round=sibling, email="vorig@example.org")
    foreign = make_round(organisation=other_organisation, framework=framework, name="Elders")
    make_respondent(round=foreign, email="elders@example.org")

    client.force_login(coordinator)
    # session, user, round, coordinator check, respondents with roles, the organisations
    # the user coordinates (nav)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("assessments:round-detail", args=[round.pk]))
    page = response.content.decode()
    assert "3 van 4" in page and "(75%)" in page
    # invited, opened, sent, revoked, rate
    assert (
        '<th scope="row">Bestuur</th><td>2</td><td>1</td><td>1</td><td>0</td><td>50%</td>' in page
    )
    assert '<th scope="row">Rol nog onbekend</th><td>0</td><td>0</td><td>0</td><td>1</td>' in page
    assert '<th scope="row">Totaal</th><td>4</td><td>3</td><td>3</td><td>1</td><td>75%</td>' in page
    assert "p1@example.org" in page and "Nog niet geopend" in page
    assert "Link intrekken" in page and "Link opnieuw sturen" in page
    assert "vorig@example.org" not in page and "elders@example.org" not in page

    client.force_login(colleague)
    page = client.get(reverse("assessments:round-detail", args=[round.pk])).content.decode()
    assert "3 van 4" in page
    assert "p1@example.org" not in page and "Persoon 1" not in page
    assert "Ronde sluiten" not in page


def test_open_sends_pending_invitations_and_close_freezes(client, coordinator, round, mailoutbox):
    make_respondent(round=round, email="a@example.org")
    client.force_login(coordinator)

    client.post(reverse("assessments:round-open", args=[round.pk]))
    round.refresh_from_db()
    assert round.status == Round.Status.OPEN and round.snapshot
    assert [m.to for m in mailoutbox] == [["a@example.org"]]

    client.post(reverse("assessments:round-answers-close", args=[round.pk]))
    round.refresh_from_db()
    assert round.status == Round.Status.ANSWERS_CLOSED
    client.post(reverse("assessments:round-close", args=[round.pk]))
    round.refresh_from_db()
    assert round.status == Round.Status.CLOSED
    response = client.post(reverse("assessments:round-open", args=[round.pk]), follow=True)
    assert "Deze ronde is gesloten" in response.content.decode()
    round.refresh_from_db()
    assert round.status == Round.Status.CLOSED


def test_a_concept_round_is_not_closed_by_a_post(client, coordinator, round):
    # The page only offers closing an open round; a concept round closed by hand would
    # become "last year's round" for the report and the carried-over actions.
    client.force_login(coordinator)

    response = client.post(reverse("assessments:round-close", args=[round.pk]))

    assert response.url == reverse("assessments:round-detail", args=[round.pk])
    round.refresh_from_db()
    assert round.status == Round.Status.CONCEPT


def test_viewer_cannot_open_or_close(client, colleague, round):
    client.force_login(colleague)
    assert client.post(reverse("assessments:round-open", args=[round.pk])).status_code == 404
    assert client.post(reverse("assessments:round-close", args=[round.pk])).status_code == 404
    round.refresh_from_db()
    assert round.status == Round.Status.CONCEPT


@pytest.mark.parametrize(
    "name, method",
    [
        ("round-detail", "get"),
        ("round-invite", "get"),
        ("round-invite", "post"),
        ("round-open", "post"),
        ("round-close", "get"),
        ("round-close", "post"),
        ("round-remind", "post"),
    ],
)
def test_outsider_gets_404_for_every_round_view(client, outsider, round, name, method):
    client.force_login(outsider)
    response = getattr(client, method)(reverse(f"assessments:{name}", args=[round.pk]))
    assert response.status_code == 404
    round.refresh_from_db()
    assert round.status == Round.Status.CONCEPT
    assert not round.respondents.exists()


def test_unknown_round_id_gives_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("assessments:round-detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("rounds", [1, 12])
def test_list_shows_response_per_round_in_fixed_queries(
    client,
    coordinator,
    organisation,
    framework,
    other_organisation,
    django_assert_max_num_queries,
    rounds,
):
    from assessments.models import Membership

    # A second membership must not double the counts through the join.
    Membership.objects.create(organisation=other_organisation, user=coordinator, role="viewer")
    for number in range(rounds):
        round = make_round(
            organisation=organisation, framework=framework, name=f"Scan {number}", status="open"
        )
        for index in range(3):
            make_respondent(round=round, submitted_at=timezone.now() if index < 2 else None)
        make_respondent(round=round, revoked_at=timezone.now(), submitted_at=timezone.now())
    client.force_login(coordinator)

    # session, user, rounds with organisation and response counts, the organisations the
    # user coordinates (may-create check and nav share it)
    with django_assert_max_num_queries(4):
        page = client.get(reverse("assessments:round-list")).content.decode()

    assert page.count("2 van 3") == rounds
    names = re.findall(r">(Scan \d+)</a>", page)
    assert names == [f"Scan {number}" for number in reversed(range(rounds))]  # newest first
    assert page.count(">Bekijken<") == rounds


def test_closing_answering_then_the_round_asks_for_confirmation_each_time(
    client, coordinator, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    for _ in range(3):
        make_respondent(round=round, submitted_at=timezone.now())
    make_respondent(round=round)
    client.force_login(coordinator)
    answers_close_url = reverse("assessments:round-answers-close", args=[round.pk])
    close_url = reverse("assessments:round-close", args=[round.pk])
    detail = client.get(reverse("assessments:round-detail", args=[round.pk])).content.decode()
    assert f'href="{answers_close_url}"' in detail
    assert client.get(close_url).url == answers_close_url  # first the answering

    page = client.get(answers_close_url).content.decode()

    assert "3 van 4 mensen tellen mee in de cijfers." in page
    assert "Dit kun je niet terugdraaien." in page
    round.refresh_from_db()
    assert round.is_open
    client.post(answers_close_url)
    round.refresh_from_db()
    assert round.status == Round.Status.ANSWERS_CLOSED
    detail = client.get(reverse("assessments:round-detail", args=[round.pk])).content.decode()
    assert f'href="{close_url}"' in detail and "Consensusbijeenkomst" in detail
    assert "Dit kun je niet terugdraaien." in client.get(close_url).content.decode()
    client.post(close_url)
    round.refresh_from_db()
    assert round.is_closed
    assert client.get(close_url).url == reverse("assessments:round-detail", args=[round.pk])


@pytest.mark.parametrize("people", [2, 20])
def test_opening_sends_the_invitations_in_fixed_queries(
    client, coordinator, round, django_assert_max_num_queries, mailoutbox, people
):
    for index in range(people):
        make_respondent(round=round, email=f"p{index}@example.org")
    client.force_login(coordinator)

    # session, user, round (scoped); open: savepoint, lock, closed check, the model texts for
    # the snapshot (framework, niveaus, rollen, scale, bouwstenen, questions), full_clean's
    # foreign-key checks, save, release; whether anyone is invited at all; the pending people
    # with round and organisation, the round's own texts, the two updates of when they were
    # sent (each with its closed-round check)
    with django_assert_max_num_queries(24):
        client.post(reverse("assessments:round-open", args=[round.pk]))

    assert len(mailoutbox) == people


def close_page(client, round):
    url = reverse("assessments:round-answers-close", args=[round.pk])
    return client.get(url).content.decode()


@pytest.mark.parametrize(("late", "warned"), [(0, False), (1, True), (2, True), (3, False)])
def test_closing_answering_says_when_the_last_tussenstand_decides_who_counts(
    client, coordinator, organisation, framework, late, warned
):
    round = make_scored_round(organisation=organisation, framework=framework)
    tussenstand_released(round)  # 9 people in it
    for _ in range(late):
        make_submitted_respondent(round=round, rol="managers", levels={1: 5})
    client.force_login(coordinator)

    page = close_page(client, round)

    assert ('id="close-follows-tussenstand"' in page) is warned
    counted = 9 if warned else 9 + late
    assert f"{counted} van {9 + late} mensen tellen mee" in page


def test_closing_with_fewer_than_the_group_size_says_no_figures_will_come(
    client, coordinator, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    make_submitted_respondent(round=round, rol="managers", levels={1: 5})
    client.force_login(coordinator)

    page = close_page(client, round)

    assert 'id="close-follows-tussenstand"' not in page
    assert 'id="close-too-few"' in page and "0 van 1 mensen tellen mee" in page


def test_the_close_page_counts_add_up_when_a_released_person_was_revoked(
    client, coordinator, organisation, framework
):
    # Issue 26: six released, one revoked since. It read "6 van 5 mensen tellen mee".
    round = make_round(organisation=organisation, framework=framework, status="open")
    people = [
        make_submitted_respondent(round=round, rol="managers", levels={1: 3}) for _ in range(6)
    ]
    tussenstand_released(round)
    respondent_revoke(respondent=people[0])
    client.force_login(coordinator)

    page = close_page(client, round)

    assert "6 van 6 mensen tellen mee" in page
    assert 'id="close-kept"' in page and 'id="close-follows-tussenstand"' not in page


def test_the_close_page_says_the_coordinators_own_answers_count_nowhere(
    client, coordinator, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    for _ in range(3):
        make_submitted_respondent(round=round, rol="managers", levels={1: 3})
    own = make_submitted_respondent(round=round, rol="managers", levels={1: 3})
    own.email = coordinator.email
    own.save(update_fields=["email"])
    client.force_login(coordinator)

    page = close_page(client, round)

    assert "3 van 4 mensen tellen mee" in page
    assert 'id="close-insiders"' in page and "tellen niet mee in de cijfers" in page


def test_the_list_tells_unopened_started_and_complete_but_unsent_apart(
    client, coordinator, organisation, framework, django_assert_max_num_queries
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    invited = {"invited_at": timezone.now()}
    make_respondent(round=round, email="niet-geopend@example.org", **invited)
    started = make_respondent(round=round, rol="bestuur", email="bezig@example.org", **invited)
    make_answers(respondent=started, levels={1: 3, 2: 0})
    complete = make_respondent(round=round, rol="bestuur", email="klaar@example.org", **invited)
    make_answers(respondent=complete, levels=dict.fromkeys(range(1, 12), 3))
    ReminderSent.objects.create(respondent=complete)
    ReminderSent.objects.create(respondent=complete)  # the count is not doubled by the join
    client.force_login(coordinator)

    # session, user, round, coordinator check, respondents with roles, answers and reminders,
    # the organisations the user coordinates (nav)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("assessments:round-detail", args=[round.pk])).content.decode()

    def state(email):
        row = page[page.index(email) :]
        return row[: row.index("</li>")]

    assert "Nog niet geopend" in state("niet-geopend@example.org")
    assert "Bezig, nog niet verstuurd" in state("bezig@example.org")
    assert "Alles ingevuld, nog niet verstuurd" in state("klaar@example.org")


def test_the_close_page_does_not_say_the_actions_are_fixed(
    client, coordinator, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="answers_closed")
    client.force_login(coordinator)

    page = client.get(reverse("assessments:round-close", args=[round.pk])).content.decode()

    assert "acties liggen" not in page
    assert "De acties zelf kun je het hele jaar blijven bijwerken" in page


def test_the_close_page_asks_for_the_meetings_actions_before_closing(
    client, coordinator, outsider, organisation, framework, django_assert_max_num_queries
):
    round = make_round(organisation=organisation, framework=framework, status="answers_closed")
    make_action(round=round, title="Leidraad schrijven")
    client.force_login(coordinator)
    url = reverse("assessments:round-close", args=[round.pk])

    # session, user, round scoped to the coordinator, consensus count, action count, the
    # organisations the user coordinates (nav), the round nav's checks
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()

    assert "Er is 1 verbeteractie vastgelegd." in page
    assert "Leg de acties die jullie afspraken vast vóór je sluit" in page
    assert reverse("assessments:action-list", args=[round.pk]) in page
    client.force_login(outsider)
    assert client.get(url).status_code == 404
