"""The forecast of role figures (rounds/visibility.py): what the coordinator sees while
inviting and before opening, checked against the disclosure rules it forecasts."""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.reporting.disclosure import bouwsteen_stats
from assessments.reporting.stats import AnswerRow
from assessments.rounds.visibility import (
    FRAGILE,
    HIDDEN,
    HIDDEN_FOR_OTHERS,
    SHOWN,
    role_outlook,
)
from tests.factories import make_respondent, make_round

ROLES = [("bestuur", "Bestuur"), ("managers", "Managers"), ("adviseurs", "Adviseurs")]
CODES = [code for code, _name in ROLES]


def statuses(people, unknown_role=0, size=3):
    return {o.code: (o.status, o.missing) for o in role_outlook(ROLES, people, unknown_role, size)}


def test_the_small_team_of_the_issue_sees_that_no_role_will_show():
    """7 people (2 bestuur, 2 managers, 3 adviseurs) at N=3: bestuur and managers too few,
    adviseurs exactly enough, so lost on a bouwsteen with one "weet ik niet"."""
    assert statuses({"bestuur": 2, "managers": 2, "adviseurs": 3}) == {
        "bestuur": (HIDDEN, 1),
        "managers": (HIDDEN, 1),
        "adviseurs": (FRAGILE, 1),
    }


def test_a_role_with_enough_people_is_hidden_to_protect_a_smaller_one():
    """3 adviseurs and 1 bestuur at N=3: showing adviseurs would give bestuur's one answer
    by subtraction from the total."""
    assert statuses({"bestuur": 1, "managers": 0, "adviseurs": 3}) == {
        "bestuur": (HIDDEN, 2),
        "managers": (HIDDEN, 3),
        "adviseurs": (HIDDEN_FOR_OTHERS, 0),
    }


def test_exactly_n_per_role_shows_but_one_weet_ik_niet_takes_it_away():
    assert statuses(dict.fromkeys(CODES, 3)) == dict.fromkeys(CODES, (FRAGILE, 1))


def test_one_more_than_n_per_role_survives_a_weet_ik_niet():
    assert statuses(dict.fromkeys(CODES, 4)) == dict.fromkeys(CODES, (SHOWN, 0))


def test_nobody_invited_in_a_role_needs_the_whole_group():
    assert statuses({}, size=4)["bestuur"] == (HIDDEN, 4)


def rows_for(people, scored, unknown_role):
    """One bouwsteen's answers: per role `people` answered, `scored` of them with a 3, the
    rest "weet ik niet" (0); `unknown_role` people without a role, all scoring."""
    rows = []
    for code in CODES:
        rows += [AnswerRow(1, code, 3, 4)] * scored[code]
        rows += [AnswerRow(1, code, 0, 4)] * (people[code] - scored[code])
    rows += [AnswerRow(1, None, 3, 4)] * unknown_role
    return rows


@settings(max_examples=300, deadline=None)
@given(
    people=st.fixed_dictionaries({code: st.integers(0, 6) for code in CODES}),
    unknown_role=st.integers(0, 3),
    size=st.integers(2, 5),
)
def test_the_forecast_says_what_the_report_will_show(people, unknown_role, size):
    """For any team: a role forecast to show shows when everyone scores; a SHOWN role still
    shows after any one "weet ik niet"; a FRAGILE role is lost by one of them; a hidden role
    does not show when everyone scores."""
    outlook = {o.code: o for o in role_outlook(ROLES, people, unknown_role, size)}

    def shown(scored):
        stats = bouwsteen_stats(
            1, rows_for(people, scored, unknown_role), CODES, min_group_size=size
        )
        return set(stats.shown_roles)

    everyone = shown(people)
    after_one_unknown = [
        shown({**people, code: people[code] - 1}) for code in CODES if people[code]
    ]
    for code, role in outlook.items():
        if role.status in (HIDDEN, HIDDEN_FOR_OTHERS):
            assert code not in everyone
        else:
            assert code in everyone
        if role.status == SHOWN:
            assert all(code in result for result in after_one_unknown)
        if role.status == FRAGILE:
            assert any(code not in result for result in after_one_unknown)


# The pages


@pytest.fixture
def small_team(organisation, framework, coordinator):
    """A concept round with 2 bestuur, 2 managers and 3 adviseurs invited, a revoked
    adviseur and the coordinator's own address as a fourth bestuur (counts in no role)."""
    from django.utils import timezone

    round = make_round(organisation=organisation, framework=framework)
    for rol, count in (("bestuur", 2), ("managers", 2), ("adviseurs", 3)):
        for index in range(count):
            make_respondent(
                round=round,
                invited_rol=framework.rol_set.get(code=rol),
                email=f"{rol}{index}@testdorp.nl",
            )
    make_respondent(
        round=round,
        invited_rol=framework.rol_set.get(code="adviseurs"),
        email="weg@testdorp.nl",
        revoked_at=timezone.now(),
    )
    make_respondent(
        round=round, invited_rol=framework.rol_set.get(code="bestuur"), email=coordinator.email
    )
    return round


@pytest.mark.parametrize("name", ["round-detail", "round-invite"])
def test_the_coordinator_sees_before_opening_which_roles_will_show(
    client, coordinator, small_team, name, django_assert_max_num_queries
):
    client.force_login(coordinator)

    # round detail: session, user, round, coordinator check, respondents, the coordinators'
    # addresses, the framework's texts (a concept round has no snapshot: four), nav
    with django_assert_max_num_queries(14):
        page = client.get(reverse(f"assessments:{name}", args=[small_team.pk])).content.decode()

    section = page[page.index('id="role-visibility"') :]
    section = " ".join(section[: section.index("</section>")].split())
    assert "Worden de cijfers per rol zichtbaar?" in section
    assert "<strong>Bestuur</strong> (2 mensen): te weinig" in section
    assert "Nodig nog 1 persoon uit in deze rol" in section
    assert "<strong>Adviseurs</strong> (3 mensen): precies genoeg" in section
    assert "leg vooraf uit wat de bouwstenen betekenen" in section


def test_the_preview_is_for_the_coordinator_only(client, colleague, outsider, small_team):
    url = reverse("assessments:round-detail", args=[small_team.pk])
    client.force_login(colleague)
    assert "role-visibility" not in client.get(url).content.decode()
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("assessments:round-invite", args=[small_team.pk])).status_code == 404


def test_once_answering_closed_the_preview_is_gone(client, coordinator, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="answers_closed")
    client.force_login(coordinator)

    page = client.get(reverse("assessments:round-detail", args=[round.pk])).content.decode()

    assert "role-visibility" not in page
