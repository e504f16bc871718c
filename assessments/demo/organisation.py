"""Gemeente Voorbeeld, its demo logins and their memberships."""

from django.contrib.auth import get_user_model

from assessments.models import Membership, Organisation

ORGANISATION = ("Gemeente Voorbeeld", "voorbeeld")
# Demo logins; the passwords are public on purpose and the command refuses to run with
# DEBUG off unless asked explicitly.
USERS = [
    ("demo-coordinator", "demo-coordinator-2026", Membership.Role.COORDINATOR, False),
    ("demo-lezer", "demo-lezer-2026", Membership.Role.VIEWER, False),
    ("beheer", "beheer-demo-2026", None, True),
]
NAMES = {"demo-coordinator": "Carla Coördinator", "demo-lezer": "Lex Lezer", "beheer": "Ben Beheer"}
# Who writes the demo's action updates.
AUTHOR = "demo-coordinator"


def organisation_load() -> Organisation:
    """The demo organisation with its logins and memberships, created where missing. A login
    that exists keeps its password and rights."""
    organisation, _created = Organisation.objects.get_or_create(
        slug=ORGANISATION[1], defaults={"name": ORGANISATION[0]}
    )
    User = get_user_model()
    for username, password, role, superuser in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "first_name": NAMES[username]},
        )
        if created:
            user.set_password(password)
            user.is_staff = user.is_superuser = superuser
            user.save()
        if role:
            Membership.objects.get_or_create(
                organisation=organisation, user=user, defaults={"role": role}
            )
    return organisation
