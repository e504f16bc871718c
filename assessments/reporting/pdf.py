"""The borgingsrapport as A4 PDF: rendered by WeasyPrint in the task worker (tasks.py), never
in a web request, and stored per round and language until what it shows changes
(common/stored_pdf.py, which the action plan's PDF shares).

The web process only asks: pdf_current() serves a stored PDF whose key (pdf_version.py) is
still the round's, pdf_render_request() queues a render otherwise. The worker runs the task
render_report_pdf, which runs pdf_render_stored().
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import slugify
from django_tasks import task

from ..common.stored_pdf import PdfSlot, PdfState
from ..rounds.models import Round
from .comparison import comparison_shown
from .models import RenderedReport
from .pdf_version import report_key
from .report import PRINT_HOUSE, Report, build_report
from .sources import read_sources
from .tussenstand import tussenstand_released


def report_filename(round: Round, extension: str = "pdf") -> str:
    """The download name of the round's report, e.g. borgingsrapport-gemeente-x-scan-2026.pdf;
    the CSV of its figures has the same name with extension "csv"."""
    organisation = slugify(round.organisation.name) or round.organisation.slug
    return f"borgingsrapport-{organisation}-{slugify(round.name) or round.pk}.{extension}"


def render_report_html(report: Report) -> str:
    """The PDF's HTML, with the benchmark comparison when the organisation takes part (a new
    release or consent forgets the stored PDFs' keys: benchmark/services.py)."""
    context = {**report.context(), "comparison": comparison_shown(report)}
    return render_to_string("pdf/borgingsrapport.html", context)


def print_report(round: Round, sources=None) -> Report:
    """The report as the PDF shows it: the wide house only, the appendix as the coordinator
    chose."""
    return build_report(round, sources=sources, house=PRINT_HOUSE, appendix=round.report_appendix)


def report_slot(round_id: int, language: str) -> PdfSlot:
    """Where the round's PDF in `language` is stored, and the task that renders it."""
    return PdfSlot(RenderedReport, {"round_id": round_id}, language, render_report_pdf)


def pdf_current(round: Round, language: str) -> bytes | None:
    """The stored PDF of `round` in `language` when it is still current, else None. Four
    queries (six for an open round), none of them over the answers."""
    return report_slot(round.pk, language).current(report_key(round, language))


def pdf_state(round: Round, language: str) -> PdfState:
    """Where the PDF of `round` in `language` stands; queues a render when it is not current
    and none is on its way. A constant number of queries."""
    return report_slot(round.pk, language).state(report_key(round, language))


def pdf_render_request(
    *, round_id: int, language: str, wait_for_running: bool = False
) -> RenderedReport:
    """Queue a render of the round's PDF in `language` unless one is on its way (see
    PdfSlot.request_render). Returns the stored row (without its PDF)."""
    return report_slot(round_id, language).request_render(wait_for_running=wait_for_running)


def pdf_renders_request(round_id: int) -> None:
    """What the round's report shows changed: queue a render in the site's language and in
    every language a PDF of it was asked for before."""
    languages = set(
        RenderedReport.objects.filter(round_id=round_id).values_list("language", flat=True)
    )
    for language in sorted(languages | {settings.LANGUAGE_CODE}):
        pdf_render_request(round_id=round_id, language=language)


def pdf_render_stored(*, round_id: int, language: str) -> str:
    """Render the round's PDF in `language` as the round is now and store it; what the worker
    runs. Returns "rendered", "current" (nothing changed since the stored one) or "gone" (the
    round was deleted)."""

    def prepare():
        round = Round.objects.select_related("organisation", "framework", "onderdeel").filter(
            pk=round_id
        )
        round = round.first()
        if round is None:
            return None
        if round.is_open:
            tussenstand_released(round)  # release a due tussenstand first, so the key has it
        key = report_key(round, language)
        return key, lambda: render_report_html(print_report(round, read_sources(round)))

    return report_slot(round_id, language).render_stored(prepare)


@task()
def render_report_pdf(round_id: int, language: str) -> str:
    """The worker's task: render and store the round's PDF borgingsrapport in `language`."""
    return pdf_render_stored(round_id=round_id, language=language)
