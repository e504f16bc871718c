"""The visibility preview in a real browser: a small team is invited and, before opening,
the coordinator reads per role whether its figures will show, what one "weet ik niet" does,
and how to fix it; inviting one more bestuurder and manager changes the forecast. axe checks
the pages at 1280 and 360 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import check_axe
from tests.browser.session import log_in
from tests.factories import make_round

pytestmark = pytest.mark.browser

WIDE, PHONE = {"width": 1280, "height": 900}, {"width": 360, "height": 740}
TEAM = (
    "bea@testdorp.nl, Bea, bestuur\n"
    "bob@testdorp.nl, Bob, bestuur\n"
    "max@testdorp.nl, Max, managers\n"
    "mia@testdorp.nl, Mia, managers\n"
    "ada@testdorp.nl, Ada, adviseurs\n"
    "aad@testdorp.nl, Aad, adviseurs\n"
    "ali@testdorp.nl, Ali, adviseurs\n"
)


def role_line(page, name):
    return page.locator("#role-visibility li", has_text=name)


def test_the_coordinator_sees_before_opening_which_role_figures_will_show(
    live_server, page, coordinator, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, name="Scan 2026")
    log_in(page, live_server, coordinator)
    page.set_viewport_size(WIDE)

    page.goto(f"{live_server.url}/rondes/{round.pk}/uitnodigen/")
    page.get_by_label("E-mailadressen").fill(TEAM)
    with page.expect_navigation():
        page.get_by_role("button", name="Lijst toevoegen").click()

    # The round page, before opening: 2 bestuur, 2 managers, 3 adviseurs at N=3.
    expect(page.get_by_role("heading", name="Worden de cijfers per rol zichtbaar?")).to_be_visible()
    expect(role_line(page, "Bestuur")).to_contain_text("2 mensen")
    expect(role_line(page, "Bestuur")).to_contain_text("te weinig")
    expect(role_line(page, "Bestuur")).to_contain_text("Nodig nog 1 persoon uit in deze rol")
    expect(role_line(page, "Managers")).to_contain_text("te weinig")
    expect(role_line(page, "Adviseurs")).to_contain_text("precies genoeg")
    expect(role_line(page, "Adviseurs")).to_contain_text("“weet ik niet”")
    for size in (PHONE, WIDE):
        page.set_viewport_size(size)
        check_axe(page)

    # The way out: two more people, and the forecast says so on the invite page too.
    page.get_by_role("link", name="Mensen uitnodigen").click()
    page.get_by_label("E-mailadressen").fill(
        "ben@testdorp.nl, Ben, bestuur\nmo@testdorp.nl, Mo, managers\n"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Lijst toevoegen").click()
    for name in ("Bestuur", "Managers", "Adviseurs"):
        expect(role_line(page, name)).to_contain_text("3 mensen")
        expect(role_line(page, name)).to_contain_text("precies genoeg")
    page.get_by_role("link", name="Mensen uitnodigen").click()
    expect(role_line(page, "Bestuur")).to_contain_text("precies genoeg")
    check_axe(page)
