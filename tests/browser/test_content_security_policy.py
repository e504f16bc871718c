"""The Content-Security-Policy in a real browser: the pages, autosave and the admin work
under it without a single violation, and the watcher does see one when there is one."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Answer
from bouwstenen.models import Bouwsteen
from tests.browser.session import log_in
from tests.factories import make_respondent, make_round, make_scored_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every document before the page's own scripts; the page can read what was blocked.
LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.documentURI}`
  );
});
"""


class PolicyWatch:
    """Collects violations from the pages' securitypolicyviolation events and from the
    console, where chromium also reports them (also for pages that have been left)."""

    def __init__(self, context):
        self.console = []
        context.add_init_script(LISTEN)
        context.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def violations(self, page):
        return self.console + page.evaluate("window.cspViolations")


@pytest.fixture
def watch(page):
    page.context.set_default_timeout(10_000)
    return PolicyWatch(page.context)


def test_the_watch_sees_a_violation(page, live_server, framework, watch):
    page.goto(live_server.url + "/")
    page.evaluate("document.body.setAttribute('style', 'color: red')")

    expect(page.locator("body")).not_to_have_css("color", "rgb(255, 0, 0)")
    assert any("style-src" in text for text in page.evaluate("window.cspViolations"))


def test_public_page_questionnaire_and_report_without_violations(
    page, live_server, colleague, organisation, framework, watch
):
    page.goto(live_server.url + "/")
    expect(page.locator("svg.house-svg-wide g.brick")).to_have_count(11)
    assert watch.violations(page) == []

    # The questionnaire: autosave posts with fetch and moves the progress bar.
    open_round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=open_round, rol="adviseurs")
    page.goto(
        live_server.url
        + reverse("assessments:questionnaire-niveau", args=[respondent.token, "gesprek"])
    )
    group = page.get_by_role("group", name="Bouwsteen 10: hoe is het nu?")
    group.get_by_label("Vastgelegd").check()
    expect(page.locator("#autosave-status")).to_contain_text("Automatisch bewaard om")
    expect(page.locator("#answered-text")).to_contain_text("1 van 11")
    bar = page.locator("#progress-bar .progress-bar")
    expect(bar).to_have_class(re.compile(r"\bw-pct-9\b"))
    assert bar.evaluate("bar => bar.getBoundingClientRect().width") > 0
    assert Answer.objects.get(respondent=respondent, bouwsteen__number=10).current_level == 3
    assert watch.violations(page) == []

    # The report: the distribution bars get their widths from classes.
    scored = make_scored_round(organisation=organisation, framework=framework, name="Scan B")
    log_in(page, live_server, colleague)
    page.goto(live_server.url + reverse("assessments:round-report", args=[scored.pk]))
    bar = page.locator("#bouwsteen-1 .dist-bar")
    shares = bar.evaluate(
        """bar => [...bar.children].map(
             (seg) => seg.getBoundingClientRect().width / bar.getBoundingClientRect().width)"""
    )
    # three answers each on 2, 3 and 4: 34 %, 33 %, 33 % (the borders take a little)
    assert shares == pytest.approx([0.34, 0.33, 0.33], abs=0.01)
    assert watch.violations(page) == []


def test_admin_pages_work_without_violations(page, live_server, framework, watch):
    user = get_user_model().objects.create_superuser("beheerder", "b@example.org", "geheim-1-x")
    log_in(page, live_server, user)
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=5)

    page.goto(live_server.url + reverse("admin:bouwstenen_framework_changelist"))
    page.get_by_role("checkbox").first.check()  # actions.js counts the selection
    expect(page.locator(".action-counter")).to_contain_text("1 van de 1")

    # A change form with inlines: "add another" is drawn by the admin's inlines.js.
    page.goto(live_server.url + reverse("admin:bouwstenen_framework_change", args=[framework.pk]))
    group = page.locator(".inline-group").first
    rows = group.locator("tbody tr.form-row:not(.empty-form)")
    before = rows.count()
    group.locator(".add-row a").click()
    expect(rows).to_have_count(before + 1)

    page.goto(live_server.url + reverse("admin:bouwstenen_bouwsteen_change", args=[bouwsteen.pk]))
    page.locator("#id_short_title").fill("Hulpmiddelen")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    bouwsteen.refresh_from_db()
    assert bouwsteen.short_title == "Hulpmiddelen"

    # The history page carries django-simple-history's one style attribute (see settings).
    page.goto(live_server.url + reverse("admin:bouwstenen_bouwsteen_history", args=[bouwsteen.pk]))
    expect(page.locator("#change-history")).to_contain_text("beheerder")
    expect(page.locator("p.paginator")).to_have_css("border-top-width", "0px")
    assert watch.violations(page) == []


def test_lockout_page_passes_axe_without_violations(page, live_server, coordinator, watch):
    page.goto(live_server.url + reverse("login"))
    for _ in range(5):
        page.get_by_label("Gebruikersnaam").fill("coordinator")
        page.get_by_label("Wachtwoord").fill("fout")
        with page.expect_navigation():
            page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", name="Inloggen kan even niet")).to_be_visible()
    expect(page.get_by_role("link", name="Nieuw wachtwoord aanvragen")).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert watch.violations(page) == []
