"""Two checks on every request of a logged-in session, after Django's authentication
middleware. Both read only the session, which that middleware loads anyway: no query is
added to a request (a write at most once a minute). A request without a session cookie, a
respondent's, passes straight through."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import second_factor
from .sessions import session_expired, session_touch

# Pages an unverified session may open: the second factor itself, logging out, the language.
OPEN_BEFORE_SECOND_FACTOR = {
    "access:second-factor",
    "access:second-factor-setup",
    "logout",
    "admin:logout",
    "set_language",
}


def _logged_in(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session


class SessionLimitsMiddleware:
    """Logs out a session past its idle or absolute limit (borgingshuis/access/sessions.py);
    the login page then says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _logged_in(request):
            now = time.time()
            if session_expired(request.session, now):
                logout(request)
                messages.info(
                    request,
                    _("Je bent automatisch uitgelogd. Log opnieuw in om verder te gaan."),
                )
            else:
                session_touch(request.session, now)
        return self.get_response(request)


class SecondFactorMiddleware:
    """Sends a session that still owes its second factor to the page that asks for it
    (borgingshuis/access/second_factor.py says when)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _logged_in(request):
            return None
        match = request.resolver_match
        if match is None or match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        session = request.session
        admin = match.app_name == "admin"
        if not second_factor.required(session, admin=admin) or second_factor.verified(session):
            return None
        return redirect(
            f"{reverse('access:second-factor')}?{urlencode({'next': request.get_full_path()})}"
        )
