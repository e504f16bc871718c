"""With local passwords off, the password pages set nothing and say where to log in."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def reset_link(user) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", args=[uidb64, token])


@pytest.fixture
def passwords_off(settings):
    settings.LOCAL_PASSWORDS = False
    settings.OIDC_ISSUER = "https://login.testdorp.nl"


def test_without_local_passwords_no_password_page_sets_or_sends_anything(
    client, passwords_off, coordinator
):
    response = client.post(reverse("password_reset"), {"email": coordinator.email})
    assert response.status_code == 404
    assert "Inloggen gaat via je organisatie" in response.content.decode()
    assert mail.outbox == []

    new = "een-heel-ander-wachtwoord-9"
    client.post(reset_link(coordinator), {"new_password1": new, "new_password2": new})
    client.force_login(coordinator)
    client.post(
        reverse("password_change"),
        {"old_password": "x", "new_password1": new, "new_password2": new},
    )
    coordinator.refresh_from_db()
    assert not coordinator.check_password(new)
    for name in ["password_reset_done", "password_reset_complete", "password_change_done"]:
        assert client.get(reverse(name)).status_code == 404


def test_with_local_passwords_the_reset_mail_is_sent(client, coordinator):
    response = client.post(reverse("password_reset"), {"email": coordinator.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert client.get(reverse("password_reset_done")).status_code == 200
