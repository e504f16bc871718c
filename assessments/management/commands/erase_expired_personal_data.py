"""Erase the personal data of closed rounds past their organisation's retention period, and
colleagues' addresses as long past it: for cron, or to start the daily task chain on the
task worker (--schedule)."""

from django.core.management.base import BaseCommand

from assessments.retention.services import (
    colleague_addresses_erase,
    erase_expired_personal_data,
)
from assessments.retention.tasks import schedule_next_run


class Command(BaseCommand):
    help = (
        "Wist de persoonsgegevens van gesloten rondes waarvan de bewaartermijn voorbij is, "
        "en de adressen van uitgenodigde collega's als die termijn voorbij is. "
        "Met --schedule: zet ook de dagelijkse taak voor de worker (db_worker) klaar."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Zet de dagelijkse taak klaar als die nog niet wacht (veilig om te herhalen).",
        )

    def handle(self, *args, schedule, **options):
        erased = erase_expired_personal_data()
        for item in erased:
            self.stdout.write(
                f"{item.round.organisation.slug}: {item.round.name} ({item.people} personen gewist)"
            )
        self.stdout.write(f"{len(erased)} rondes gewist.")
        for item in colleague_addresses_erase():
            self.stdout.write(
                f"{item.organisation.slug}: adressen van collega's gewist "
                f"({item.entries} in het logboek, {item.invitations} verlopen uitnodigingen)"
            )
        if schedule:
            queued = schedule_next_run()
            self.stdout.write(
                "Dagelijkse taak klaargezet." if queued else "Dagelijkse taak wachtte al."
            )
