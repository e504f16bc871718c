"""Work that runs in the task worker (`manage.py db_worker`), off the request path: the
render of the action plan's PDF, defined beside the code it runs (plan_pdf.py, which queues
it). Named here too, as tasks queued before it moved there name it by this module."""

from .plan_pdf import render_action_plan_pdf

__all__ = ["render_action_plan_pdf"]
