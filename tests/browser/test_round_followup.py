"""A coordinator's second year: last year's people again, a reminder after the deadline, and
filling in the questionnaire themselves. axe checks the pages on the way."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from assessments.rounds.services import round_close
from tests.browser.session import log_in
from tests.factories import make_respondent, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_axe(page):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_second_year_invite_remind_and_fill_in_myself(
    page, live_server, coordinator, organisation, framework, mailoutbox
):
    page.context.set_default_timeout(10_000)
    last_year = make_round(
        organisation=organisation, framework=framework, name="Borgingsscan 2025", status="open"
    )
    for email, rol in [("bea@example.org", "bestuur"), ("max@example.org", "managers")]:
        make_respondent(round=last_year, email=email, rol=rol)
    round_close(round=last_year)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    round = make_round(
        organisation=organisation, framework=framework, status="open", deadline=yesterday
    )
    log_in(page, live_server, coordinator)

    page.goto(f"{live_server.url}/rondes/{round.pk}/uitnodigen/")
    expect(page.get_by_role("heading", name="Dezelfde mensen als vorige keer")).to_be_visible()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="2 mensen toevoegen").click()

    expect(page.get_by_text("2 mensen toegevoegd en uitgenodigd")).to_be_visible()
    expect(page.locator("#deadline-passed")).to_be_visible()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Herinnering sturen aan 2 mensen").click()
    expect(page.get_by_text("2 herinneringen verstuurd.")).to_be_visible()
    assert (
        sorted(m.subject.split(":")[0] for m in mailoutbox)
        == ["Herinnering"] * 2 + ["Uitnodiging"] * 2
    )

    with page.expect_navigation():
        page.get_by_role("button", name="Zelf invullen").click()
    expect(page.get_by_role("heading", name="Jouw rol")).to_be_visible()
    assert round.respondents.filter(email=coordinator.email).exists()


def test_coordinator_erases_personal_data_of_a_closed_round(
    page, live_server, coordinator, organisation, framework
):
    page.context.set_default_timeout(10_000)
    round = make_round(organisation=organisation, framework=framework, status="open")
    make_respondent(round=round, email="bea@example.org", name="Bea", rol="bestuur")
    round_close(round=round)
    log_in(page, live_server, coordinator)

    page.goto(f"{live_server.url}/rondes/{round.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Persoonsgegevens wissen").click()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Persoonsgegevens wissen").click()
    expect(
        page.get_by_text("Vink dit aan als je de gegevens echt wilt wissen.").first
    ).to_be_visible()
    check_axe(page)
    page.get_by_label("Ik begrijp dat namen, e-mailadressen en links").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Persoonsgegevens wissen").click()

    expect(page.get_by_text("De gegevens van 1 persoon zijn gewist.")).to_be_visible()
    expect(page.locator("#personal-data-erased")).to_be_visible()
    assert "bea@example.org" not in page.content()


def test_coordinator_changes_the_deadline_and_closes_after_confirming(
    page, live_server, coordinator, organisation, framework
):
    page.context.set_default_timeout(10_000)
    round = make_round(organisation=organisation, framework=framework, status="open")
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/rondes/{round.pk}/")

    with page.expect_navigation():
        page.get_by_role("link", name="Ronde aanpassen").click()
    check_axe(page)
    page.get_by_label("Invullen kan tot en met").fill("2031-03-14")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("invullen kan tot en met 14 maart 2031")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Ronde sluiten").click()
    expect(page.get_by_text("Dit kun je niet terugdraaien.")).to_be_visible()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, sluit de ronde").click()
    expect(page.get_by_text("De ronde is gesloten.")).to_be_visible()
    round.refresh_from_db()
    assert round.is_closed
