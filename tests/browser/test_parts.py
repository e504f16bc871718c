"""A coordinator in a real browser adds three projects as parts of the organisation, starts a
round for each that asks only the niveau Vraagstuk, and opens all three: several open rounds
at once, each shown with its part in the list. axe checks the pages on the way."""

import pytest
from playwright.sync_api import expect

from assessments.models import Onderdeel, Round
from tests.browser.accessibility import check_axe
from tests.browser.session import log_in

pytestmark = pytest.mark.browser

PROJECTS = ["Project Haven", "Project Centrum", "Project Dijk"]


def test_coordinator_adds_three_projects_and_opens_a_vraagstuk_round_for_each(
    live_server, page, coordinator, organisation, framework, mailoutbox
):
    log_in(page, live_server, coordinator)
    page.goto(live_server.url + f"/organisaties/{organisation.slug}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Onderdelen").click()
    expect(page.get_by_role("heading", name="Onderdelen", exact=True)).to_be_visible()
    check_axe(page)
    for name in PROJECTS:
        page.get_by_label("Naam").fill(name)
        page.get_by_label("Project of vraagstuk").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Onderdeel toevoegen").click()
        expect(page.get_by_text(f"‘{name}’ staat bij de onderdelen.")).to_be_visible()
    check_axe(page)

    for name in PROJECTS:
        page.goto(live_server.url + "/rondes/nieuw/")
        page.get_by_label("Naam").fill(f"Scan {name}")
        page.get_by_label("Waarover gaat de ronde?").select_option(
            label=f"{name} (Project of vraagstuk)"
        )
        page.get_by_label("Alleen het niveau Vraagstuk").check()
        # the boxes follow the choice (round_scope.js); without it the radio decides
        expect(page.get_by_label("3. Kaders per vraagstuk")).to_be_checked()
        expect(page.get_by_label("1. Ambitie")).not_to_be_checked()
        if name == PROJECTS[0]:
            check_axe(page)
        with page.expect_navigation():
            page.get_by_role("button", name="Ronde aanmaken").click()
        expect(page.get_by_role("heading", name="Mensen uitnodigen")).to_be_visible()
        page.get_by_label("E-mailadressen").fill(f"{name.split()[-1].lower()}@testdorp.nl")
        with page.expect_navigation():  # a list without errors leads to the round's page
            page.get_by_role("button", name="Lijst toevoegen").click()
        expect(page.get_by_text(f"{name} · 3 van 11 bouwstenen")).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("button", name="Ronde openen en uitnodigingen versturen").click()
        expect(page.get_by_text("1 uitnodiging verstuurd.")).to_be_visible()

    rounds = Round.objects.filter(organisation=organisation).select_related("onderdeel")
    assert sorted((r.onderdeel.name, r.status, tuple(r.asked_bouwstenen)) for r in rounds) == [
        (name, "open", (3, 6, 8)) for name in sorted(PROJECTS)
    ]
    assert set(Onderdeel.objects.values_list("kind", flat=True)) == {"vraagstuk"}
    assert len(mailoutbox) == 3

    page.goto(live_server.url + "/rondes/")
    for name in PROJECTS:
        expect(page.get_by_role("row", name=f"Scan {name}")).to_contain_text(
            f"{name} · 3 van 11 bouwstenen"
        )
    page.get_by_label("Waarover gaat de ronde?").select_option(label=PROJECTS[1])
    with page.expect_navigation():
        page.get_by_role("button", name="Toon").click()
    expect(page.locator("table.round-list tbody tr")).to_have_count(1)
    check_axe(page)
