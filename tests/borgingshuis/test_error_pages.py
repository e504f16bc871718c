"""Error pages in the site's layout and language: 400, 403, 404, 500 and a refused CSRF
check, in Dutch with "je", and in English under /en/."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_scored_round

pytestmark = pytest.mark.urls("tests.borgingshuis.error_urls")
FAILING = "tests.borgingshuis.error_urls.failing_context"


def in_layout(response):
    page = response.content.decode()
    return '<main id="main"' in page and 'href="/toegankelijkheid/"' in page


def test_a_missing_page_says_je_in_the_layout(client, db):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404 and in_layout(response)
    assert "Kom je via een link uit een e-mail?" in response.content.decode()
    assert " u " not in response.content.decode()


def test_a_lezer_on_the_consensus_page_gets_a_dutch_403(client, colleague, organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    client.force_login(colleague)

    response = client.get(reverse("assessments:round-consensus", args=[round.pk]))

    assert response.status_code == 403 and in_layout(response)
    assert "Deze pagina is niet voor jou" in response.content.decode()
    assert "Forbidden" not in response.content.decode()


def test_a_suspicious_request_gets_a_dutch_400(client, db):
    response = client.get("/fout/400/")

    assert response.status_code == 400 and in_layout(response)
    assert "Deze vraag begrijpen we niet" in response.content.decode()


def test_a_post_without_csrf_token_gets_a_dutch_page(db, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post(reverse("logout"))

    assert response.status_code == 403 and in_layout(response)
    page = response.content.decode()
    assert "Dit formulier is niet verstuurd" in page
    assert "Uitloggen" in page  # rendered with the request: it knows who is logged in


def test_the_csrf_page_in_english(db):
    response = Client(enforce_csrf_checks=True).post("/en/account/login/")

    assert response.status_code == 403
    assert "This form was not sent" in response.content.decode()


def test_a_failing_view_gets_the_500_page_without_the_request(db, settings):
    """The 500 page does not run context processors: one that fails (the database may be
    why the view failed) cannot take the error page down with it."""
    failing = {**settings.TEMPLATES[0], "OPTIONS": {"context_processors": [FAILING]}}
    settings.TEMPLATES = [failing]

    response = Client(raise_request_exception=False).get("/fout/500/")

    assert response.status_code == 500 and in_layout(response)
    page = response.content.decode()
    assert "Er ging iets mis aan onze kant" in page
    assert 'action="/i18n/setlang/"' not in page  # no form that needs a CSRF token
