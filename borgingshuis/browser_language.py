"""The browser's language on a first visit.

With `prefix_default_language=False` Django's LocaleMiddleware takes every address without a
language prefix as Dutch, whatever the browser asks for. This middleware sends a GET for such
an address to the same page under the language the visitor prefers: the one they chose with
the language button (its cookie) or, on a first visit, the best match of the browser's
Accept-Language. Choosing Dutch with the button sets the cookie, so it is never overruled.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.utils import translation


class BrowserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self._redirect(request)
        return redirect or self.get_response(request)

    def _redirect(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        path = request.path_info
        if translation.get_language_from_path(path):
            return None
        language = translation.get_language_from_request(request, check_path=False)
        if language == settings.LANGUAGE_CODE:
            return None
        prefixed = f"/{language}{path}"
        try:
            with translation.override(language):  # the prefix a resolver matches
                resolve(prefixed)
        except Resolver404:
            return None  # not a translated page (static files, /i18n/ ...)
        query = request.META.get("QUERY_STRING", "")
        url = f"{request.META.get('SCRIPT_NAME', '')}{prefixed}" + (f"?{query}" if query else "")
        response = HttpResponseRedirect(url)
        response.headers["Vary"] = "Accept-Language, Cookie"
        return response
