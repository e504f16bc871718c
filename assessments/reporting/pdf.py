"""The borgingsrapport as A4 PDF: rendered by WeasyPrint in the task worker (tasks.py), never
in a web request, and stored per round and language until what it shows changes.

The web process only asks: pdf_current() serves a stored PDF whose key (pdf_version.py) is
still the round's, pdf_render_request() queues a render otherwise. The worker runs
pdf_render_stored().
"""

import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from ..rounds.models import Round
from .models import RenderedReport
from .pdf_version import report_key
from .report import PRINT_HOUSE, Report, build_report
from .sources import read_sources
from .tussenstand import tussenstand_released

PDF_STYLESHEETS = ["css/report.css", "css/report-print.css", "css/widths.css"]
# A queued or running render not heard of for this long is taken for lost (a worker that
# was stopped mid-render) and queued again.
RENDER_LOST_AFTER = datetime.timedelta(minutes=10)
Stage = RenderedReport.Stage


def report_filename(round: Round, extension: str = "pdf") -> str:
    """The download name of the round's report, e.g. borgingsrapport-gemeente-x-scan-2026.pdf;
    the CSV of its figures has the same name with extension "csv"."""
    organisation = slugify(round.organisation.name) or round.organisation.slug
    return f"borgingsrapport-{organisation}-{slugify(round.name) or round.pk}.{extension}"


def render_report_html(report: Report) -> str:
    return render_to_string("pdf/borgingsrapport.html", report.context())


def render_pdf(html: str) -> bytes:
    """Render the report HTML to a tagged (PDF/UA-1) A4 PDF. Stylesheets and fonts are read
    from the app and the system (DejaVu); nothing is fetched over the network."""
    from weasyprint import CSS, HTML

    stylesheets = [CSS(filename=finders.find(path)) for path in PDF_STYLESHEETS]
    document = HTML(string=html, base_url=str(settings.BASE_DIR / "static"))
    return document.write_pdf(stylesheets=stylesheets, pdf_variant="pdf/ua-1")


def print_report(round: Round, sources=None) -> Report:
    """The report as the PDF shows it: the wide house only, the appendix as the coordinator
    chose."""
    return build_report(round, sources=sources, house=PRINT_HOUSE, appendix=round.report_appendix)


@dataclass(frozen=True)
class PdfState:
    """What the download page says: the stored PDF is current (`ready`), or a render is on its
    way (`stage`, and how many tasks wait before it), or the last one failed."""

    ready: bool
    stage: str
    waiting_before: int = 0
    render_seconds: float | None = None
    rendered_at: datetime.datetime | None = None

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label


def pdf_current(round: Round, language: str) -> bytes | None:
    """The stored PDF of `round` in `language` when it is still current, else None. Four
    queries (six for an open round), none of them over the answers."""
    key = report_key(round, language)
    stored = RenderedReport.objects.filter(round=round, language=language, fingerprint=key)
    pdf = stored.values_list("pdf", flat=True).first()
    return bytes(pdf) if pdf else None


def pdf_state(round: Round, language: str) -> PdfState:
    """Where the PDF of `round` in `language` stands; queues a render when it is not current
    and none is on its way. A constant number of queries."""
    key = report_key(round, language)
    row = RenderedReport.objects.filter(round=round, language=language).defer("pdf").first()
    if row and row.fingerprint == key:
        return PdfState(True, Stage.IDLE, 0, row.render_seconds, row.rendered_at)
    if row is None or not (_on_its_way(row) or _running(row)):
        failed = row is not None and row.stage == Stage.FAILED
        row = pdf_render_request(round_id=round.pk, language=language)
        if failed:
            return PdfState(False, Stage.FAILED, 0, row.render_seconds)
    return PdfState(False, row.stage, _waiting_before(row), row.render_seconds)


def _on_its_way(row: RenderedReport) -> bool:
    """A render is queued (it reads the newest data when it starts) and not lost."""
    return row.queued_at is not None and timezone.now() - row.queued_at < RENDER_LOST_AFTER


def _running(row: RenderedReport) -> bool:
    """A render is running and not lost. A reader who asks meanwhile waits for it: if the
    data changed since it started, the next ask after it finishes queues a new one."""
    return row.started_at is not None and timezone.now() - row.started_at < RENDER_LOST_AFTER


def _waiting_before(row: RenderedReport) -> int:
    from django_tasks_db.models import DBTaskResult

    if row.stage != Stage.QUEUED or row.queued_at is None:
        return 0
    return DBTaskResult.objects.ready().filter(enqueued_at__lt=row.queued_at).count()


def pdf_render_request(
    *, round_id: int, language: str, wait_for_running: bool = False
) -> RenderedReport:
    """Queue a render of the round's PDF in `language` unless one is queued already (or,
    with `wait_for_running`, one is running: a reader's ask); the render itself reads the
    round when it starts, so one queued render serves every change before it. Returns the
    stored row (without its PDF)."""
    from .tasks import render_report_pdf

    row = RenderedReport.objects.filter(round_id=round_id, language=language).defer("pdf").first()
    if row and (_on_its_way(row) or (wait_for_running and _running(row))):
        return row
    now = timezone.now()  # before the task's own enqueued_at: it does not wait for itself
    result = render_report_pdf.enqueue(round_id, language)
    fields = {"queued_at": now, "stage": Stage.QUEUED, "task_id": str(result.id)}
    if row is None:
        return RenderedReport.objects.create(round_id=round_id, language=language, **fields)
    RenderedReport.objects.filter(pk=row.pk).update(**fields)
    for name, value in fields.items():
        setattr(row, name, value)
    return row


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
    stored = RenderedReport.objects.filter(round_id=round_id, language=language)
    stored.update(queued_at=None, started_at=timezone.now(), stage=Stage.READING)
    try:
        with translation.override(language):
            return _render_and_store(round_id, language, stored)
    except BaseException:
        stored.update(started_at=None, stage=Stage.FAILED)
        raise


def _render_and_store(round_id, language, stored) -> str:
    round = Round.objects.select_related("organisation", "framework").filter(pk=round_id).first()
    if round is None:
        return "gone"
    if round.is_open:
        tussenstand_released(round)  # release a due tussenstand first, so the key has it
    # The key is taken before the data is read: a change while rendering gives a new key,
    # so this PDF is then stored as outdated and the change's own render follows.
    key = report_key(round, language)
    if stored.filter(fingerprint=key).exists():
        stored.update(started_at=None, stage=Stage.IDLE)
        return "current"
    start = time.process_time()
    html = render_report_html(print_report(round, read_sources(round)))
    stored.update(stage=Stage.RENDERING)
    pdf = render_pdf(html)
    fields = {
        "fingerprint": key,
        "pdf": pdf,
        "rendered_at": timezone.now(),
        "render_seconds": time.process_time() - start,
        "started_at": None,
        "stage": Stage.IDLE,
    }
    if not stored.update(**fields):
        RenderedReport.objects.create(round=round, language=language, **fields)
    return "rendered"
