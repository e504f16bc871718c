"""The Content-Security-Policy in a real browser: the pages and autosave work under it without
a single violation, and the watcher does see one when there is one. (The admin's scripts:
test_beheerder.py.)"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Answer
from tests.browser.accessibility import check_axe
from tests.browser.session import log_in
from tests.factories import make_respondent, make_round, make_scored_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_lockout_page_passes_axe_without_violations(page, live_server, coordinator, watch):
    page.goto(live_server.url + reverse("login"))
    for _ in range(5):
        page.get_by_label("Gebruikersnaam").fill("coordinator")
        page.get_by_label("Wachtwoord").fill("fout")
        with page.expect_navigation():
            page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", name="Inloggen kan even niet")).to_be_visible()
    expect(page.get_by_role("link", name="Nieuw wachtwoord aanvragen")).to_be_visible()
    check_axe(page)
    assert watch.violations(page) == []
