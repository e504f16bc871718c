"""What the test provider says about its users."""

# Accounts for which this provider misbehaves on purpose, so the tests can show that
# Borgingshuis refuses what a real provider signed: a token meant for another application,
# one that expired before it arrived, an address marked unverified with the string "false"
# (as some providers send it), or with no `email_verified` at all.
WRONG_AUDIENCE = "andere-app"
EXPIRED = "verlopen"
VERIFIED_AS_STRING = "onbevestigd"
VERIFIED_MISSING = "zonder-bevestiging"
# Whose tokens say how they logged in (amr, acr).
AMR = {"mfa": ["pwd", "mfa"], "wachtwoord": ["pwd"], "beheer-mfa": ["pwd", "otp"]}
ACR = {"niveau": "substantial"}


def subject(user):
    """The `sub` of a user: their username here, so a test can bind it beforehand."""
    return user.username


def userinfo(claims, user):
    claims["email"] = user.email
    claims["email_verified"] = True
    if user.username == VERIFIED_AS_STRING:
        claims["email_verified"] = "false"
    if user.username == VERIFIED_MISSING:
        del claims["email_verified"]
    claims["name"] = user.get_full_name() or user.username
    claims["preferred_username"] = user.username
    return claims


def misbehave(id_token, user, **kwargs):
    if user.username == WRONG_AUDIENCE:
        id_token["aud"] = "een-andere-toepassing"
    if user.username == EXPIRED:
        id_token["exp"] = id_token["iat"] - 600
    if user.username in AMR:
        id_token["amr"] = AMR[user.username]
    if user.username in ACR:
        id_token["acr"] = ACR[user.username]
    return id_token
