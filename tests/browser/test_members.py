"""A coordinator gives a colleague access as Lezer from the Collega's page, choosing the role
with the keyboard. axe checks the page with and without errors, and the member's page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from assessments.models import Membership
from tests.browser.session import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_axe(page):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_coordinator_adds_a_colleague_as_lezer(
    page, live_server, coordinator, organisation, mailoutbox
):
    page.context.set_default_timeout(10_000)
    log_in(page, live_server, coordinator)

    page.goto(f"{live_server.url}/rondes/")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Collega's"
        ).click()
    expect(page.get_by_role("heading", name="Collega's", exact=True)).to_be_visible()
    check_axe(page)

    page.get_by_label("E-mailadres").fill("geen-adres")
    with page.expect_navigation():
        page.get_by_role("button", name="Collega toevoegen").click()
    expect(page.locator("#error-summary")).to_be_focused()
    check_axe(page)

    page.get_by_label("E-mailadres").fill("lotte@example.org")
    page.get_by_label("Naam (niet verplicht)").fill("Lotte Jansen")
    roles = page.get_by_role("group", name="Rol")
    roles.get_by_label("Coördinator").check()
    roles.get_by_label("Lezer").focus()
    page.keyboard.press("Space")
    expect(roles.get_by_label("Lezer")).to_be_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Collega toevoegen").click()

    expect(page.get_by_text("Lotte Jansen is toegevoegd als Lezer.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="lotte@example.org")
    expect(row).to_contain_text("Lotte Jansen")
    expect(row).to_contain_text("Lezer")
    check_axe(page)

    with page.expect_navigation():
        row.get_by_role("link", name="Wijzigen Lotte Jansen").click()
    expect(page.get_by_role("button", name="Link opnieuw sturen")).to_be_visible()
    check_axe(page)
    assert Membership.objects.get(user__email="lotte@example.org").role == "viewer"
    assert [mail.to for mail in mailoutbox] == [["lotte@example.org"]]
