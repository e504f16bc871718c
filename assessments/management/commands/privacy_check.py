"""The exact attacker on one real round, for an organisation's privacy officer: how many
people's level on each bouwsteen the round's figures so far pin down (assessments/privacy)."""

from django.core.management.base import BaseCommand, CommandError

from assessments.privacy.check import round_check
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
        "vastligt."
    )

    def add_arguments(self, parser):
        parser.add_argument("round", type=int, help="Het nummer (id) van de ronde.")

    def handle(self, *args, round, **options):
        stored = Round.objects.select_related("organisation").filter(pk=round).first()
        if stored is None:
            raise CommandError(f"Ronde {round} bestaat niet.")
        try:
            check = round_check(stored)
        except ImportError as error:
            raise CommandError(
                "De rekenaar (ortools) is niet geïnstalleerd: pip install 'ortools>=9.10'."
            ) from error
        self.stdout.write(
            f"Ronde {stored.pk} ‘{stored.name}’ van {stored.organisation.name}: "
            f"{check.releases} keer cijfers vrijgegeven, nagerekend in {check.seconds:.1f} s."
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
