import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
def test_first_visit_from_an_english_browser_goes_to_the_english_page(client, framework):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,nl;q=0.5")

    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.django_db
def test_query_string_is_kept_on_the_way_to_english(client, framework):
    response = client.get("/account/login/?next=/rondes/", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Location"] == "/en/account/login/?next=/rondes/"


@pytest.mark.django_db
def test_dutch_browser_stays_on_the_dutch_page(client, framework):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9,en;q=0.5")

    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "nl"


@pytest.mark.django_db
def test_choosing_dutch_with_the_button_wins_over_an_english_browser(client, framework):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_post_and_an_address_outside_the_pages_are_never_redirected(client, framework):
    assert client.post("/", HTTP_ACCEPT_LANGUAGE="en").status_code != 302
    response = client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert response["Location"] == "/"
    assert client.get("/static/nothing.css", HTTP_ACCEPT_LANGUAGE="en").status_code == 404
