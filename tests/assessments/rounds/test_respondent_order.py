"""The coordinator's list of respondents reads 1, 2, … 10, 11, not 1, 10, 11, 2."""

from django.urls import reverse

from tests.factories import make_respondent, make_round


def test_respondents_are_listed_with_numbers_in_order(client, coordinator, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    for number in (10, 2, 11, 1, 3):
        make_respondent(round=round, email=f"respondent{number}@example.org")
    make_respondent(
        round=round, email="a@example.org", name="respondent9 (naam)"
    )  # sorted by its name
    client.force_login(coordinator)

    page = client.get(reverse("assessments:round-detail", args=[round.pk])).content.decode()

    shown = ["respondent1@", "respondent2@", "respondent3@", "respondent9 (naam)", "respondent10@"]
    shown.append("respondent11@")
    positions = [page.index(text) for text in shown]
    assert positions == sorted(positions)
