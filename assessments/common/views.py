"""What the views of every sub-domain share."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from .stored_pdf import PdfSlot


@dataclass
class Outcome:
    refused: bool = False


@contextmanager
def refusal_shown(request) -> Iterator[Outcome]:
    """Run a service call (and what follows it on success) in the block; a ValidationError it
    raises (a closed round, a broken rule) is shown as an error message, skips the rest of
    the block and sets `refused` on the yielded outcome; an object the service no longer
    finds (a concept round deleted meanwhile) gives 404. The view then redirects as usual:

        with refusal_shown(request):
            round_close(round=round)
            messages.success(request, _("De ronde is gesloten."))
        return redirect(...)
    """
    outcome = Outcome()
    try:
        yield outcome
    except ValidationError as error:
        outcome.refused = True
        messages.error(request, error.messages[0])
    except ObjectDoesNotExist:
        raise Http404 from None


def stored_pdf_response(slot: PdfSlot, key: str, filename: str, download_page: str):
    """The stored PDF as an attachment named `filename` when it is of `key`; otherwise a
    render is queued (or the running one waited for) and the reader is sent (302) to the
    `download_page` URL, which says how far it is. Never renders the PDF itself. The reader
    waits for it: the render goes ahead of what the system queued (render_queue.py)."""
    pdf = slot.current(key)
    if pdf is None:
        slot.request_render(wait_for_running=True, for_user=True)
        return redirect(download_page)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
