"""Single sign-on over OpenID Connect (mozilla-django-oidc), with the organisation's own
identity provider (Microsoft Entra ID, ADFS, Keycloak, ...). On when OIDC_ISSUER is set; the
provider's endpoints come from its discovery document.

Who signs on: the account bound to the token's issuer and subject (`sub`, SignOnBinding),
and no other. The e-mail address in the token never picks an existing account; it only
serves an address with an invitation waiting and no account yet: that gets a new account
without a password, bound to this subject, and the person accepts the invitation on its
page. An account that already exists links its organisation account once, logged in with
password and second factor ("Koppel aan inloggen via je organisatie", views.sign_on_link_view); one
without a password to log in with (everyone signs on, the beheerder) links at its next
sign-on once the server's operator permitted it (manage.py sso_permit_link). Signing on never
makes anyone a member of an organisation.

The ID token is checked in full (mozilla-django-oidc checks the signature and the nonce
only): signature with the provider's published key (the one named by `kid`, or its only
signing key when the token names none), issuer, audience (our client id; azp when there are
several), expiry and issue time, nonce. PKCE protects the code. Whether the provider asked
for a second factor is read from the token (`amr`, `acr`: `token_shows_mfa`), never assumed.

A refused sign-on is not a password guess: django-axes neither counts nor blocks the
callback (`not_a_password_attempt`), so refusals lock no one out."""

import hashlib
import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from assessments.common.addresses import address_key

from .models import AccountSession, SignOnBinding
from .provider_mfa import token_shows_mfa
from .second_factor import SSO, SSO_MFA
from .sign_on_bindings import (
    Refused,
    sign_on_link,
    sign_on_link_permitted,
    sso_account_create,
)

log = logging.getLogger(__name__)

CLOCK_SKEW = 30  # seconds a provider's clock may differ from ours
DISCOVERY_SECONDS = 3600
LINK = "access_sso_link"  # the session's account asked to link its organisation account
CALLBACK = "oidc_authentication_callback"
SUBJECT_LENGTH = 255  # OpenID Connect Core 2: a subject is at most 255 ASCII characters

REFUSALS = {
    "no_account": _(
        "Voor dit e-mailadres is er geen account en geen uitnodiging. Vraag de coördinator "
        "van je organisatie om je uit te nodigen."
    ),
    "link_first": _(
        "Er is al een account met dit e-mailadres, maar het is nog niet gekoppeld aan je "
        "organisatie-account. Log één keer in met je wachtwoord en je tweede stap, en kies "
        "dan op de pagina Account: Koppel aan inloggen via je organisatie."
    ),
    "bound_elsewhere": _(
        "Dit organisatie-account is al gekoppeld aan een ander account in Borgingshuis. "
        "Er is niets gekoppeld."
    ),
    "address": _(
        "Je organisatie-account gaf een e-mailadres door met tekens die we niet aannemen "
        "(alleen letters a tot z, cijfers en . - _ + zijn mogelijk). Meld het aan de beheerder."
    ),
    "token": _(
        "Je organisatie-account gaf geen geldige aanmelding voor Borgingshuis. Probeer het "
        "opnieuw; lukt het weer niet, meld het dan aan de beheerder."
    ),
    "key": _(
        "Je organisatie-account gaf een aanmelding die we niet kunnen controleren: de "
        "inlogdienst zegt niet met welke sleutel zij ondertekend is. Meld het aan de beheerder."
    ),
    "no_email": _(
        "Je organisatie-account gaf geen bevestigd e-mailadres door. Meld het aan de beheerder."
    ),
    "unreachable": _(
        "Inloggen met je organisatie-account lukt nu niet: de inlogdienst antwoordt niet. "
        "Probeer het later opnieuw."
    ),
}
# What a provider's answer can break in the libraries when it is malformed; each is a
# refusal with a message, never a server error.
MALFORMED = (jwt.PyJWTError, KeyError, TypeError, ValueError, AttributeError)


def sso_enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


def not_a_password_attempt(request, credentials) -> bool:
    """AXES_WHITELIST_CALLABLE: the SSO callback is no password guess. A refused sign-on
    (no invitation, a bad token) is not counted, and a lockout of the address does not
    block it: there is nothing to guess here, the provider checks the person."""
    match = getattr(request, "resolver_match", None)
    return getattr(match, "url_name", None) == CALLBACK


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
        if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer:
            raise Refused("token")
        cache.set(key, document, DISCOVERY_SECONDS)
    return document


def signing_key(token: str, jwks: dict, algorithm: str) -> jwt.PyJWK:
    """The provider's key that signed `token`: the one its header names (`kid`), or, for a
    token that names none, the provider's only signing key for `algorithm`. Raises Refused
    ("key") when no single key fits."""
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.PyJWTError:
        raise Refused("token") from None
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    fitting = [
        key
        for key in (keys if isinstance(keys, list) else [])
        if isinstance(key, dict)
        and key.get("use", "sig") == "sig"
        and key.get("alg", algorithm) == algorithm
        and (kid is None or key.get("kid") == kid)
    ]
    if len(fitting) != 1:
        raise Refused("key")
    try:
        return jwt.PyJWK(fitting[0], algorithm=algorithm)
    except jwt.PyJWTError:
        raise Refused("key") from None


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
            or getattr(request.resolver_match, "url_name", None) != CALLBACK
        ):
            return None
        try:
            return super().authenticate(request, **kwargs)
        except Refused as refusal:
            request.sso_refusal = refusal.reason
        except requests.RequestException:
            request.sso_refusal = "unreachable"
        except (SuspiciousOperation, *MALFORMED) as error:
            log.warning("Single sign-on refused: %s", type(error).__name__)
            request.sso_refusal = "token"
        return None

    def retrieve_matching_jwk(self, token):
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        return signing_key(token, response.json(), self.OIDC_RP_SIGN_ALGO)

    def verify_token(self, token, **kwargs):
        if not isinstance(token, str):
            raise Refused("token")
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
        subject = payload["sub"]
        if not isinstance(subject, str) or not 0 < len(subject) <= SUBJECT_LENGTH:
            raise Refused("token")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        request, issuer, subject = self.request, settings.OIDC_ISSUER, payload["sub"]
        request.sso_mfa = token_shows_mfa(payload)
        linking = getattr(request, "sso_link_user_id", None)
        if linking is not None:
            return sign_on_link(request=request, user_id=linking, issuer=issuer, subject=subject)
        binding = (
            SignOnBinding.objects.select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if binding is not None:
            if not binding.user.is_active:
                raise Refused("no_account")
            return binding.user
        userinfo = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: userinfo about another subject must not be used.
        if not isinstance(userinfo, dict) or userinfo.get("sub", subject) != subject:
            raise Refused("token")
        claims = {**payload, **userinfo}
        email = vouched_address(claims)
        permitted = sign_on_link_permitted(issuer=issuer, subject=subject, email=email)
        if permitted is not None:
            return permitted
        return sso_account_create(
            issuer=issuer,
            subject=subject,
            email=email,
            name=claims.get("name") if isinstance(claims.get("name"), str) else "",
        )


def vouched_address(claims: dict) -> str:
    """The address the provider vouches for, as stored and compared (address_key). Raises
    Refused: "no_email" without an address, or when `email_verified` is not the JSON value
    true (a missing claim is accepted only with OIDC_EMAIL_VERIFIED_REQUIRED off);
    "address" for an address with characters we refuse (look-alike letters)."""
    email = claims.get(settings.OIDC_EMAIL_CLAIM)
    verified = claims.get("email_verified")
    if verified is not True and (verified is not None or settings.OIDC_EMAIL_VERIFIED_REQUIRED):
        raise Refused("no_email")
    if not isinstance(email, str) or "@" not in email:
        raise Refused("no_email")
    key = address_key(email)
    if key is None:
        raise Refused("address")
    return key


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
        # A link asked for by this session holds for this one callback only, whatever
        # comes back (the library reloads the session on its way).
        request.sso_link_user_id = request.session.pop(LINK, None)
        try:
            return super().get(request)
        except SuspiciousOperation:  # a state this browser never asked for
            return _refused(request, "token")
        except (Refused, *MALFORMED):  # a session or answer shaped like no sign-on of ours
            return _refused(request, "token")

    def login_success(self):
        if getattr(self.request, "sso_linked", False):
            # Already logged in as this account: the session stays what it was (password
            # and second factor, its clocks running), no new login.
            messages.success(
                self.request, _("Je account is gekoppeld aan inloggen via je organisatie.")
            )
            return HttpResponseRedirect(self.success_url)
        response = super().login_success()
        session = self.request.session
        session[SSO] = True
        session[SSO_MFA] = bool(getattr(self.request, "sso_mfa", False))
        AccountSession.objects.filter(session_key=session.session_key).update(
            method=AccountSession.Method.SSO
        )
        return response

    def login_failure(self):
        return _refused(self.request, getattr(self.request, "sso_refusal", "token"))


def _refused(request, reason):
    messages.error(request, REFUSALS[reason])
    if getattr(request, "sso_link_user_id", None) is not None:
        return redirect("access:account")
    next_url = request.session.get("oidc_login_next")
    url = reverse("login")
    return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
