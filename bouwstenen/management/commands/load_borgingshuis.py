from .load_models import Command as LoadModels


class Command(LoadModels):
    help = (
        "Laadt het Borgingshuis Participatie als het er nog niet is (load_models laadt alle "
        "meegeleverde modellen). Bestaande teksten, ook aangepaste, blijven staan."
    )

    def handle(self, *args, fixtures, **options):
        super().handle(*args, fixtures=fixtures or ["borgingshuis_model"], **options)
