"""Restore an organisation from a file written by export_organisation, all or nothing, naming
every existing account it links and the role that account gets."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.organisations.transfer.importer import account_name, organisation_import
from assessments.organisations.transfer.schema import TransferError


class Command(BaseCommand):
    help = (
        "Leest een export van een organisatie (export_organisation) in. Alles of niets: bij "
        "een fout wordt niets geschreven. Nieuwe accounts krijgen geen wachtwoord; de "
        "mensen kiezen er een via ‘Wachtwoord vergeten?’. Bestaande accounts met dezelfde "
        "gebruikersnaam worden alleen gekoppeld met --link-existing-accounts (welke rol ze ook "
        "krijgen), en genoemd, ook in het logboek."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Het bestand van export_organisation.")
        parser.add_argument(
            "--link-existing-accounts",
            action="store_true",
            help=(
                "Sta toe dat bestaande accounts van deze installatie aan de ingelezen organisatie "
                "worden gekoppeld, met welke rol ook (controleer eerst of het dezelfde mensen "
                "zijn)."
            ),
        )

    def handle(self, *args, path, link_existing_accounts, **options):
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Kan {path} niet lezen: {error.strerror}.") from None
        try:
            result = organisation_import(data=data, link_existing_accounts=link_existing_accounts)
        except TransferError as error:
            raise CommandError(f"Niets ingelezen. {error}") from None
        self.stdout.write(f"{result.organisation.name} ingelezen.")
        for name, count in sorted(result.created.items()):
            self.stdout.write(f"  {name}: {count} nieuw")
        for name, count in sorted(result.reused.items()):
            self.stdout.write(f"  {name}: {count} bestond al, die is gebruikt")
        if result.linked:
            self.stdout.write("Bestaande accounts gekoppeld, met hun rol:")
            for link in result.linked:
                self.stdout.write(f"  {account_name(link.user)}: {link.role_label}")
        else:
            self.stdout.write("Geen bestaande accounts gekoppeld.")
