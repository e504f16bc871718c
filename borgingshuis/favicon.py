"""/favicon.ico, which browsers and feed readers ask for without reading the page's
<link rel="icon">: a permanent redirect to the icon among the static files (its name carries
the content hash in production, so it is looked up per request, not at import)."""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import path


def favicon(request):
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


urlpatterns = [path("favicon.ico", favicon, name="favicon")]
