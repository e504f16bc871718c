"""The round's stages as a coordinator walks them: open (a tussenstand only), answering
closed (the consensus meeting on the full figures), closed (the report final). And a
respondent whose sent answers stay as sent."""

from playwright.sync_api import expect

from tests.browser.accessibility import check_axe
from tests.browser.session import log_in
from tests.factories import make_respondent, make_scored_round


def test_open_then_answering_closed_then_consensus_then_closed(
    page, live_server, coordinator, organisation, framework
):
    round = make_scored_round(organisation=organisation, framework=framework)
    late = make_respondent(round=round, email="laat@example.org", rol="bestuur")
    log_in(page, live_server, coordinator)
    detail = f"{live_server.url}/rondes/{round.pk}/"

    # Open: the consensus page shows the tussenstand and nothing to record yet.
    page.goto(f"{detail}consensus/")
    expect(page.locator("#consensus-after-answers-close")).to_be_visible()
    expect(page.get_by_role("button", name="Consensus opslaan")).to_have_count(0)

    # Closing answering says who counts, then freezes the answers.
    page.goto(detail)
    with page.expect_navigation():
        page.get_by_role("link", name="Invullen sluiten").click()
    expect(page.locator("#close-response")).to_contain_text("9 van 10 mensen tellen mee")
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, sluit het invullen").click()
    expect(page.get_by_text("Invullen is gesloten.")).to_be_visible()
    expect(page.get_by_role("link", name="Mensen uitnodigen")).to_have_count(0)

    # The meeting sees the role figures and records a level.
    with page.expect_navigation():
        page.get_by_role("link", name="Consensusbijeenkomst").click()
    expect(page.locator("#bouwsteen-7")).to_contain_text("Bestuur: 4")
    page.locator("#bouwsteen-7").get_by_label("Afgesproken niveau").select_option("3")
    page.locator("#bouwsteen-7").get_by_label("Toelichting bij de consensus").fill("Samen gezien.")
    with page.expect_navigation():
        page.get_by_role("button", name="Consensus opslaan").click()
    expect(page.get_by_text("De consensus is opgeslagen.")).to_be_visible()
    check_axe(page)

    # The late bestuurder's link no longer takes answers.
    respondent_page = page.context.new_page()
    respondent_page.goto(f"{live_server.url}/vragenlijst/{late.token}/niveau/gesprek/")
    expect(respondent_page.get_by_text("Invullen is gesloten.")).to_be_visible()
    respondent_page.close()

    # Closing the round makes the report final.
    page.goto(detail)
    with page.expect_navigation():
        page.get_by_role("link", name="Ronde sluiten").click()
    expect(page.locator("#close-consensus")).to_contain_text("Bij 1 bouwsteen")
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, sluit de ronde").click()
    expect(page.get_by_text("De ronde is gesloten.")).to_be_visible()
    page.goto(f"{detail}rapport/")
    expect(page.locator("#bouwsteen-7")).to_contain_text("Samen gezien.")
    round.refresh_from_db()
    assert round.is_closed and round.respondents.filter(counted=True).count() == 9
