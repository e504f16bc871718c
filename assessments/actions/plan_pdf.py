"""The organisation's action plan as a short A4 PDF: rendered in the task worker (tasks.py),
never in a web request, and stored per organisation and language (common/stored_pdf.py,
as the borgingsrapport is).

Whether the stored PDF is current is its plan key: a hash of what the PDF is made of, taken
from what changes it rather than from the actions themselves, in two small queries:
- the live actions' count, their latest change and the latest entry in their history (one
  aggregate query: a deleted, added, changed or carried action, or a new status, moves it);
- the names of the organisation's rounds ("Uit Scan 2026"; one query over a few rows);
- the organisation's name (loaded with it), the language, the templates and stylesheets, and
  the day: "Stand van" and "te laat" change at midnight.
Bouwsteen titles and rol names are not in it: a beheerder's edit reaches the PDF the next
day.
"""

import datetime
import hashlib
import json

from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django_tasks import task

from ..common.stored_pdf import PdfSlot, layout_version
from ..organisations.models import Organisation
from ..rounds.models import Round
from .models import ImprovementAction, RenderedActionPlan
from .selectors import plan_overview


def plan_filename(organisation: Organisation) -> str:
    """The download name, e.g. actieplan-gemeente-x.pdf."""
    return f"actieplan-{slugify(organisation.name) or organisation.slug}.pdf"


def plan_slot(organisation_id: int, language: str) -> PdfSlot:
    """Where the organisation's plan PDF in `language` is stored, and the task that renders
    it."""
    return PdfSlot(
        RenderedActionPlan, {"organisation_id": organisation_id}, language, render_action_plan_pdf
    )


def plan_key(organisation: Organisation, language: str, today: datetime.date) -> str:
    """A hash of what the plan PDF of `organisation` shows in `language` on `today`: the same
    key means the same PDF. Two queries, neither reads the actions one by one."""
    actions = (
        ImprovementAction.objects.of_organisation(organisation)
        .live()
        .aggregate(
            count=Count("pk", distinct=True),
            changed=Max("changed_at"),
            updated=Max("updates__created_at"),
        )
    )
    rounds = Round.objects.filter(organisation=organisation).order_by("pk")
    data = [
        layout_version(),
        language,
        str(today),
        organisation.name,
        actions,
        list(rounds.values_list("pk", "name")),
    ]
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()


def render_plan_html(organisation: Organisation, today: datetime.date) -> str:
    return render_to_string("pdf/actieplan.html", plan_overview(organisation, today))


def plan_pdf_render_stored(*, organisation_id: int, language: str) -> str:
    """Render the organisation's plan PDF in `language` as it is today and store it; what the
    worker runs. Returns "rendered", "current" (nothing changed since the stored one) or
    "gone" (the organisation was deleted)."""

    def prepare():
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            return None
        today = timezone.localdate()  # the key and the PDF of the same day
        key = plan_key(organisation, language, today)
        return key, lambda: render_plan_html(organisation, today)

    return plan_slot(organisation_id, language).render_stored(prepare)


@task()
def render_action_plan_pdf(organisation_id: int, language: str) -> str:
    """The worker's task: render and store the organisation's action plan PDF in `language`."""
    return plan_pdf_render_stored(organisation_id=organisation_id, language=language)
