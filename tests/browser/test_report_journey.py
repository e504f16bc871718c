import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.factories import make_action, make_scored_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_member_reads_the_report_and_downloads_the_pdf_and_csv(
    page, live_server, colleague, organisation, framework
):
    round = make_scored_round(organisation=organisation, framework=framework)
    make_action(round=round, number=7, title="Basistraining voor projectleiders")
    log_in(page, live_server, colleague)

    page.goto(f"{live_server.url}/rondes/{round.pk}/rapport/")

    assert page.locator("svg.house-svg g.brick").count() == 11
    assert "Borgingsscan 2026" in page.locator("svg.house-svg > title").text_content()
    assert page.locator("svg.house-svg .brick-desired").count() == 11
    assert page.get_by_role("table", name="Alle bouwstenen in een tabel").is_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download het borgingsrapport (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == (
        "borgingsrapport-gemeente-testdorp-borgingsscan-2026.pdf"
    )
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download de cijfers (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == (
        "borgingsrapport-gemeente-testdorp-borgingsscan-2026.csv"
    )
    with open(download.path(), "rb") as figures:
        assert figures.read(3) == b"\xef\xbb\xbf"


def test_report_is_readable_on_a_phone(page, live_server, colleague, organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    log_in(page, live_server, colleague)
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"{live_server.url}/rondes/{round.pk}/rapport/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.get_by_role("heading", name="De belangrijkste uitkomsten").is_visible()


def test_coordinator_consensus_page_passes_axe(
    page, live_server, coordinator, organisation, framework
):
    round = make_scored_round(organisation=organisation, framework=framework)
    log_in(page, live_server, coordinator)

    page.goto(f"{live_server.url}/rondes/{round.pk}/consensus/")
    page.get_by_label("Afgesproken niveau").first.select_option("3")
    page.get_by_role("button", name="Consensus opslaan").click()

    expect(page.get_by_text("De consensus is opgeslagen.")).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
