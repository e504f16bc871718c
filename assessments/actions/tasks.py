"""Work that runs in the task worker (`manage.py db_worker`), off the request path."""

from django_tasks import task

from .plan_pdf import plan_pdf_render_stored


@task()
def render_action_plan_pdf(organisation_id: int, language: str) -> str:
    """Render and store the organisation's action plan PDF in `language` (plan_pdf.py)."""
    return plan_pdf_render_stored(organisation_id=organisation_id, language=language)
