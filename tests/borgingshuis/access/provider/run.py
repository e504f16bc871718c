"""Starts the test identity provider: `python -m tests.borgingshuis.access.provider.run PORT
DATABASE REDIRECT_URI...`. Makes its database, its signing key, the client "borgingshuis"
(secret CLIENT_SECRET) with the given redirect URIs and the users in USERS, then serves on
127.0.0.1:PORT until it is stopped."""

import os
import sys

CLIENT_ID = "borgingshuis"
CLIENT_SECRET = "test-client-secret"
PASSWORD = "provider-wachtwoord-1"
# (username at the provider, e-mail address it tells the app)
USERS = [
    ("bea", "bea@testdorp.nl"),
    ("coordinator", "coordinator@example.org"),
    ("onbekend", "onbekend@example.org"),
    ("andere-app", "coordinator@example.org"),
    ("verlopen", "coordinator@example.org"),
    ("onbevestigd", "bea@testdorp.nl"),
    ("zonder-bevestiging", "bea@testdorp.nl"),
    # look-alikes of the coordinator's and the outsider's addresses: dotless ı, long ſ
    ("dotless", "coordınator@example.org"),
    ("long-s", "buitenſtaander@example.org"),
    ("mfa", "mfa@example.org"),
    ("wachtwoord", "wachtwoord@example.org"),
    ("beheer-mfa", "beheer-mfa@example.org"),
    ("niveau", "niveau@example.org"),
]


def main(port, database, *redirect_uris):
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.borgingshuis.access.provider.settings"
    os.environ["PROVIDER_DATABASE"] = database
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("creatersakey", stdout=quiet)
    client = Client.objects.create(
        name="Borgingshuis",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type="confidential",
        jwt_alg="RS256",
        require_consent=False,
    )
    client.redirect_uris = list(redirect_uris)
    client.save()
    client.response_types.set(ResponseType.objects.filter(value="code"))
    for username, email in USERS:
        get_user_model().objects.create_user(username, email, PASSWORD)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
