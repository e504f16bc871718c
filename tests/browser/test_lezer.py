"""A lezer (a colleague with read access) reads the report in a browser, on a wide screen and
on a phone, and downloads the PDF and the figures."""

import re

import pytest
from playwright.sync_api import expect

from assessments.rounds.services import round_close
from tests.browser.accessibility import check_axe
from tests.browser.house import PHONE, assert_only_the_narrow_house_shows, brick_link_count
from tests.browser.session import log_in
from tests.factories import make_action, make_scored_round
from tests.tasks import run_tasks

pytestmark = pytest.mark.browser


def download(page, link_name: str) -> tuple[str, bytes]:
    """Click the download link; the file's suggested name and its content. Rendering the PDF
    took over 10 s (the page's default timeout) on a shared 2-core machine under load."""
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("link", name=link_name).click()
    with open(download_info.value.path(), "rb") as file:
        return download_info.value.suggested_filename, file.read()


def test_member_reads_the_report_and_downloads_the_pdf_and_csv(
    page, live_server, colleague, organisation, framework
):
    round = make_scored_round(organisation=organisation, framework=framework)
    make_action(round=round, number=7, title="Basistraining voor projectleiders")
    log_in(page, live_server, colleague)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/rondes/{round.pk}/rapport/")

    expect(page.locator("svg.house-svg-wide")).to_be_visible()
    expect(page.locator("svg.house-svg-narrow")).to_be_hidden()
    assert page.locator("svg.house-svg-wide g.brick").count() == 11
    assert "Borgingsscan 2026" in page.locator("svg.house-svg-wide > title").text_content()
    assert page.locator("svg.house-svg-wide .brick-desired").count() == 11
    assert brick_link_count(page, 1) == 1
    assert page.get_by_role("table", name="Alle bouwstenen in een tabel").is_visible()
    check_axe(page)

    # Not made yet: the download page says so while the worker renders it, and its script
    # offers the file once it is ready.
    page.get_by_role("link", name="Download het borgingsrapport (PDF)").click()
    expect(page.get_by_text("Het borgingsrapport wordt gemaakt.")).to_be_visible()
    expect(page.get_by_role("link", name="Vernieuwen")).to_be_visible()
    check_axe(page)
    assert run_tasks() == 1
    name, pdf = download(page, "Download het borgingsrapport (PDF)")
    assert name == "borgingsrapport-gemeente-testdorp-borgingsscan-2026.pdf"
    assert pdf.startswith(b"%PDF-")
    page.goto(f"{live_server.url}/rondes/{round.pk}/rapport/")

    name, figures = download(page, "Download de cijfers (CSV)")
    assert name == "borgingsrapport-gemeente-testdorp-borgingsscan-2026.csv"
    assert figures.startswith(b"\xef\xbb\xbf")  # the byte order mark Dutch Excel needs


def test_report_is_readable_on_a_phone(page, live_server, colleague, organisation, framework):
    # closed: an open round's tussenstand has no role figures to mark on the house
    round = round_close(round=make_scored_round(organisation=organisation, framework=framework))
    log_in(page, live_server, colleague)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/rondes/{round.pk}/rapport/")

    narrow = assert_only_the_narrow_house_shows(page)
    assert narrow.locator("g.brick").count() == 11
    assert narrow.locator(".brick-level").count() == 11
    assert narrow.locator(".brick-desired").count() == 11
    # 3 x bestuur 4, 3 x managers 3, 3 x adviseurs 2: the median is 3 everywhere
    for number in range(1, 12):
        # drawn over the brick, beside its link; the link's name says it in words
        figures = narrow.locator(f'g.brick-figures[data-bouwsteen="{number}"]')
        expect(figures.get_by_text("nu 3 → doel 4")).to_be_visible()
        link = narrow.locator(f'a[href$="#bouwsteen-{number}"]')
        expect(link).to_have_attribute("aria-label", re.compile(r", nu 3 → doel 4"))
    assert narrow.locator("g.brick-disagreement").count() >= 1
    assert brick_link_count(page, 1) == 1
    assert page.get_by_role("heading", name="De belangrijkste uitkomsten").is_visible()
    check_axe(page)
