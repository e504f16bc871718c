from django.core.management.base import BaseCommand

from bouwstenen.loading import SHIPPED_MODELS, shipped_model_load


class Command(BaseCommand):
    help = (
        "Laadt de meegeleverde modellen die er nog niet zijn (op code). Bestaande modellen, "
        "ook aangepaste, blijven zoals ze zijn; een nieuwere versie komt ongepubliceerd binnen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "fixtures", nargs="*", help="fixtures to load instead of the shipped models"
        )

    def handle(self, *args, fixtures, **options):
        for fixture in fixtures or SHIPPED_MODELS:
            framework = shipped_model_load(fixture=fixture)
            if framework is None:
                self.stdout.write(f"{fixture}: is al geladen, niets veranderd.")
            else:
                state = "gepubliceerd" if framework.is_published else "nog niet gepubliceerd"
                self.stdout.write(self.style.SUCCESS(f"{fixture}: {framework} geladen ({state})."))
