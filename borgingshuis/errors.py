"""The page for a form refused by the CSRF check, in the site's layout and language.

Django's own CSRF page is English and bare; its template hook (403_csrf.html) is rendered
without the request, so the page would not know who is logged in. The other error pages are
templates only: 400, 403 and 404 are rendered with the request, 500 without (see 500.html)."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
