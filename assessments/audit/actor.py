"""Who is acting, for the audit trail, without passing a user through every service.

The middleware puts the request's user in a context variable for the length of the request
(as django-simple-history's HistoryRequestMiddleware does for its own records), so a service
records its actor with one line and keeps its signature. Outside a request (the retention
task, a management command) nobody is acting: the entry is signed "systeem"."""

from contextlib import contextmanager
from contextvars import ContextVar

_actor = ContextVar("audit_actor", default=None)


def current_actor():
    """The user acting now, or None outside a request or for an anonymous visitor."""
    get_user = _actor.get()
    user = get_user() if get_user else None
    if user is None or not user.is_authenticated:
        return None
    return user


@contextmanager
def acting_as(user):
    """Record what happens inside the block as done by `user` (None: by the system)."""
    token = _actor.set(lambda: user)
    try:
        yield
    finally:
        _actor.reset(token)


class AuditActorMiddleware:
    """Makes the request's user the actor of what the request records. After the
    authentication middleware; reads request.user only when something is recorded."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _actor.set(lambda: getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)
