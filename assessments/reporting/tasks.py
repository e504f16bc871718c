"""Work that runs in the task worker (`manage.py db_worker`), off the request path."""

from django_tasks import task

from .pdf import pdf_render_stored


@task()
def render_report_pdf(round_id: int, language: str) -> str:
    """Render and store the round's PDF borgingsrapport in `language` (pdf.py)."""
    return pdf_render_stored(round_id=round_id, language=language)
