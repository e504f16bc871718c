"""The sign-in journey against a second, independently written OpenID provider (the
certified `oidc-provider` from npm, node_provider.py), so the project's own test provider
is not the only judge: its tokens, keys, PKCE and redirects as another implementation makes
them."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from assessments.models import Membership
from borgingshuis.access.models import SignOnBinding
from borgingshuis.access.sso import REFUSALS
from tests.invitations import make_invitation

User = get_user_model()


@pytest.fixture(autouse=True)
def _fresh_discovery(db):
    cache.clear()  # another test's provider's discovery document


def sign_on(client, provider, login, next_url="/rondes/"):
    start = client.get(reverse("oidc_authentication_init"), {"next": next_url})
    assert start.status_code == 302 and start.url.startswith(provider.issuer + "/auth")
    return client.get(provider.sign_in(start.url, login))


def refused(client, response, reason):
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    return str(REFUSALS[reason]) in client.get(response.url).content.decode()


def test_an_invited_person_signs_on_accepts_and_signs_on_again_by_subject(
    client, node_sign_on, organisation, coordinator
):
    links = []
    make_invitation(organisation, "bea@testdorp.nl", invited_by=coordinator, links=links)
    invitation_page = reverse("assessments:member-invitation", args=[links[0]])

    response = sign_on(client, node_sign_on, "bea", next_url=invitation_page)

    assert response.url == invitation_page
    bea = User.objects.get(email="bea@testdorp.nl")
    binding = SignOnBinding.objects.get(user=bea)
    assert (binding.issuer, binding.subject) == (node_sign_on.issuer, "bea")
    client.post(invitation_page)
    assert Membership.objects.get(user=bea).organisation == organisation

    again = type(client)()
    assert sign_on(again, node_sign_on, "bea").url == "/rondes/"
    assert again.session["_auth_user_id"] == str(bea.pk)


def test_an_unbound_account_and_an_uninvited_address_are_refused(client, node_sign_on, coordinator):
    assert refused(client, sign_on(client, node_sign_on, "coordinator"), "link_first")
    assert refused(client, sign_on(client, node_sign_on, "onbekend"), "no_account")


@pytest.mark.parametrize(("login", "asks_code"), [("beheer-pwd", True), ("beheer-mfa", False)])
def test_beheer_trusts_the_providers_second_factor_only_as_its_amr_shows(
    client, node_sign_on, settings, login, asks_code
):
    settings.OIDC_PROVIDER_ENFORCES_MFA = True
    beheerder = User.objects.create_superuser("beheerder", "beheer@example.org", "geheim-1-x")
    SignOnBinding.objects.create(
        issuer=node_sign_on.issuer, subject=login, user=beheerder, linked_at=timezone.now()
    )
    sign_on(client, node_sign_on, login)
    assert client.session["_auth_user_id"] == str(beheerder.pk)

    response = client.get("/beheer/")
    if asks_code:
        assert response.status_code == 302
        assert response.url.startswith(reverse("access:second-factor"))
    else:
        assert response.status_code == 200
