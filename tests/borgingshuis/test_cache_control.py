"""No page or download of the app may stay in a browser's or proxy's cache: every URL
pattern, whatever it answers (a page, a PDF, a CSV, a redirect, a 404), says no-store.
Static files, served before the middleware, stay cacheable."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from assessments.models import Respondent
from tests.factories import make_respondent, make_round

CONVERTER_VALUES = {"int": "1", "slug": "testdorp", "str": "onbekend", "path": "x"}


def route_paths(patterns=None, prefix=""):
    """A path for every route of the site (the admin's regex patterns aside), with each
    converter filled with a plausible value."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            route = re.sub(
                r"<(?:(\w+):)?\w+>",
                lambda match: CONVERTER_VALUES[match.group(1) or "str"],
                str(pattern),
            )
        elif isinstance(entry, URLResolver) and str(pattern) in ("", "^"):
            route = ""  # the i18n prefix for the default language
        else:
            continue
        if isinstance(entry, URLResolver):
            yield from route_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


def assert_no_store(response, path):
    cache_control = response.headers.get("Cache-Control", "")
    assert "no-store" in cache_control and "private" in cache_control, (path, cache_control)


def test_every_route_says_no_store(client, coordinator, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    make_respondent(round=round)
    paths = sorted(set(route_paths()))
    assert len(paths) > 40  # the whole site, not a handful
    for path in paths:
        path = path.replace("/1/", f"/{round.pk}/")
        for method in (client.get, client.post):
            client.force_login(coordinator)  # again: one of the paths logs out
            assert_no_store(method(path), path)


@pytest.mark.parametrize("suffix", ["", "rol/", "overzicht/"])
def test_the_questionnaire_says_no_store(client, organisation, framework, suffix):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round)
    response = client.get(f"/vragenlijst/{respondent.token}/{suffix}", follow=True)
    assert response.status_code == 200 and Respondent.objects.count() == 1
    assert_no_store(response, suffix)


def test_the_report_downloads_say_no_store(client, coordinator, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="closed")
    client.force_login(coordinator)
    for path in [f"/rondes/{round.pk}/rapport/", f"/rondes/{round.pk}/borgingsrapport.csv"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_store(response, path)


def test_static_files_stay_cacheable(client, db):
    response = client.get("/static/css/widths.css")
    assert response.status_code == 200
    response.close()
    assert "no-store" not in response.headers.get("Cache-Control", "")
