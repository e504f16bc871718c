"""The site's URLs plus views that fail on purpose, to see the error pages as visitors would
(tests/borgingshuis/test_error_pages.py and the browser's sweep of every page)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import SuspiciousOperation
from django.urls import path
from django.utils.module_loading import import_string

from borgingshuis.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a view that fails")


def failing_context(request):
    """A context processor that fails, as one reading a database that is down would."""
    raise RuntimeError("a context processor that fails")


def suspicious(request):
    raise SuspiciousOperation("a request that makes no sense")


def csrf_refused(request):
    """What a POST without a valid CSRF token gets (CSRF_FAILURE_VIEW), as a GET."""
    return import_string(settings.CSRF_FAILURE_VIEW)(request, reason="CSRF cookie not set.")


# Under the language prefix, as every page: /fout/500/ in Dutch, /en/fout/500/ in English.
urlpatterns = [
    *i18n_patterns(
        path("fout/500/", broken),
        path("fout/400/", suspicious),
        path("fout/csrf/", csrf_refused),
        prefix_default_language=False,
    ),
    *site_urlpatterns,
]
