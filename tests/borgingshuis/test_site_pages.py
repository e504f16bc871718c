import pytest
from django.urls import reverse
from django.utils import translation


@pytest.mark.parametrize(
    "name, heading, says",
    [
        ("accessibility", "Toegankelijkheid", "WCAG 2.1, niveau AA"),
        ("privacy", "Privacy", "Niet wat iemand antwoordde."),
    ],
)
def test_statement_pages_are_public_and_linked_from_every_page(
    client, db, framework, name, heading, says
):
    page = client.get(reverse(name)).content.decode()
    house = client.get(reverse("bouwstenen:house")).content.decode()

    assert f"<h1>{heading}</h1>" in page and says in page
    assert f'href="{reverse(name)}"' in house


def test_statement_pages_in_english(client, db):
    with translation.override("en"):
        url = reverse("privacy")
    page = client.get(url).content.decode()

    assert url.startswith("/en/")
    assert "<h1>Privacy</h1>" in page and "Not what someone answered." in page
