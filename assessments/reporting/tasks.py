"""Work that runs in the task worker (`manage.py db_worker`), off the request path: the
render of the PDF borgingsrapport, defined beside the code it runs (pdf.py, which queues it).
Named here too, as tasks queued before it moved there name it by this module."""

from .pdf import render_report_pdf

__all__ = ["render_report_pdf"]
