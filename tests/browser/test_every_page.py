"""Every page of the site (tests/browser/site_pages.py) at 1280 and at 360 px: axe finds no
violation, and nothing scrolls sideways on a phone. Every page again in English (/en/): axe
finds no violation and the page shows no Dutch word (tests/dutch_words.py). The site is built
once for the module and served by a live server of its own, so the ~400 page visits share one
database and one browser context per viewport; each page is its own test, so a failure names
the page."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import resolve
from pytest_django.live_server_helper import LiveServer

from tests.browser.accessibility import (
    axe_report,
    axe_violations,
    form_problems,
    weak_control_edges,
)
from tests.browser.site_pages import ANONYMOUS, BEHEER, FIRST_FACTOR_ONLY, PAGES, build_site
from tests.conftest import force_login_first_factor
from tests.dutch_words import (
    dutch_model_texts,
    dutch_words,
    model_texts_nl,
    user_texts,
    without,
)

# django_db: pytest-django makes the test database only for tests that ask for it. Each test
# runs in a transaction that is rolled back; the site itself is committed beforehand.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

VIEWPORTS = {"wide": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The site and its server. The database stays unblocked for the whole module: the live
    server's thread reads it while the tests run. Afterwards the tables are emptied and the
    model loaded again, the state the other browser tests leave behind."""
    with (
        django_db_blocker.unblock(),
        override_settings(ROOT_URLCONF="tests.borgingshuis.error_urls"),
    ):
        site = build_site()
        site.sessions = {}
        for who, user in site.users.items():
            client = Client()
            log_in = force_login_first_factor if who == FIRST_FACTOR_ONLY else Client.force_login
            log_in(client, user)
            site.sessions[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
        server = LiveServer("localhost")
        site.url = server.url
        yield site
        server.stop()
        call_command("flush", interactive=False, verbosity=0)
        call_command("load_borgingshuis", stdout=StringIO())


@pytest.fixture(scope="module")
def tabs(browser):
    """One browser context (and tab) per viewport, made when first needed. The browser asks
    for Dutch: else every page without /en/ would be sent on to its English one."""
    opened = {}

    def tab(viewport):
        if viewport not in opened:
            context = browser.new_context(viewport=VIEWPORTS[viewport], locale="nl-NL")
            context.set_default_timeout(10_000)
            opened[viewport] = context.new_page()
        return opened[viewport]

    yield tab
    for page in opened.values():
        page.context.close()


# Pages whose action table must read on a phone without scrolling sideways (issue 19).
PAGES_WITH_ACTION_TABLES = {"action-list-open", "action-plan", "report-closed", "lezer-report"}


def stack_tables_overflowing(tab) -> list[str]:
    """The action tables (class stack-table) wider than their box: their cells would hide to
    the right, behind a sideways scroll."""
    return tab.evaluate(
        """() => [...document.querySelectorAll('.stack-table')]
          .filter((table) => table.parentElement.scrollWidth > table.parentElement.clientWidth + 1)
          .map((table) => table.querySelector('caption').textContent.trim())"""
    )


def visit(tab, site, page_, language=""):
    """The tab, showing the page as its person sees it (in English with language "en"); the
    response."""
    tab.context.clear_cookies()
    if page_.who != ANONYMOUS:
        cookie = {"name": settings.SESSION_COOKIE_NAME, "value": site.sessions[page_.who]}
        tab.context.add_cookies([{**cookie, "url": site.url}])
    path = page_.path(site)
    if language and not path.startswith(f"/{language}/"):
        path = f"/{language}{path}"
    return tab.goto(site.url + path)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("page_", PAGES, ids=[page_.name for page_ in PAGES])
def test_page_passes_axe_and_does_not_scroll_sideways(site, tabs, page_, viewport):
    tab = tabs(viewport)
    response = visit(tab, site, page_)

    assert response.status == page_.status, tab.url
    violations = axe_violations(tab)
    assert violations == [], f"{tab.url}\n{axe_report(violations)}"
    scroll_width, inner_width = tab.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, f"{tab.url} is {scroll_width} px wide"
    if viewport == "phone":
        assert stack_tables_overflowing(tab) == [], tab.url
        # The niveau with the most bouwstenen was 8,448 px tall on a phone (issue 19).
        if page_.name == "questionnaire-organisatie":
            height = tab.evaluate("document.scrollingElement.scrollHeight")
            assert height < 6500, f"{tab.url} is {height} px tall"
    if page_.name == "admin-bouwsteen" and viewport == "wide":
        # A title holds 200 characters: its box is wider than the admin's 20em (~260 px).
        width = tab.locator("#id_title_nl").bounding_box()["width"]
        assert width >= 380, f"the title field is {width} px wide"
    if page_.name in PAGES_WITH_ACTION_TABLES:
        assert tab.locator(".stack-table").count() > 0, tab.url
    if not page_.name.startswith("admin"):  # Django's own admin styles, not ours
        assert weak_control_edges(tab) == [], tab.url
        assert form_problems(tab) == [], tab.url


def test_the_sweep_shows_every_model_of_the_admin(site):
    """Each model registered in /beheer/ has its list and a record's form in the sweep, and
    its add form exactly when the admin offers the beheerder one."""
    request = RequestFactory().get("/")
    request.user = site.users[BEHEER]
    swept = {resolve(page_.path(site)).url_name for page_ in PAGES if page_.who == BEHEER}
    expected = set()
    for model, model_admin in admin.site._registry.items():
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        expected |= {f"{label}_changelist", f"{label}_change"}
        if model_admin.has_add_permission(request):
            expected.add(f"{label}_add")

    assert expected - swept == set()
    assert {name for name in swept if name.endswith("_add")} == {
        name for name in expected if name.endswith("_add")
    }


# What a page says to its reader: its visible text, its title, and the texts given to
# assistive technology or shown on hover (names, descriptions, placeholders, button texts,
# every option of a select).
SHOWN_TEXT = """() => {
  const texts = [document.title, document.body.innerText];
  for (const element of document.querySelectorAll(
      "[aria-label], [title], [alt], [placeholder], [aria-description]")) {
    for (const name of ["aria-label", "title", "alt", "placeholder", "aria-description"]) {
      if (element.hasAttribute(name)) texts.push(element.getAttribute(name));
    }
  }
  for (const element of document.querySelectorAll(
      "input[type=submit], input[type=button], input[type=reset], option, svg title, svg desc")) {
    texts.push(element.value && element.tagName === "INPUT" ? element.value : element.textContent);
  }
  return texts.join("\\n");
}"""


@pytest.fixture(scope="module")
def typed_texts(site):
    """What people typed into the site's database (Dutch, as they wrote it)."""
    return user_texts()


@pytest.fixture(scope="module")
def admin_texts(typed_texts):
    """What the admin shows in Dutch by design: besides what people typed, the model's Dutch
    texts (beside the English ones, and in a round's copy of its model)."""
    return [*typed_texts, *model_texts_nl()]


@pytest.fixture(scope="module")
def model_texts(site):
    """The model's Dutch texts, which an English page shows in English."""
    return dutch_model_texts(site.framework)


@pytest.mark.parametrize("page_", PAGES, ids=[page_.name for page_ in PAGES])
def test_english_page_passes_axe_and_shows_no_dutch_word(
    site, tabs, typed_texts, admin_texts, model_texts, page_
):
    tab = tabs("wide")
    response = visit(tab, site, page_, language="en")

    assert response.status == page_.status, tab.url
    assert tab.evaluate("document.documentElement.lang") == "en", tab.url
    violations = axe_violations(tab)
    assert violations == [], f"{tab.url}\n{axe_report(violations)}"
    shown = tab.evaluate(SHOWN_TEXT)
    admin = page_.name.startswith("admin")
    dutch = dutch_words(shown, admin_texts if admin else typed_texts)
    assert dutch == [], f"{tab.url}\n" + "\n".join(dutch)
    if not admin:
        rest = without(shown, typed_texts)  # "Bestuur zag meer…" in a consensus note
        assert [text for text in model_texts if " ".join(text.split()) in rest] == [], tab.url
