"""The organisation's page (/organisaties/<code>/): its code, its rounds and where to go."""

from django.urls import reverse

from tests.factories import make_round


def overview_url(organisation):
    return reverse("assessments:organisation-overview", args=[organisation.slug])


def test_a_coordinator_finds_the_code_the_rounds_and_every_page(
    client, coordinator, organisation, framework, django_assert_max_num_queries
):
    for index in range(5):
        make_round(organisation=organisation, framework=framework, name=f"Scan {index}")
    client.force_login(coordinator)

    # session, user, organisation with the member's role, its rounds, the organisations the
    # user coordinates (nav)
    with django_assert_max_num_queries(5):
        page = client.get(overview_url(organisation)).content.decode()

    assert f"Code van de organisatie: <strong>{organisation.slug}</strong>" in page
    assert page.count("Scan ") == 5
    assert reverse("assessments:organisation-settings", args=[organisation.slug]) in page
    assert reverse("assessments:action-plan", args=[organisation.slug]) in page


def test_a_lezer_gets_the_page_without_the_coordinators_links(client, colleague, organisation):
    client.force_login(colleague)

    page = client.get(overview_url(organisation)).content.decode()

    assert reverse("assessments:organisation-audit", args=[organisation.slug]) in page
    assert reverse("assessments:organisation-settings", args=[organisation.slug]) not in page


def test_an_outsider_gets_404_and_a_visitor_the_login(client, outsider, organisation):
    assert client.get(overview_url(organisation)).status_code == 302
    client.force_login(outsider)
    assert client.get(overview_url(organisation)).status_code == 404
