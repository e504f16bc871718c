"""Write all of an organisation's data to a JSON file, to import into another installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.organisations.models import Organisation
from assessments.organisations.transfer.export import document_bytes, organisation_export
from assessments.organisations.transfer.schema import TransferError


class Command(BaseCommand):
    help = (
        "Schrijft alle gegevens van organisatie CODE (rondes, deelnemers, antwoorden, "
        "consensus, acties, logboek en de gebruikte modelversies) als JSON naar PATH. Het "
        "bestand bevat persoonsgegevens: bewaar en verstuur het veilig."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="De code (slug) van de organisatie.")
        parser.add_argument("path", help="Het bestand dat geschreven wordt.")

    def handle(self, *args, code, path, **options):
        organisation = Organisation.objects.filter(slug=code).first()
        if organisation is None:
            raise CommandError(f"Er is geen organisatie met code ‘{code}’.")
        try:
            data = document_bytes(organisation_export(organisation=organisation))
        except TransferError as error:
            raise CommandError(str(error)) from None
        try:
            Path(path).write_bytes(data)
        except OSError as error:
            raise CommandError(f"Kan {path} niet schrijven: {error.strerror}.") from None
        self.stdout.write(f"{organisation.name} geschreven naar {path} ({len(data)} bytes).")
