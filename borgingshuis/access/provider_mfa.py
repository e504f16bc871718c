"""Whether an identity provider's ID token shows that the person gave a second factor there.

Invariant: without such evidence in the signed token, single sign-on never stands in for
our own second factor, whatever the settings say. The evidence (RFC 8176, OpenID Connect
Core 2) is
- `amr` (authentication methods) naming "mfa", or methods from two different kinds of
  factor: something known (pwd, pin, kba), something held (otp, hwk, swk, sc, sms, tel)
  and something one is (fpt, face, iris, retina, vbm). "otp" alone is one factor; or
- `acr` (authentication context class) equal to one of OIDC_MFA_ACR_VALUES, the values the
  provider uses for a login with a second factor (Keycloak's level, eIDAS "substantial",
  ...): the provider's administrator says which.

Plain Python apart from reading that one setting."""

from django.conf import settings

FACTORS = {
    "know": {"pwd", "pin", "kba"},
    "have": {"otp", "hwk", "swk", "sc", "sms", "tel"},
    "are": {"fpt", "face", "iris", "retina", "vbm"},
}


def amr_shows_mfa(amr) -> bool:
    """Whether an `amr` claim (a JSON array of strings) names several factors."""
    if not isinstance(amr, list) or not all(isinstance(method, str) for method in amr):
        return False
    methods = set(amr)
    if "mfa" in methods:
        return True
    return sum(1 for kind in FACTORS.values() if methods & kind) >= 2


def token_shows_mfa(payload: dict, acr_values=None) -> bool:
    """Whether the ID token's claims show a login with a second factor (see above)."""
    acr_values = settings.OIDC_MFA_ACR_VALUES if acr_values is None else acr_values
    acr = payload.get("acr")
    if isinstance(acr, str) and acr in acr_values:
        return True
    return amr_shows_mfa(payload.get("amr"))
