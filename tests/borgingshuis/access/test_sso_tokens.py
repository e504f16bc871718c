"""The ID token's key and the provider's second factor, against a provider faked at the
HTTP level (requests), so its tokens can be shaped as real providers send them: without
`kid` (allowed when the provider has one key), with `amr` and `acr`."""

import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from borgingshuis.access.models import SignOnBinding
from borgingshuis.access.provider_mfa import amr_shows_mfa, token_shows_mfa
from borgingshuis.access.sso import REFUSALS

ISSUER = "https://login.gemeente.example"


def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key, **extra):
    return {**jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), **extra}


class Answer:
    def __init__(self, body):
        self.body, self.status_code, self.headers = body, 200, {}

    def raise_for_status(self):
        pass

    def json(self):
        return self.body


class FakeProvider:
    """Discovery, keys, token and userinfo endpoints, answered without a network."""

    def __init__(self, monkeypatch, keys, userinfo=None):
        self.keys, self.id_token, self.userinfo = keys, None, userinfo or {}
        monkeypatch.setattr(requests, "get", self.get)
        monkeypatch.setattr(requests, "post", self.post)

    def get(self, url, **kwargs):
        return Answer(
            {
                f"{ISSUER}/.well-known/openid-configuration": {
                    "issuer": ISSUER,
                    "authorization_endpoint": f"{ISSUER}/authorize",
                    "token_endpoint": f"{ISSUER}/token",
                    "userinfo_endpoint": f"{ISSUER}/userinfo",
                    "jwks_uri": f"{ISSUER}/keys",
                },
                f"{ISSUER}/keys": {"keys": self.keys},
                f"{ISSUER}/userinfo": self.userinfo,
            }[url]
        )

    def post(self, url, **kwargs):
        assert url == f"{ISSUER}/token"
        return Answer({"id_token": self.id_token, "access_token": "a"})


@pytest.fixture
def fake_sign_on(settings, db):
    cache.clear()  # the discovery document of another test's provider
    settings.OIDC_ISSUER = ISSUER
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "borgingshuis", "geheim"


def signed(key, nonce, headers=None, **claims):
    now = int(time.time())
    payload = {
        "iss": ISSUER,
        "aud": "borgingshuis",
        "sub": "medewerker-1",
        "iat": now,
        "exp": now + 300,
        "nonce": nonce,
        **claims,
    }
    return jwt.encode(payload, key, algorithm="RS256", headers=headers)


def callback_with(client, provider, key, headers=None, **claims):
    start = client.get(reverse("oidc_authentication_init"))
    state = parse_qs(urlsplit(start.url).query)["state"][0]
    nonce = claims.pop("nonce", client.session["oidc_states"][state]["nonce"])
    provider.id_token = signed(key, nonce, headers=headers, **claims)
    return client.get(reverse("oidc_authentication_callback"), {"code": "c", "state": state})


def test_a_token_without_kid_is_checked_with_the_providers_only_key(
    client, monkeypatch, fake_sign_on, coordinator
):
    key = rsa_key()
    provider = FakeProvider(monkeypatch, [public_jwk(key, kid="k1", use="sig")])
    SignOnBinding.objects.create(
        issuer=ISSUER, subject="medewerker-1", user=coordinator, linked_at=timezone.now()
    )
    response = callback_with(client, provider, key)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(coordinator.pk)


def test_a_token_without_kid_from_a_provider_with_two_keys_is_refused_in_dutch(
    client, monkeypatch, fake_sign_on, coordinator
):
    key = rsa_key()
    keys = [public_jwk(key, kid="k1"), public_jwk(rsa_key(), kid="k2")]
    provider = FakeProvider(monkeypatch, keys)
    response = callback_with(client, provider, key)
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    assert str(REFUSALS["key"]) in client.get(response.url).content.decode()


def test_a_token_signed_by_another_key_is_refused(client, monkeypatch, fake_sign_on, coordinator):
    provider = FakeProvider(monkeypatch, [public_jwk(rsa_key(), kid="k1")])
    SignOnBinding.objects.create(
        issuer=ISSUER, subject="medewerker-1", user=coordinator, linked_at=timezone.now()
    )
    response = callback_with(client, provider, rsa_key(), headers={"kid": "k1"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    assert str(REFUSALS["token"]) in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    "keys",
    [[], "geen lijst", [{"kty": "RSA", "kid": "k1", "n": "x", "e": "AQAB"}], [None]],
)
def test_malformed_keys_are_a_message(client, monkeypatch, fake_sign_on, keys):
    provider = FakeProvider(monkeypatch, keys)
    response = callback_with(client, provider, rsa_key(), headers={"kid": "k1"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session


@pytest.mark.parametrize("id_token", [None, "", "geen.token", 42])
def test_a_malformed_token_answer_is_a_message(client, monkeypatch, fake_sign_on, id_token):
    provider = FakeProvider(monkeypatch, [public_jwk(rsa_key(), kid="k1")])
    start = client.get(reverse("oidc_authentication_init"))
    state = parse_qs(urlsplit(start.url).query)["state"][0]
    provider.id_token = id_token
    response = client.get(reverse("oidc_authentication_callback"), {"code": "c", "state": state})
    assert response.status_code == 302 and "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("amr", "shows"),
    [
        (["pwd", "mfa"], True),
        (["mfa"], True),
        (["pwd", "otp"], True),
        (["hwk", "pin"], True),
        (["swk", "fpt"], True),
        (["pwd"], False),
        (["otp"], False),  # one factor, however strong
        (["hwk", "swk"], False),  # two of the same kind
        (["pwd", "pin"], False),
        (["pwd", "wia", "mca", "user"], False),
        ("mfa", False),  # not a JSON array
        ([["mfa"]], False),
        (None, False),
        ([], False),
    ],
)
def test_amr_shows_mfa_only_for_several_kinds_of_factor(amr, shows):
    assert amr_shows_mfa(amr) is shows


def test_acr_counts_only_when_it_is_a_configured_value():
    assert token_shows_mfa({"acr": "substantial"}, acr_values=["substantial"])
    assert not token_shows_mfa({"acr": "substantial"}, acr_values=[])
    assert not token_shows_mfa({"acr": ["substantial"]}, acr_values=["substantial"])
    assert not token_shows_mfa({"acr": "low"}, acr_values=["substantial"])


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": ["borgingshuis", "een-andere-toepassing"]},  # several audiences, no azp
        {"aud": ["borgingshuis", "x"], "azp": "x"},
        {"nonce": "een-andere-nonce"},
        {"sub": ""},
        {"sub": 42},
        {"sub": "x" * 256},
        {"iss": "https://elders.example"},
    ],
)
def test_a_token_with_a_wrong_claim_is_refused(
    client, monkeypatch, fake_sign_on, coordinator, claims
):
    key = rsa_key()
    provider = FakeProvider(monkeypatch, [public_jwk(key, kid="k1")])
    SignOnBinding.objects.create(
        issuer=ISSUER, subject="medewerker-1", user=coordinator, linked_at=timezone.now()
    )
    response = callback_with(client, provider, key, headers={"kid": "k1"}, **claims)
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    assert str(REFUSALS["token"]) in client.get(response.url).content.decode()


def test_a_token_signed_with_another_algorithm_is_refused(
    client, monkeypatch, fake_sign_on, coordinator
):
    key = rsa_key()
    provider = FakeProvider(monkeypatch, [public_jwk(key, kid="k1")])
    start = client.get(reverse("oidc_authentication_init"))
    state = parse_qs(urlsplit(start.url).query)["state"][0]
    nonce = client.session["oidc_states"][state]["nonce"]
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": "borgingshuis", "sub": "s", "iat": now, "exp": now + 60}
    provider.id_token = jwt.encode(
        {**payload, "nonce": nonce}, key, algorithm="RS512", headers={"kid": "k1"}
    )
    response = client.get(reverse("oidc_authentication_callback"), {"code": "c", "state": state})
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_userinfo_about_another_subject_is_not_used(
    client, monkeypatch, fake_sign_on, organisation, coordinator
):
    """OpenID Connect Core 5.3.2. The address would have an invitation waiting."""
    from tests.invitations import make_invitation

    make_invitation(organisation, "bea@testdorp.nl", invited_by=coordinator)
    key = rsa_key()
    userinfo = {"sub": "iemand-anders", "email": "bea@testdorp.nl", "email_verified": True}
    provider = FakeProvider(monkeypatch, [public_jwk(key, kid="k1")], userinfo=userinfo)
    response = callback_with(client, provider, key, headers={"kid": "k1"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    assert str(REFUSALS["token"]) in client.get(response.url).content.decode()
    assert not SignOnBinding.objects.exists()
