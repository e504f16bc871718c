"""Every page and download of the app carries personal or assessment data, or may (a round,
a report, a questionnaire, the colleagues, a PDF, a CSV): no browser or proxy keeps a copy,
so the next person at a shared computer finds nothing in its cache or its back button's
history. Static files are served before this (whitenoise) and stay cacheable."""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Replaces whatever a view said: nothing the app renders may be stored.
        if "Cache-Control" in response:
            del response["Cache-Control"]
        add_never_cache_headers(response)
        return response
