"""Write a round's borgingsrapport to a PDF file, the same file the download gives."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from assessments.models import Round
from assessments.reporting.pdf import pdf_current, pdf_render_stored, report_filename


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
        # A command may render here: it is no web request. The worker would store the same.
        language = settings.LANGUAGE_CODE
        with translation.override(language):
            pdf = pdf_current(round, language)
            cached = pdf is not None
            if not cached:
                pdf_render_stored(round_id=round.pk, language=language)
                stored = Round.objects.select_related("organisation").get(pk=round.pk)
                pdf = pdf_current(stored, language)
        target.write_bytes(pdf)
        source = "uit de opslag" if cached else "opnieuw gemaakt"
        self.stdout.write(f"{target} ({len(pdf)} bytes, {source})")
