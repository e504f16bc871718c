"""Single sign-on over OpenID Connect (mozilla-django-oidc), with the organisation's own
identity provider (Microsoft Entra ID, ADFS, Keycloak, ...). On when OIDC_ISSUER is set; the
provider's endpoints come from its discovery document.

Signing in over SSO never makes anyone a member of an organisation. It logs in the active
account with the e-mail address the provider vouches for (claim OIDC_EMAIL_CLAIM); without
such an account it makes one only for an address with an invitation waiting, which the
person then accepts on the invitation page. Any other address is refused.

The ID token is checked in full (mozilla-django-oidc checks the signature and the nonce
only): signature with the provider's published key, issuer, audience (our client id; azp
when there are several), expiry and issue time, nonce. PKCE protects the code."""

import hashlib

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .models import AccountSession
from .second_factor import SSO

CLOCK_SKEW = 30  # seconds a provider's clock may differ from ours
DISCOVERY_SECONDS = 3600

REFUSALS = {
    "no_account": _(
        "Voor dit e-mailadres is er geen account en geen uitnodiging. Vraag de coördinator "
        "van je organisatie om je uit te nodigen."
    ),
    "token": _(
        "Je organisatie-account gaf geen geldige aanmelding voor Borgingshuis. Probeer het "
        "opnieuw; lukt het weer niet, meld het dan aan de beheerder."
    ),
    "no_email": _(
        "Je organisatie-account gaf geen bevestigd e-mailadres door. Meld het aan de beheerder."
    ),
    "unreachable": _(
        "Inloggen met je organisatie-account lukt nu niet: de inlogdienst antwoordt niet. "
        "Probeer het later opnieuw."
    ),
}


class Refused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def sso_enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


def discovery() -> dict:
    """The provider's discovery document (cached for an hour). Raises Refused when the
    provider cannot be reached or names another issuer."""
    issuer = settings.OIDC_ISSUER
    key = "access:oidc-discovery:" + hashlib.sha256(issuer.encode()).hexdigest()
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(
                f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
            )
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError):
            raise Refused("unreachable") from None
        if document.get("issuer", "").rstrip("/") != issuer:
            raise Refused("token")
        cache.set(key, document, DISCOVERY_SECONDS)
    return document


def _endpoint(name):
    return property(lambda self: discovery()[name])


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """Reads its settings when used, so the backend costs nothing when SSO is off and
    Django builds it for a password login."""

    OIDC_OP_TOKEN_ENDPOINT = _endpoint("token_endpoint")
    OIDC_OP_USER_ENDPOINT = _endpoint("userinfo_endpoint")
    OIDC_OP_JWKS_ENDPOINT = _endpoint("jwks_uri")
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        """Only for the callback of our own sign-on, never for a password."""
        if (
            not sso_enabled()
            or request is None
            or "password" in kwargs
            or "nonce" not in kwargs
            or getattr(request.resolver_match, "url_name", None) != "oidc_authentication_callback"
        ):
            return None
        try:
            return super().authenticate(request, **kwargs)
        except Refused as refusal:
            request.sso_refusal = refusal.reason
        except requests.RequestException:
            request.sso_refusal = "unreachable"
        except SuspiciousOperation:
            request.sso_refusal = "token"
        return None

    def verify_token(self, token, **kwargs):
        key = self.retrieve_matching_jwk(token)
        algorithm = self.OIDC_RP_SIGN_ALGO
        try:
            if jwt.get_unverified_header(token).get("alg") != algorithm:
                raise Refused("token")
            payload = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER,
                leeway=CLOCK_SKEW,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError:
            raise Refused("token") from None
        audience = payload["aud"]
        several = isinstance(audience, list) and len(audience) > 1
        if several and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise Refused("token")
        if payload.get("nonce") != kwargs.get("nonce"):
            raise Refused("token")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        email = claims.get(settings.OIDC_EMAIL_CLAIM)
        if not isinstance(email, str) or "@" not in email or claims.get("email_verified") is False:
            raise Refused("no_email")
        users = list(self.UserModel.objects.filter(email__iexact=email.strip(), is_active=True)[:2])
        if len(users) > 1:
            raise Refused("no_account")
        if users:
            return users[0]
        user = sso_account_create(email=email.strip(), name=claims.get("name") or "")
        if user is None:
            raise Refused("no_account")
        return user


def sso_account_create(*, email: str, name: str = ""):
    """An account (username: the address in lower case, no password) for an address that
    has an invitation waiting, so its holder can accept it; no membership. Returns None,
    making nothing, when no unexpired invitation names the address or the username is
    taken by another account."""
    from assessments.organisations.models import MemberInvitation

    User = get_user_model()
    waiting = MemberInvitation.objects.filter(email__iexact=email, expires_at__gt=timezone.now())
    if not waiting.exists():
        return None
    user = User(username=email.lower(), email=User.objects.normalize_email(email))
    user.first_name = name.strip()[:150]
    user.set_unusable_password()
    try:
        user.full_clean(validate_unique=False)
        with transaction.atomic():
            user.save()
    except (ValidationError, IntegrityError):
        return None
    return user


class SignOnView(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider (GET /oidc/authenticate/?next=...)."""

    OIDC_OP_AUTH_ENDPOINT = _endpoint("authorization_endpoint")
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)

    def __init__(self, *args, **kwargs):
        View.__init__(self, *args, **kwargs)

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            return super().get(request)
        except Refused as refusal:
            return _refused(request, refusal.reason)


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back (GET /oidc/callback/?code=...&state=...)."""

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation:  # a state this browser never asked for
            return _refused(request, "token")

    def login_success(self):
        response = super().login_success()
        session = self.request.session
        session[SSO] = True
        AccountSession.objects.filter(session_key=session.session_key).update(
            method=AccountSession.Method.SSO
        )
        return response

    def login_failure(self):
        return _refused(self.request, getattr(self.request, "sso_refusal", "token"))


def _refused(request, reason):
    messages.error(request, REFUSALS[reason])
    next_url = request.session.get("oidc_login_next")
    url = reverse("login")
    return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
