"""Restore an organisation from a file written by export_organisation, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.organisations.transfer.importer import organisation_import
from assessments.organisations.transfer.schema import TransferError


class Command(BaseCommand):
    help = (
        "Leest een export van een organisatie (export_organisation) in. Alles of niets: bij "
        "een fout wordt niets geschreven. Nieuwe accounts krijgen geen wachtwoord; de "
        "mensen kiezen er een via ‘Wachtwoord vergeten?’."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Het bestand van export_organisation.")

    def handle(self, *args, path, **options):
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Kan {path} niet lezen: {error.strerror}.") from None
        try:
            result = organisation_import(data=data)
        except TransferError as error:
            raise CommandError(f"Niets ingelezen. {error}") from None
        self.stdout.write(f"{result.organisation.name} ingelezen.")
        for name, count in sorted(result.created.items()):
            self.stdout.write(f"  {name}: {count} nieuw")
        for name, count in sorted(result.reused.items()):
            self.stdout.write(f"  {name}: {count} bestond al, die is gebruikt")
