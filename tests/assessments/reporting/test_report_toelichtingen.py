"""The report page folds the toelichtingen in per bouwsteen and shows only the first few; all
of them are on the bouwsteen's own pages, a page at a time."""

import pytest
from django.urls import reverse

from assessments.reporting.report import TOELICHTINGEN_PREVIEW
from assessments.reporting.views.report import TOELICHTINGEN_PER_PAGE
from assessments.rounds.services import round_close
from tests.factories import make_round, make_submitted_respondent

COUNT = TOELICHTINGEN_PER_PAGE + 7  # two pages on bouwsteen 1


@pytest.fixture
def talkative_round(organisation, framework):
    """A closed round where COUNT people, a third of each role, wrote a text on every
    bouwsteen."""
    round = make_round(organisation=organisation, framework=framework, status="open")
    for index in range(COUNT):
        make_submitted_respondent(
            round=round,
            rol=("bestuur", "managers", "adviseurs")[index % 3],
            levels=dict.fromkeys(range(1, 12), 3),
            toelichting=f"Tekst {index:03d}",
        )
    return round_close(round=round)


def page_url(round, number, page=None):
    url = reverse("assessments:round-report-toelichtingen", args=[round.pk, number])
    return f"{url}?pagina={page}" if page else url


def test_the_report_page_folds_in_the_first_toelichtingen_and_links_to_all(
    client, colleague, talkative_round
):
    client.force_login(colleague)

    html = client.get(reverse("assessments:round-report", args=[talkative_round.pk])).content
    html = html.decode()

    assert html.count('<details class="toelichtingen-details">') == 11
    assert f"<summary>{COUNT} toelichtingen (zonder namen)</summary>" in html
    assert "Tekst 000" in html and f"Tekst {TOELICHTINGEN_PREVIEW - 1:03d}" in html
    assert f"Tekst {TOELICHTINGEN_PREVIEW:03d}" not in html
    assert f'href="{page_url(talkative_round, 1)}"' in html
    assert f"Alle {COUNT} toelichtingen bij" in html


def test_the_toelichtingen_of_a_bouwsteen_come_a_page_at_a_time(
    client, colleague, talkative_round, django_assert_max_num_queries
):
    client.force_login(colleague)

    # session, user, round, the report's data (the stored release, consensus, counts, actions
    # at closing and after, previous round), the page's toelichtingen, the coordinator check
    # of the nav: the same for any number of texts
    with django_assert_max_num_queries(11):
        first = client.get(page_url(talkative_round, 1)).content.decode()
    second = client.get(page_url(talkative_round, 1, 2)).content.decode()

    assert f"Toelichting 1 tot en met {TOELICHTINGEN_PER_PAGE} van {COUNT}." in first
    assert "Tekst 000" in first and f"Tekst {TOELICHTINGEN_PER_PAGE:03d}" not in first
    assert 'href="?pagina=2"' in first and ">Volgende</a>" in first
    assert f"Tekst {TOELICHTINGEN_PER_PAGE:03d}" in second and "Tekst 000" not in second
    assert 'aria-current="page">2</span>' in second
    # a page number out of range shows the last page rather than an error
    assert "Tekst 000" not in client.get(page_url(talkative_round, 1, 99)).content.decode()


def test_a_bouwsteen_without_toelichtingen_says_so_and_an_unknown_one_is_404(
    client, colleague, organisation, framework
):
    client.force_login(colleague)
    round = make_round(organisation=organisation, framework=framework, status="closed")

    assert "geen toelichtingen" in client.get(page_url(round, 3)).content.decode()
    assert client.get(page_url(round, 99)).status_code == 404


def test_an_open_round_shows_no_toelichtingen_on_their_pages(
    client, colleague, organisation, framework
):
    client.force_login(colleague)
    round = make_round(organisation=organisation, framework=framework, status="open")
    for _ in range(3):
        make_submitted_respondent(
            round=round,
            rol="managers",
            levels=dict.fromkeys(range(1, 12), 3),
            toelichting="Nog geheim",
        )

    assert "Nog geheim" not in client.get(page_url(round, 1)).content.decode()


@pytest.mark.parametrize("user", ["outsider", None])
def test_non_members_get_no_toelichtingen(client, request, talkative_round, user):
    if user:
        client.force_login(request.getfixturevalue(user))
    response = client.get(page_url(talkative_round, 1))
    assert response.status_code == (404 if user else 302)
