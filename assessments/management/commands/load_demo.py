"""Load a demo organisation with three closed rounds (2024-2026) and their action plan with
its history, for trying the report, the trend and the action plan, and a werkorganisatie with
scans per project and gemeente. Idempotent. The demo itself is built in `assessments/demo/`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.demo.load import demo_load
from assessments.demo.organisation import USERS
from assessments.demo.peers import BEGELEID, BEGELEIDER
from assessments.demo.werkorganisatie import ORGANISATION as WERKORGANISATIE
from assessments.demo.werkorganisatie import USERS as WERKORGANISATIE_USERS
from assessments.demo.werkorganisatie_scans import GEMEENTEN
from assessments.models import Membership


class Command(BaseCommand):
    help = (
        "Laadt een demo: Gemeente Voorbeeld met de gesloten rondes Borgingsscan 2024, 2025 en "
        "2026 (met acties en hun voortgang), Werkorganisatie Drie Dorpen met projectscans en "
        "een scan van de hele werkorganisatie, en demo-logins. Nog een keer draaien verandert "
        "niets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Ook laden buiten een ontwikkelomgeving (de demo-wachtwoorden zijn openbaar).",
        )

    def handle(self, *args, **options):
        if (
            not getattr(settings, "DEVELOPMENT", settings.DEBUG)
            and not options["allow_without_debug"]
        ):
            raise CommandError(
                "De demo heeft openbare wachtwoorden. Gebruik --allow-without-debug als je dat "
                "echt wilt."
            )
        organisation = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo geladen: {organisation.name}."))
        self._code(organisation.slug)
        labels = dict(Membership.Role.choices)
        for username, password, role, _superuser in USERS:
            label = labels.get(role, "superuser (beheer)")
            self.stdout.write(f"  {label}: gebruikersnaam {username}, wachtwoord {password}")
        # borgingshuis/access/second_factor.py: /beheer/ always asks for a second factor.
        everywhere = " (en bij elke login: TWO_FACTOR_REQUIRED staat aan)" * bool(
            settings.TWO_FACTOR_REQUIRED
        )
        self.stdout.write(
            f"  /beheer/ vraagt altijd een tweede stap{everywhere}: de eerste keer stel je een "
            "authenticator-app in (de pagina toont een QR-code en de sleutel; zonder telefoon "
            "geeft `oathtool --totp -b SLEUTEL` de codes)."
        )
        username, password, _name = BEGELEIDER
        self.stdout.write(
            f"  Begeleider van {', '.join(BEGELEID)}: gebruikersnaam {username}, "
            f"wachtwoord {password}"
        )
        name, code = WERKORGANISATIE
        *others, last = GEMEENTEN
        self.stdout.write(
            self.style.SUCCESS(
                f"Ook geladen: {name}, voor de gemeenten {', '.join(others)} en {last}."
            )
        )
        self._code(code)
        for username, password, role in WERKORGANISATIE_USERS:
            self.stdout.write(f"  {labels[role]}: gebruikersnaam {username}, wachtwoord {password}")

    def _code(self, code: str) -> None:
        self.stdout.write(f"  Code van de organisatie: {code} (haar pagina: /organisaties/{code}/)")
