"""The exact attacker on one real round, for an organisation's privacy officer: how many
people's level on each bouwsteen the round's figures so far pin down (assessments/privacy)."""

from django.core.management.base import BaseCommand, CommandError

from assessments.privacy.attacker import Inconsistent
from assessments.privacy.check import round_check
from assessments.privacy.rode_draad import rode_draad_check
from assessments.rodedraad.models import RodeDraad
from assessments.rounds.models import Round

FIELD_NAMES = {"current": "huidig", "desired": "gewenst"}


class Command(BaseCommand):
    help = (
        "Rekent na of de cijfers van een ronde tot nu toe (elke tussenstand en de eindcijfers) "
        "iemands niveau verraden (ook het bestuur per gemeente), met alles wat een coördinator "
        "weet: wie wanneer verstuurde, ieders rol en gemeente en de eigen antwoorden. Per "
        "bouwsteen staat hoeveel mensen hun niveau vastligt (dat moet 0 zijn), en hoeveel "
        "alleen omdat hun hele groep hetzelfde gaf (zo werkt een cijfer). Tussenstanden "
        "worden nagerekend met de groepsgrootte van nu. Stopt met een fout als iemands niveau "
        "vastligt. Met --rode-draad: alle gesloten rondes van de organisatie van dat model en "
        "de rode draad erover samen; met --zelfde-personen ook als één adres in meer scans "
        "één persoon is met steeds dezelfde antwoorden."
    )

    def add_arguments(self, parser):
        parser.add_argument("round", type=int, nargs="?", help="Het nummer (id) van de ronde.")
        parser.add_argument(
            "--rode-draad",
            type=int,
            help="Het nummer (id) van een rode draad, in plaats van een ronde.",
        )
        parser.add_argument(
            "--zelfde-personen",
            action="store_true",
            help="Met --rode-draad: één adres in meer scans is één persoon.",
        )

    def handle(self, *args, round, rode_draad, zelfde_personen, **options):
        if (round is None) == (rode_draad is None):
            raise CommandError("Geef een ronde of een rode draad (--rode-draad), niet allebei.")
        try:
            if rode_draad is not None:
                check, title = self._rode_draad(rode_draad, zelfde_personen)
            else:
                stored = Round.objects.select_related("organisation").filter(pk=round).first()
                if stored is None:
                    raise CommandError(f"Ronde {round} bestaat niet.")
                check = round_check(stored)
                title = f"Ronde {stored.pk} ‘{stored.name}’ van {stored.organisation.name}"
        except ImportError as error:
            raise CommandError(
                "De rekenaar (ortools) is niet geïnstalleerd: pip install 'ortools>=9.10'."
            ) from error
        self.stdout.write(
            f"{title}: {check.releases} keer cijfers vrijgegeven, "
            f"nagerekend in {check.seconds:.1f} s."
        )
        for item in check.questions:
            line = (
                f"Bouwsteen {item.number} {item.title} ({FIELD_NAMES[item.field]}): "
                f"{item.pinned} van {item.people} mensen vastgepind"
            )
            if item.unanimous:
                line += f"; {item.unanimous} door een eensgezinde groep"
            if not item.decided:
                line += "; niet binnen de tijd uitgerekend"
            self.stdout.write(line)
        if not check.decided:
            raise CommandError(
                "Niet alles kon binnen de tijd worden uitgerekend; zie de regels hierboven."
            )
        if check.pinned:
            raise CommandError(f"{check.pinned} keer ligt iemands niveau vast.")
        self.stdout.write("Niemands niveau ligt vast.")

    def _rode_draad(self, pk, linked):
        stored = RodeDraad.objects.select_related("organisation").filter(pk=pk).first()
        if stored is None:
            raise CommandError(f"Rode draad {pk} bestaat niet.")
        title = f"Rode draad {stored.pk} ‘{stored.name}’ van {stored.organisation.name}"
        try:
            return rode_draad_check(stored, linked=linked), title
        except Inconsistent:
            raise CommandError(
                "Iemand gaf in twee scans andere antwoorden: --zelfde-personen past hier niet."
            ) from None
