from django.core.management import call_command
from django.core.management.base import BaseCommand

from bouwstenen.models import Framework

FIXTURE = "borgingshuis_model"
SLUG = "borgingshuis-2023"


class Command(BaseCommand):
    help = (
        "Laadt het Borgingshuis Participatie (11 bouwstenen) als het er nog niet is. "
        "Bestaande teksten, ook aangepaste, blijven staan."
    )

    def handle(self, *args, **options):
        if Framework.objects.filter(slug=SLUG).exists():
            self.stdout.write("Het Borgingshuis-model is al geladen.")
            return
        call_command("loaddata", FIXTURE, verbosity=0)
        self.stdout.write(self.style.SUCCESS("Het Borgingshuis-model is geladen."))
