"""A coordinator in a real browser sets the retention period and reads the logboek; axe
checks both pages, also with an error shown."""

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import check_axe
from tests.browser.session import log_in

pytestmark = pytest.mark.browser


def test_coordinator_sets_the_retention_period_and_reads_the_logboek(
    page, live_server, coordinator, organisation
):
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/rondes/")
    with page.expect_navigation():
        page.get_by_role("link", name="Instellingen van Gemeente Testdorp").click()
    check_axe(page)

    page.get_by_label("Bewaartermijn in maanden").fill("200")
    with page.expect_navigation():
        page.get_by_role("button", name="Bewaartermijn opslaan").click()
    expect(
        page.get_by_text("Kies een bewaartermijn van 1 tot en met 120 maanden.").first
    ).to_be_visible()
    check_axe(page)
    page.get_by_label("Bewaartermijn in maanden").fill("12")
    with page.expect_navigation():
        page.get_by_role("button", name="Bewaartermijn opslaan").click()
    expect(page.get_by_text("De bewaartermijn is nu 12 maanden.")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Logboek").click()
    expect(page.get_by_text("Bewaartermijn gewijzigd")).to_be_visible()
    expect(page.get_by_text("24 → 12")).to_be_visible()
    check_axe(page)
