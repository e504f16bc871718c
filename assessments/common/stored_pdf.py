"""A PDF rendered by WeasyPrint in the task worker, never in a web request, and stored per
owner and language until what it shows changes: the borgingsrapport of a round (pdf.py) and
the action plan of an organisation (actions/plan_pdf.py) work the same way, and a new release
whose PDF templates or stylesheets changed renders them again (layout_version).

A PdfSlot names one stored PDF: the model it is stored in (a RenderedPdf), its owner, its
language and the task that renders it. The web process only asks: current() serves a stored
PDF whose key is still the owner's, request_render() queues a render otherwise, state() says
how far it is for the download page. The worker runs render_stored().
"""

import contextlib
import datetime
import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import DatabaseError, connections
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy
from django_tasks import TaskResultStatus
from django_tasks.base import Task

from .models import RenderedPdf
from .render_queue import (
    USER_PRIORITY,
    USER_QUEUE,
    is_task_id,
    render_enqueue,
    render_promote,
)
from .render_slots import render_slot

PDF_STYLESHEETS = ["css/report.css", "css/report-print.css", "css/widths.css"]
# Bump when the report's code changes in a way that changes the PDF; changes to its templates
# and stylesheets are picked up by layout_version().
REPORT_VERSION = "6"
LAYOUT_FILES = [
    "templates/pdf/borgingsrapport.html",
    "templates/house/house.svg.html",
    "static/css/report.css",
    "static/css/report-print.css",
    "static/css/widths.css",
]


@functools.cache
def layout_version() -> str:
    """A hash of the report's templates and stylesheets, so a new release re-renders PDFs."""
    digest = hashlib.sha256(REPORT_VERSION.encode())
    paths = [settings.BASE_DIR / name for name in LAYOUT_FILES]
    paths += sorted((settings.BASE_DIR / "templates/assessments/report").glob("*.html"))
    paths += sorted((settings.BASE_DIR / "templates/pdf").glob("*.html"))
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


# A queued or running render not heard of for this long is taken for lost (a worker that
# was stopped mid-render) and queued again.
RENDER_LOST_AFTER = datetime.timedelta(minutes=10)
# A render that waits this long in the queue makes the download page say it takes longer
# than usual: the worker is down, or the machine is so busy that it hardly runs.
RENDER_LATE_AFTER = datetime.timedelta(minutes=2)
Stage = RenderedPdf.Stage
# The steps the download page counts: a failed or finished render is at none of them.
STEPS = {Stage.QUEUED: 1, Stage.READING: 2, Stage.RENDERING: 3}


PAGE_NUMBERS = pgettext_lazy("onderaan elke pagina van een PDF", "Pagina {page} van {pages}")


def page_numbers_css() -> str:
    """The words of the page footer ("Pagina 2 van 8") in the active language, as CSS: a
    stylesheet file cannot be translated, and the templates hold no inline style."""
    words = str(PAGE_NUMBERS).replace("\\", "\\\\").replace('"', '\\"')
    content = f'"{words}"'.replace("{page}", '" counter(page) "')
    content = content.replace("{pages}", '" counter(pages) "')
    return f"@page {{ @bottom-right {{ content: {content}; }} }}"


def render_pdf(html: str) -> bytes:
    """Render the HTML to a tagged (PDF/UA-1) A4 PDF in the active language. Stylesheets and
    fonts are read from the app and the system (DejaVu); nothing is fetched over the
    network."""
    from weasyprint import CSS, HTML

    stylesheets = [CSS(filename=finders.find(path)) for path in PDF_STYLESHEETS]
    stylesheets.append(CSS(string=page_numbers_css()))
    document = HTML(string=html, base_url=str(settings.BASE_DIR / "static"))
    return document.write_pdf(stylesheets=stylesheets, pdf_variant="pdf/ua-1")


@dataclass(frozen=True)
class PdfState:
    """What the download page says: the stored PDF is current (`ready`), or a render is on its
    way (`stage`, and how many tasks wait before it; `late` when it has waited longer than
    usual), or the last one failed."""

    ready: bool
    stage: str
    waiting_before: int = 0
    render_seconds: float | None = None
    rendered_at: datetime.datetime | None = None
    late: bool = False

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label

    @property
    def step(self) -> int:
        return STEPS.get(self.stage, 0)

    @property
    def steps(self) -> int:
        return len(STEPS)


# What a render reads when it starts: None when the owner is gone, else the key of what the
# PDF will show and a function that builds its HTML (both in the PDF's language).
Prepare = Callable[[], tuple[str, Callable[[], str]] | None]


@dataclass(frozen=True)
class PdfSlot:
    """One stored PDF: the row of `model` for `owner` (e.g. {"round_id": 7}) in `language`,
    rendered by `task`, which is called with the owner's id and the language."""

    model: type[RenderedPdf]
    owner: dict[str, int]
    language: str
    task: Task

    def rows(self) -> QuerySet:
        return self.model.objects.filter(**self.owner, language=self.language)

    def current(self, key: str) -> bytes | None:
        """The stored PDF when it is of `key`, else None. One query."""
        pdf = self.rows().filter(fingerprint=key).values_list("pdf", flat=True).first()
        return bytes(pdf) if pdf else None

    def state(self, key: str) -> PdfState:
        """Where the PDF stands against `key`, for the person on the download page: queues a
        render for them when it is not current and none is on its way, and moves a render
        the system queued ahead for them (render_queue.py). A constant number of queries."""
        row = self.rows().defer("pdf").first()
        if row and row.fingerprint == key:
            return PdfState(True, Stage.IDLE, 0, row.render_seconds, row.rendered_at)
        if row is None or not (_on_its_way(row) or _running(row)):
            failed = row is not None and row.stage == Stage.FAILED
            row = self.request_render(for_user=True)
            if failed:
                return PdfState(False, Stage.FAILED, 0, row.render_seconds)
        waiting = _waiting_before(row, promote=True)
        late = row.stage == Stage.QUEUED and _waited(row) >= RENDER_LATE_AFTER
        return PdfState(False, row.stage, waiting, row.render_seconds, late=late)

    def request_render(
        self, *, wait_for_running: bool = False, for_user: bool = False
    ) -> RenderedPdf:
        """Queue a render unless one is queued already (or, with `wait_for_running`, one is
        running: a reader's ask); the render itself reads the owner when it starts, so one
        queued render serves every change before it. `for_user`: a person waits for it, so
        it goes ahead of what the system queued, and a render the system queued already is
        moved ahead (render_queue.py). Returns the stored row (without its PDF)."""
        row = self.rows().defer("pdf").first()
        if row and _on_its_way(row):
            if for_user:
                render_promote(row.task_id)
            return row
        if row and wait_for_running and _running(row):
            return row
        now = timezone.now()  # before the task's own enqueued_at: it does not wait for itself
        result = render_enqueue(self.task, *self.owner.values(), self.language, for_user=for_user)
        fields = {"queued_at": now, "stage": Stage.QUEUED, "task_id": str(result.id)}
        if row is None:
            return self.model.objects.create(**self.owner, language=self.language, **fields)
        self.model.objects.filter(pk=row.pk).update(**fields)
        for name, value in fields.items():
            setattr(row, name, value)
        return row

    def render_stored(self, prepare: Prepare) -> str:
        """Render the PDF as its owner is now and store it; what the worker runs. Returns
        "rendered", "current" (nothing changed since the stored one) or "gone" (`prepare`
        found no owner). A render that raises is marked failed, for the download page. It
        waits in the queue until the machine has a free render slot (render_slots.py). A
        worker that stops meanwhile (SystemExit, KeyboardInterrupt: it gives its task back,
        borgingshuis/worker/stopping.py) leaves the PDF queued as it was, not failed."""
        stored = self.rows()
        with render_slot():
            queued_at = stored.values_list("queued_at", flat=True).first()
            stored.update(queued_at=None, started_at=timezone.now(), stage=Stage.READING)
            try:
                with translation.override(self.language):
                    return self._render_and_store(stored, prepare)
            except (SystemExit, KeyboardInterrupt):
                _queued_again(stored, queued_at)
                raise
            except BaseException:
                stored.update(started_at=None, stage=Stage.FAILED)
                raise

    def _render_and_store(self, stored: QuerySet, prepare: Prepare) -> str:
        prepared = prepare()
        if prepared is None:
            return "gone"
        # The key is taken before the data is read: a change while rendering gives a new
        # key, so this PDF is then stored as outdated and the change's own render follows.
        key, build_html = prepared
        if stored.filter(fingerprint=key).exists():
            stored.update(started_at=None, stage=Stage.IDLE)
            return "current"
        start = time.process_time()
        html = build_html()
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
            self.model.objects.create(**self.owner, language=self.language, **fields)
        return "rendered"


def _queued_again(stored: QuerySet, queued_at) -> None:
    """Back in the queue as it was before the render started. The connection may have been
    cut mid-query by the stop: then a new one is opened; if even that fails, the row is
    taken for a lost render after RENDER_LOST_AFTER, as for a killed worker."""
    fields = {"queued_at": queued_at or timezone.now(), "started_at": None, "stage": Stage.QUEUED}
    try:
        stored.update(**fields)
    except DatabaseError:
        connections[stored.db].close()
        with contextlib.suppress(DatabaseError):
            stored.update(**fields)


def _on_its_way(row: RenderedPdf) -> bool:
    """A render is queued (it reads the newest data when it starts) and not lost."""
    return row.queued_at is not None and timezone.now() - row.queued_at < RENDER_LOST_AFTER


def _waited(row: RenderedPdf) -> datetime.timedelta:
    return timezone.now() - row.queued_at if row.queued_at else datetime.timedelta(0)


def _running(row: RenderedPdf) -> bool:
    """A render is running and not lost. A reader who asks meanwhile waits for it: if the
    data changed since it started, the next ask after it finishes queues a new one."""
    return row.started_at is not None and timezone.now() - row.started_at < RENDER_LOST_AFTER


def _waiting_before(row: RenderedPdf, *, promote: bool = False) -> int:
    """The tasks a worker takes before this PDF's render: those waiting with a higher
    priority or as high and queued earlier, and those a worker has taken (rendering, or
    waiting for a render slot) unless taken so long ago that the worker is gone. A render a
    person asked for counts only its own queue: its worker takes nothing else. `promote`: a
    person waits for it, so a render the system queued is moved ahead first (one query
    more, only then)."""
    from django_tasks_db.models import DBTaskResult

    if row.stage != Stage.QUEUED or row.queued_at is None:
        return 0
    mine = None
    if is_task_id(row.task_id):
        mine = DBTaskResult.objects.filter(pk=row.task_id)
        mine = mine.values_list("priority", "queue_name", "enqueued_at", "status").first()
    priority, queue, enqueued_at, status = mine or (0, None, row.queued_at, None)
    waits = status == TaskResultStatus.READY and priority < USER_PRIORITY
    if promote and waits and render_promote(row.task_id):
        priority, queue = USER_PRIORITY, USER_QUEUE
    waiting = DBTaskResult.objects.ready().filter(
        Q(priority__gt=priority) | Q(priority=priority, enqueued_at__lt=enqueued_at)
    )
    taken = DBTaskResult.objects.running().filter(
        started_at__gte=timezone.now() - RENDER_LOST_AFTER
    )
    if queue == USER_QUEUE:
        waiting, taken = waiting.filter(queue_name=queue), taken.filter(queue_name=queue)
    return (waiting | taken).count()
