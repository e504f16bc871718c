"""The introduction before the first question, and what an old link shows after closing."""

import pytest
from django.urls import reverse

from assessments.models import RoundMessage
from assessments.rounds.services import round_close
from tests.factories import make_respondent, make_round, make_scored_round


def link(respondent, name="questionnaire"):
    return reverse(f"assessments:{name}", args=[respondent.token])


def test_someone_who_started_goes_straight_back_to_where_they_stopped(
    client, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round, rol="bestuur", last_step="niveau:gesprek")

    response = client.get(link(respondent))

    assert response.url == reverse(
        "assessments:questionnaire-niveau", args=[respondent.token, "gesprek"]
    )


def test_the_introduction_of_a_round_in_concept_has_no_start_button(
    client, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework)
    respondent = make_respondent(round=round)

    page = client.get(link(respondent, "questionnaire-intro")).content.decode()

    assert "Deze vragenlijst is nog niet geopend." in page
    assert "Beginnen" not in page


@pytest.mark.parametrize("name", ["questionnaire", "questionnaire-intro"])
def test_an_old_link_after_closing_says_so_plainly(client, organisation, framework, name):
    round = make_scored_round(organisation=organisation, framework=framework)
    respondent = round.respondents.first()
    round_close(round=round)

    page = client.get(link(respondent, name)).content.decode()

    assert "Deze ronde is gesloten op" in page
    assert "Bedankt: je antwoorden tellen mee in de uitkomst." in page
    assert "Tot de ronde sluit" not in page
    assert "Bekijk de uitkomst" not in page
    assert client.get(link(respondent, "questionnaire-outcome")).status_code == 404


def test_a_shared_outcome_is_linked_and_shows_the_house_without_toelichtingen(
    client, organisation, framework, django_assert_max_num_queries
):
    round = make_scored_round(organisation=organisation, framework=framework)
    respondent = round.respondents.first()
    round_close(round=round)
    RoundMessage.objects.create(round=round, outcome_shared=True)

    closed = client.get(link(respondent)).content.decode()
    # the respondent with round and organisation, the round's message; the report's sources
    with django_assert_max_num_queries(12):
        outcome = client.get(link(respondent, "questionnaire-outcome"))

    assert link(respondent, "questionnaire-outcome") in closed
    page = outcome.content.decode()
    assert "<svg" in page and 'id="samenvatting-tabel"' in page
    assert "Toelichting van" not in page  # toelichtingen stay in the report for members
    assert "Jansen" not in page


def test_a_shared_outcome_of_an_open_round_is_not_shown(client, organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    RoundMessage.objects.create(round=round, outcome_shared=True)

    response = client.get(link(round.respondents.first(), "questionnaire-outcome"))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["questionnaire-intro", "questionnaire-outcome"])
def test_an_unknown_or_revoked_link_gives_404(client, organisation, framework, name):
    from django.utils import timezone

    round = make_round(organisation=organisation, framework=framework, status="open")
    revoked = make_respondent(round=round, revoked_at=timezone.now())

    assert client.get(reverse(f"assessments:{name}", args=["onbekend"])).status_code == 404
    assert client.get(link(revoked, name)).status_code == 404


def test_an_old_link_of_someone_who_never_sent_says_the_answers_did_not_count(
    client, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round, rol="bestuur", last_step="niveau:gesprek")
    round_close(round=round)

    start = client.get(link(respondent)).content.decode()
    niveau = client.get(
        reverse("assessments:questionnaire-niveau", args=[respondent.token, "gesprek"])
    ).content.decode()

    not_counted = "Je hebt je antwoorden niet verstuurd. Daarom tellen ze niet mee in de uitkomst."
    assert not_counted in start and not_counted in niveau
    assert "Bedankt" not in start


def test_the_introduction_says_how_toelichtingen_are_shown_without_claiming_an_order(
    client, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round)

    page = client.get(link(respondent, "questionnaire-intro")).content.decode()

    assert "op alfabet" not in page
    assert "zonder naam en zonder rol" in page
    assert "alleen als jouw rol genoeg antwoorden heeft" in page
