"""Make a benchmark release now (when one is due), or start the weekly chain on the task
worker (--schedule)."""

from django.core.management.base import BaseCommand

from assessments.benchmark.services import benchmark_release_make
from assessments.benchmark.tasks import schedule_next_run


class Command(BaseCommand):
    help = (
        "Berekent een nieuwe vergelijking tussen organisaties, als die nodig is. Met "
        "--schedule: zet ook de wekelijkse taak voor de worker (db_worker) klaar."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Zet de wekelijkse taak klaar als die nog niet wacht (veilig om te herhalen).",
        )

    def handle(self, *args, schedule, **options):
        release = benchmark_release_make()
        if release is None:
            self.stdout.write(
                "Geen nieuwe vergelijking: te weinig veranderd of te weinig organisaties."
            )
        else:
            self.stdout.write(
                f"Nieuwe vergelijking gemaakt: {release.organisations} organisaties doen mee."
            )
        if schedule:
            queued = schedule_next_run()
            self.stdout.write(
                "Wekelijkse taak klaargezet." if queued else "Wekelijkse taak wachtte al."
            )
