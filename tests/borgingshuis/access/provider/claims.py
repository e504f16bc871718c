"""What the test provider says about its users."""

# Two accounts for which this provider misbehaves on purpose, so the tests can show that
# Borgingshuis refuses what a real provider signed: a token meant for another application,
# and one that expired before it arrived.
WRONG_AUDIENCE = "andere-app"
EXPIRED = "verlopen"


def userinfo(claims, user):
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["name"] = user.get_full_name() or user.username
    claims["preferred_username"] = user.username
    return claims


def misbehave(id_token, user, **kwargs):
    if user.username == WRONG_AUDIENCE:
        id_token["aud"] = "een-andere-toepassing"
    if user.username == EXPIRED:
        id_token["exp"] = id_token["iat"] - 600
    return id_token
