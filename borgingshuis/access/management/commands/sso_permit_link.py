"""manage.py sso_permit_link USERNAME [--minutes N]"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from borgingshuis.access.models import SignOnLinkPermit


class Command(BaseCommand):
    help = (
        "Lets the next single sign-on with this account's e-mail address, within MINUTES "
        "(default 60), bind the provider's subject to the account: for an account that has "
        "no password to log in with and link itself (LOCAL_PASSWORDS=0, the beheerder)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--minutes", type=int, default=60)

    def handle(self, *args, username, minutes, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Geen actief account met gebruikersnaam {username}.")
        if not user.email:
            raise CommandError(f"{username} heeft geen e-mailadres.")
        if not 1 <= minutes <= 24 * 60:
            raise CommandError("--minutes: tussen 1 en 1440.")
        expires_at = timezone.now() + timedelta(minutes=minutes)
        SignOnLinkPermit.objects.update_or_create(user=user, defaults={"expires_at": expires_at})
        self.stdout.write(
            f"De eerste aanmelding via de organisatie met {user.email} tot "
            f"{timezone.localtime(expires_at):%H:%M} koppelt die aan {username}."
        )
