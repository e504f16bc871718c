"""The action plan lives on after a round closes: progress with history, overdue marks, the
organisation's plan over all rounds, and the closed round's report as it was at closing."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from assessments.actions.services import action_progress_add, action_save, actions_carry_over
from assessments.models import ActionUpdate, ImprovementAction, RenderedActionPlan
from assessments.reporting.report import NO_HOUSE, build_report
from assessments.rounds.services import round_close, round_open
from bouwstenen.models import Bouwsteen
from tests.factories import make_action, make_round
from tests.tasks import download_pdf, queued, served_pdf

DONE, IN_PROGRESS = ImprovementAction.Status.DONE, ImprovementAction.Status.IN_PROGRESS


@pytest.fixture
def closed_round(organisation, framework):
    round = make_round(
        organisation=organisation, framework=framework, name="Scan 2026", status="open"
    )
    make_action(round=round, title="Training", due_date=datetime.date(2027, 3, 1))
    return round_close(round=round)


def progress_url(action):
    return reverse("assessments:action-progress", args=[action.round_id, action.pk])


def test_coordinator_notes_progress_on_an_action_of_a_closed_round(
    client, coordinator, closed_round
):
    action = closed_round.actions.get()
    with time_machine.travel(datetime.datetime(2027, 4, 2, 10, tzinfo=datetime.UTC), tick=False):
        client.force_login(coordinator)
        response = client.post(
            progress_url(action), {"status": IN_PROGRESS, "note": "Eerste sessie gehouden."}
        )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == IN_PROGRESS
    update = action.updates.get()
    assert (update.status, update.note, update.author) == (
        IN_PROGRESS,
        "Eerste sessie gehouden.",
        coordinator,
    )
    assert update.created_at.date() == datetime.date(2027, 4, 2)
    page = client.get(progress_url(action)).content.decode()
    assert "Eerste sessie gehouden." in page
    assert "2 april 2027" in page


def test_a_note_without_a_new_status_is_kept_and_the_status_stays(coordinator, closed_round):
    action = closed_round.actions.get()

    action_progress_add(
        action=action, status=action.status, note="Offerte gevraagd.", user=coordinator
    )

    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.PLANNED
    assert list(action.updates.values_list("status", "note")) == [("", "Offerte gevraagd.")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"status": "planned", "note": "  "},
            "Kies een andere status of schrijf wat er gebeurd is.",
        ),
        ({"status": "gestopt", "note": "x"}, "Kies een status uit de lijst."),
        ({"status": "done", "note": "x" * 2001}, "Schrijf hoogstens 2000 tekens."),
    ],
)
def test_bad_progress_is_refused_next_to_the_field_and_nothing_changes(
    client, coordinator, closed_round, data, message
):
    action = closed_round.actions.get()
    client.force_login(coordinator)

    response = client.post(progress_url(action), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.PLANNED
    assert not ActionUpdate.objects.exists()


def test_a_status_change_on_another_organisations_action_gives_404(client, outsider, closed_round):
    action = closed_round.actions.get()
    client.force_login(outsider)

    response = client.post(progress_url(action), {"status": DONE, "note": ""})

    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.PLANNED


def test_a_viewer_reads_the_plan_but_cannot_note_progress(
    client, colleague, organisation, closed_round
):
    action = closed_round.actions.get()
    client.force_login(colleague)

    plan = client.get(reverse("assessments:action-plan", args=[organisation.slug]))

    assert "Training" in plan.content.decode()
    assert "Voortgang" not in plan.content.decode()
    assert client.get(progress_url(action)).status_code == 404


@pytest.mark.parametrize("name", ["action-plan", "action-plan-pdf", "action-plan-download"])
def test_outsider_gets_404_on_the_plan_pages(client, outsider, organisation, closed_round, name):
    client.force_login(outsider)

    response = client.get(reverse(f"assessments:{name}", args=[organisation.slug]))

    assert response.status_code == 404
    assert not RenderedActionPlan.objects.exists()  # nothing queued for the outsider


def test_a_new_action_and_each_status_change_are_kept_in_its_history(coordinator, closed_round):
    action = closed_round.actions.get()
    fresh = ImprovementAction(
        round=closed_round, bouwsteen=action.bouwsteen, owner_rol=action.owner_rol, title="Nieuw"
    )

    action_save(action=fresh, user=coordinator)
    fresh.status = DONE
    action_save(action=fresh, user=coordinator)
    fresh.title = "Nieuw, andere naam"
    action_save(action=fresh, user=coordinator)

    assert sorted(fresh.updates.values_list("status", flat=True)) == [DONE, "planned"]


def test_the_plan_groups_live_actions_by_line_and_marks_the_overdue_ones(
    client, coordinator, organisation, framework, closed_round, django_assert_max_num_queries
):
    now = make_round(
        organisation=organisation, framework=framework, name="Scan 2027", status="open"
    )
    [copy] = actions_carry_over(from_round=closed_round, to_round=now)
    make_action(
        round=now, title="Leidraad", line="ontwikkelen", due_date=datetime.date(2027, 12, 1)
    )
    for index in range(10):
        make_action(round=now, title=f"Intervisie {index}", line="samen_ervaren")
    with time_machine.travel(datetime.date(2027, 6, 1), tick=False):
        client.force_login(coordinator)
        # session, user, organisation, the nav's organisations, actions with bouwsteen, rol,
        # round and origin, their copies, their history, the rounds the carried ones began in
        with django_assert_max_num_queries(8):
            page = client.get(reverse("assessments:action-plan", args=[organisation.slug]))

    html = page.content.decode()
    lines = [html.index(label) for label in ("Actief leren", "Samen ervaren", "Ontwikkelen")]
    assert lines == sorted(lines)
    # the carried original is there once, in its copy, and overdue since 1 March
    assert html.count(">Training<") == 1
    assert "Uit Scan 2026" in html and "Overgenomen uit Scan 2026" in html
    assert html.count("Te laat") == 1
    assert "1 te laat" in html


def test_an_action_carried_over_twice_names_the_round_it_began_in(
    client, colleague, organisation, framework, closed_round, django_assert_max_num_queries
):
    middle = make_round(organisation=organisation, framework=framework, name="Scan 2027")
    actions_carry_over(from_round=closed_round, to_round=middle)
    middle = round_close(round=round_open(round=middle))
    latest = make_round(organisation=organisation, framework=framework, name="Scan 2028")
    actions_carry_over(from_round=middle, to_round=latest)
    client.force_login(colleague)

    # session, user, organisation, the nav's organisations, actions with bouwsteen, rol,
    # round and origin, their copies, their history, the rounds the carried ones began in
    with django_assert_max_num_queries(8):
        html = client.get(reverse("assessments:action-plan", args=[organisation.slug]))
    html = html.content.decode()

    assert html.count(">Training<") == 1
    assert "Uit Scan 2026" in html
    assert "Uit Scan 2028" not in html
    assert "Overgenomen uit Scan 2027" in html


def test_a_carried_original_is_followed_in_its_copy(
    coordinator, organisation, framework, closed_round
):
    now = make_round(
        organisation=organisation, framework=framework, name="Scan 2027", status="open"
    )
    actions_carry_over(from_round=closed_round, to_round=now)
    original = closed_round.actions.get()

    with pytest.raises(Exception, match="loopt verder in Scan 2027"):
        action_progress_add(action=original, status=DONE, note="", user=coordinator)

    original.refresh_from_db()
    assert original.status == ImprovementAction.Status.PLANNED


def test_the_closed_report_is_frozen_and_the_next_rounds_look_back_reads_the_live_state(
    coordinator, organisation, framework, closed_round
):
    action = closed_round.actions.get()
    action_progress_add(action=action, status=DONE, note="Gegeven aan 40 mensen.", user=coordinator)
    next_round = make_round(
        organisation=organisation, framework=framework, name="Scan 2027", status="open"
    )

    closed_report = build_report(closed_round, house=NO_HOUSE)
    next_report = build_report(next_round, house=NO_HOUSE)

    assert [a.status_label for a in closed_report.actions] == ["Gepland"]
    assert [(row.title, row.status_label) for row in next_report.lookback.rows] == [
        ("Training", "Klaar")
    ]
    # once the next round closes, its look back stays as it was
    round_close(round=next_round)
    action_progress_add(action=action, status=IN_PROGRESS, note="", user=coordinator)
    next_round.refresh_from_db()
    assert [row.status_label for row in build_report(next_round, house=NO_HOUSE).lookback.rows] == [
        "Klaar"
    ]


def test_the_plan_as_pdf(client, colleague, organisation, closed_round):
    client.force_login(colleague)
    for task in queued():  # the round's own PDF, queued by closing it: not what is tested
        task.delete()
    url = reverse("assessments:action-plan-pdf", args=[organisation.slug])
    page = reverse("assessments:action-plan-download", args=[organisation.slug])

    pdf = download_pdf(client, url, download_page=page)  # a lezer, through the worker

    assert pdf.startswith(b"%PDF")
    assert served_pdf(client.get(url), "actieplan-gemeente-testdorp.pdf") == pdf


def test_a_new_action_from_the_report_starts_with_its_bouwsteen(client, coordinator, closed_round):
    client.force_login(coordinator)

    page = client.get(reverse("assessments:action-create", args=[closed_round.pk]) + "?bouwsteen=7")
    ignored = client.get(
        reverse("assessments:action-create", args=[closed_round.pk]) + "?bouwsteen=x7"
    )

    seven = Bouwsteen.objects.get(framework=closed_round.framework, number=7).pk
    assert f'value="{seven}" selected' in page.content.decode()
    assert f'value="{seven}" selected' not in ignored.content.decode()
