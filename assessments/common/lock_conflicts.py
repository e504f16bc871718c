"""A deadlock or serialization failure is never a 500.

The lock order of rounds/locking.py rules out deadlocks between the app's own writes. Should
one still happen (an operator's SQL at the same moment, a table the order does not cover),
PostgreSQL rolls the transaction back and the services named below run it once more; what
still fails reaches the middleware, which answers 503 with a Dutch "try again" message: the
page for a form, JSON for the autosave (autosave.js tries again by itself on a 5xx)."""

import functools

from django.db import OperationalError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# PostgreSQL's deadlock_detected and serialization_failure: a retry of the whole
# transaction may succeed; nothing of the failed one was written.
RETRYABLE_SQLSTATES = {"40P01", "40001"}


def is_lock_conflict(error: BaseException) -> bool:
    """True for a database error that only means "another transaction was in the way"."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code in RETRYABLE_SQLSTATES


def retry_once_on_lock_conflict(service):
    """Run the service (a transaction.atomic function that reads what it changes from the
    database, so a second run starts afresh) once more after a lock conflict. Inside an outer
    transaction nothing is retried: the outer one was rolled back too, and its own caller
    decides."""

    @functools.wraps(service)
    def run(*args, **kwargs):
        if connection.in_atomic_block:
            return service(*args, **kwargs)
        try:
            return service(*args, **kwargs)
        except OperationalError as error:
            if not is_lock_conflict(error):
                raise
        return service(*args, **kwargs)

    return run


def busy_message() -> str:
    return _(
        "Het was even te druk: er is niets opgeslagen of veranderd. Probeer het over een paar "
        "seconden opnieuw."
    )


class LockConflictMiddleware:
    """Turns a lock conflict that escaped the services' retry into 503 "try again"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_lock_conflict(exception):
            return None
        if request.content_type == "application/json":
            response = JsonResponse({"ok": False, "message": busy_message()}, status=503)
        else:
            response = render(request, "503_busy.html", {"message": busy_message()}, status=503)
        response["Retry-After"] = "2"
        return response
