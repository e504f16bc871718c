"""Forms use the app's own validation (novalidate, the Dutch error summary, a Dutch empty
choice) and Django's password rules say "je" like the rest of the app."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import make_round


def test_an_empty_action_form_shows_the_dutch_summary_not_the_browser_bubble(
    client, coordinator, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    client.force_login(coordinator)
    url = reverse("assessments:action-create", args=[round.pk])

    form = client.get(url).content.decode()
    assert "novalidate" in form
    assert "Kies een bouwsteen" in form and "Kies een rol" in form
    assert "---------" not in form

    page = client.post(url, {"title": "", "owner_name": ""}).content.decode()
    assert 'id="error-summary"' in page and "Dit veld is verplicht." in page
    assert not round.actions.exists()


def test_the_password_rules_say_je(client, coordinator):
    uid = urlsafe_base64_encode(force_bytes(coordinator.pk))
    token = default_token_generator.make_token(coordinator)
    url = reverse("password_reset_confirm", args=[uid, token])

    page = client.get(url, follow=True).content.decode()
    assert "Je wachtwoord mag niet alleen uit cijfers bestaan." in page
    assert "Uw " not in page and " uw " not in page

    set_url = client.get(url).url
    page = client.post(
        set_url, {"new_password1": "12345678901", "new_password2": "12345678901"}
    ).content.decode()
    assert 'id="error-summary"' in page
    assert "Dit wachtwoord heeft alleen cijfers." in page
    assert "Uw " not in page


def test_changing_the_password_is_a_page_of_the_app_in_je(client, coordinator):
    client.force_login(coordinator)

    page = client.post(
        reverse("password_change"),
        {"old_password": "fout", "new_password1": "x", "new_password2": "x"},
    ).content.decode()

    assert '<main id="main"' in page and 'id="error-summary"' in page
    assert "Je oude wachtwoord klopt niet." in page
    assert "Uw " not in page
