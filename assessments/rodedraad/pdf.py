"""The rode draad as A4 PDF: rendered by WeasyPrint in the task worker, never in a web
request, and stored per rode draad and language (common/stored_pdf.py, as the
borgingsrapport and the action plan are).

Its figures never change (a rode draad is append-only), so the key is what else it shows:
the planned actions on its bouwstenen (their count and latest change: one aggregate query),
the language and the templates and stylesheets."""

import functools
import hashlib
import json

from django.conf import settings
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils.text import slugify
from django_tasks import task

from ..actions.models import ImprovementAction
from ..common.stored_pdf import PdfSlot, layout_version
from .models import RenderedRodeDraad, RodeDraad
from .selectors import rode_draad_page

TEMPLATES = ["templates/pdf/rode_draad.html", "templates/rodedraad/_figures.html"]


@functools.cache
def _templates_version() -> str:
    digest = hashlib.sha256(layout_version().encode())
    for name in TEMPLATES:
        digest.update((settings.BASE_DIR / name).read_bytes())
    return digest.hexdigest()


def rode_draad_filename(rode_draad: RodeDraad) -> str:
    """The download name, e.g. rode-draad-projectscans-2026.pdf."""
    return f"rode-draad-{slugify(rode_draad.name) or rode_draad.pk}.pdf"


def rode_draad_slot(rode_draad_id: int, language: str) -> PdfSlot:
    return PdfSlot(
        RenderedRodeDraad, {"rode_draad_id": rode_draad_id}, language, render_rode_draad_pdf
    )


def rode_draad_key(rode_draad: RodeDraad, language: str) -> str:
    """A hash of what the PDF of `rode_draad` shows in `language`: one query (its planned
    actions may change; its figures never do)."""
    actions = (
        ImprovementAction.objects.of_organisation(rode_draad.organisation_id)
        .live()
        .filter(bouwsteen__number__in=rode_draad.figures.get("numbers", []))
        .aggregate(count=Count("pk"), changed=Max("changed_at"))
    )
    data = [_templates_version(), language, rode_draad.pk, actions]
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()


def render_rode_draad_html(rode_draad: RodeDraad) -> str:
    return render_to_string(
        "pdf/rode_draad.html", {"page": rode_draad_page(rode_draad), "for_print": True}
    )


def rode_draad_pdf_render_stored(*, rode_draad_id: int, language: str) -> str:
    """Render the rode draad's PDF in `language` and store it; what the worker runs. Returns
    "rendered", "current" or "gone"."""

    def prepare():
        rode_draad = RodeDraad.objects.select_related("organisation").filter(pk=rode_draad_id)
        rode_draad = rode_draad.first()
        if rode_draad is None:
            return None
        key = rode_draad_key(rode_draad, language)
        return key, lambda: render_rode_draad_html(rode_draad)

    return rode_draad_slot(rode_draad_id, language).render_stored(prepare)


@task()
def render_rode_draad_pdf(rode_draad_id: int, language: str) -> str:
    """The worker's task: render and store the rode draad's PDF in `language`."""
    return rode_draad_pdf_render_stored(rode_draad_id=rode_draad_id, language=language)
