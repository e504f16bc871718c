"""Actions belong to the plan, not to one round: a new round takes over every open action of
its model's history, also of a round before the previous one, and the carry-over button is
only there when it does something."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments.actions.selectors import carry_over_offer
from assessments.actions.services import action_progress_add, actions_carry_over_history
from assessments.models import ImprovementAction
from assessments.rounds.freeze import RoundClosedError
from assessments.rounds.services import round_close
from tests.factories import make_action, make_round

CARRY = "assessments:action-carry-over"
LIST = "assessments:action-list"


def at(year):
    return datetime.datetime(year, 3, 1, 12, tzinfo=datetime.UTC)


def closed_round(organisation, framework, name, year, actions=()):
    """A round of `year` with the given (title, status) actions, closed in that year."""
    with time_machine.travel(at(year), tick=False):
        round = make_round(organisation=organisation, framework=framework, name=name, status="open")
        for index, (title, status) in enumerate(actions):
            make_action(round=round, title=title, status=status, number=1 + index)
        return round_close(round=round)


YEAR_1_ACTIONS = [
    ("Leidraad schrijven", "planned"),
    ("Training managers", "in_progress"),
    ("Participatieplatform", "planned"),
    ("Raad betrekken", "in_progress"),
    ("Evaluatie jongeren", "planned"),
    ("Website vernieuwd", "done"),
    ("Burgerpanel", "dropped"),
]
YEAR_1_OPEN = [title for title, status in YEAR_1_ACTIONS if status in ("planned", "in_progress")]


@pytest.fixture
def three_years(organisation, framework):
    """Year 1 closed with five open actions (and one done, one dropped), year 2 closed without
    any action (nobody took year 1's over), year 3 new."""
    year_1 = closed_round(organisation, framework, "Borgingsscan 2026", 2026, YEAR_1_ACTIONS)
    year_2 = closed_round(organisation, framework, "Borgingsscan 2027", 2027)
    with time_machine.travel(at(2028), tick=False):
        year_3 = make_round(
            organisation=organisation, framework=framework, name="Borgingsscan 2028"
        )
    return year_1, year_2, year_3


def test_year_1s_open_actions_reach_year_3_past_a_year_without_actions(three_years):
    year_1, _year_2, year_3 = three_years
    started = year_1.actions.get(title="Training managers")
    action_progress_add(action=started, status="in_progress", note="Eerste sessie gehouden")

    carried = actions_carry_over_history(to_round=year_3)

    assert [action.title for action in carried] == YEAR_1_OPEN
    assert {action.carried_from.round_id for action in carried} == {year_1.pk}
    copy = year_3.actions.get(title="Training managers")
    assert copy.status == "in_progress"
    assert [update.note for update in copy.updates.all()] == ["Eerste sessie gehouden"]


def test_a_second_carry_over_copies_nothing_twice(three_years):
    _year_1, _year_2, year_3 = three_years
    actions_carry_over_history(to_round=year_3)

    again = actions_carry_over_history(to_round=year_3)

    assert again == []
    assert year_3.actions.count() == len(YEAR_1_OPEN)


def test_actions_carried_into_year_2_go_on_from_there_into_year_3(
    organisation, framework, three_years
):
    """The closed year 2 is still its model's latest round until year 3 exists; actions
    carried into it then move on from year 2's copies, never from year 1's originals."""
    year_1, year_2, year_3 = three_years
    year_3.delete()
    into_year_2 = actions_carry_over_history(to_round=year_2)
    into_year_2[0].status = "done"
    into_year_2[0].save()
    with time_machine.travel(at(2028), tick=False):
        year_3 = make_round(organisation=organisation, framework=framework, name="2028")

    into_year_3 = actions_carry_over_history(to_round=year_3)

    assert len(into_year_2) == len(YEAR_1_OPEN)
    assert [action.title for action in into_year_3] == YEAR_1_OPEN[1:]
    assert {action.carried_from.round_id for action in into_year_3} == {year_2.pk}
    assert not ImprovementAction.objects.filter(carried_from__round=year_1, round=year_3)


def test_a_closed_round_behind_a_newer_one_takes_nothing_over(three_years):
    _year_1, year_2, _year_3 = three_years

    with pytest.raises(RoundClosedError):
        actions_carry_over_history(to_round=year_2)

    assert not year_2.actions.exists()


def test_the_list_offers_the_whole_history_and_the_post_carries_it(
    client, coordinator, three_years
):
    year_1, _year_2, year_3 = three_years
    client.force_login(coordinator)

    page = client.get(reverse(LIST, args=[year_3.pk])).content.decode()
    response = client.post(reverse(CARRY, args=[year_3.pk]))

    assert "5 openstaande acties overnemen" in page
    assert "Uit eerdere rondes van dit model: Borgingsscan 2026." in page
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "5 openstaande acties overgenomen uit Borgingsscan 2026."
    ]
    after = client.get(reverse(LIST, args=[year_3.pk])).content.decode()
    assert "openstaande acties overnemen" not in after
    assert "staan geen acties meer open om over te nemen" in after
    assert year_1.actions.count() == len(YEAR_1_ACTIONS)


def test_a_closed_latest_round_still_offers_the_carry_over(
    client, coordinator, organisation, framework
):
    year_1 = closed_round(organisation, framework, "2026", 2026, YEAR_1_ACTIONS)
    year_2 = closed_round(organisation, framework, "2027", 2027)
    client.force_login(coordinator)

    page = client.get(reverse(LIST, args=[year_2.pk])).content.decode()
    client.post(reverse(CARRY, args=[year_2.pk]))

    assert "5 openstaande acties overnemen" in page
    assert sorted(year_2.actions.values_list("title", flat=True)) == sorted(YEAR_1_OPEN)
    assert not client.get(reverse(LIST, args=[year_1.pk])).context["carry_over"]["allowed"]


def test_a_closed_round_behind_a_newer_one_explains_instead_of_a_button(
    client, coordinator, three_years
):
    _year_1, year_2, _year_3 = three_years
    client.force_login(coordinator)

    page = client.get(reverse(LIST, args=[year_2.pk])).content.decode()

    assert "openstaande acties overnemen" not in page
    assert "Er is al een nieuwere ronde van dit model" in page


def test_without_history_there_is_no_button_and_no_explanation(
    client, coordinator, organisation, framework
):
    first = make_round(organisation=organisation, framework=framework, status="open")
    client.force_login(coordinator)

    page = client.get(reverse(LIST, args=[first.pk])).content.decode()
    response = client.post(reverse(CARRY, args=[first.pk]))

    assert "overnemen" not in page
    assert carry_over_offer(first) == {
        "allowed": True,
        "count": 0,
        "rounds": [],
        "has_history": False,
    }
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Er staan geen openstaande acties uit eerdere rondes open."
    ]
    assert not first.actions.exists()


def test_a_viewer_and_an_outsider_cannot_carry_over(client, colleague, outsider, three_years):
    _year_1, _year_2, year_3 = three_years
    for user in (colleague, outsider):
        client.force_login(user)
        assert client.post(reverse(CARRY, args=[year_3.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse(LIST, args=[year_3.pk])).status_code == 404
    assert not year_3.actions.exists()


def test_the_carry_over_post_takes_a_flat_number_of_queries(
    client, coordinator, organisation, framework, django_assert_max_num_queries
):
    many = [(f"Actie {index}", "planned") for index in range(11)]
    closed_round(organisation, framework, "2026", 2026, many)
    current = make_round(organisation=organisation, framework=framework, name="2027")
    client.force_login(coordinator)
    # session, user, round, savepoint, lock, bouwstenen, rollen, candidates, one insert of
    # the copies, the PDF render request (five), their history, release
    with django_assert_max_num_queries(16):
        client.post(reverse(CARRY, args=[current.pk]))
    assert current.actions.count() == 11
