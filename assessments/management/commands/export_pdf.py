"""Write a round's borgingsrapport to a PDF file, the same file the download gives."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from assessments.models import Round
from assessments.reporting.pdf import report_filename, report_pdf


class Command(BaseCommand):
    help = "Schrijft het borgingsrapport (PDF) van ronde ROUND_ID naar PATH."

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)
        parser.add_argument("path", help="Bestand, of een map: dan krijgt het de standaardnaam.")

    def handle(self, *args, round_id, path, **options):
        round = Round.objects.select_related("organisation", "framework").filter(pk=round_id)
        round = round.first()
        if round is None:
            raise CommandError(f"Ronde {round_id} bestaat niet.")
        target = Path(path)
        if target.is_dir():
            target = target / report_filename(round)
        with translation.override(settings.LANGUAGE_CODE):
            pdf, cached = report_pdf(round)
        target.write_bytes(pdf)
        source = "uit de cache" if cached else "opnieuw gemaakt"
        self.stdout.write(f"{target} ({len(pdf)} bytes, {source})")
