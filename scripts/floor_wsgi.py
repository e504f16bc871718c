"""The floor of the load tests: the app's settings and middleware with one bare view, served
by gunicorn the same way as the app (scripts/load_autosave.py)."""

import os
import sys
from pathlib import Path

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borgingshuis.settings")


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("floor/", floor)]

application = get_wsgi_application()

from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = __name__
