"""/favicon.ico is served by the app: a redirect to a real icon among the static files."""

from django.contrib.staticfiles import finders


def test_favicon_ico_leads_to_a_windows_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.ico")
    with open(finders.find("img/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # the ICO header


def test_every_page_links_its_icon(client):
    page = client.get("/toegankelijkheid/").content.decode()

    assert 'rel="icon" href="/static/img/favicon.ico"' in page
