"""The improvement cycle through the year in a real browser, on a frozen clock: the coordinator
closes the round, adds two actions from the report, notes progress a month later, starts the
next round with the open actions, reads the trend, shares the outcome with the respondents
and downloads the Excel workbooks, read back cell by cell against the database. axe checks
every new page at 1280 and 360 px."""

import datetime
import io
import statistics

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from assessments.models import ActionUpdate, Answer, ImprovementAction, Round
from assessments.rounds.services import round_close
from tests.browser.accessibility import check_axe
from tests.browser.session import log_in
from tests.factories import make_respondent, make_round, make_scored_round

pytestmark = pytest.mark.browser

WIDE, PHONE = {"width": 1280, "height": 900}, {"width": 360, "height": 740}
CLOSING = datetime.datetime(2026, 3, 13, 9, tzinfo=datetime.UTC)
A_MONTH_LATER = CLOSING + datetime.timedelta(days=31)


def check_axe_at_both_widths(page):
    for size in (PHONE, WIDE):
        page.set_viewport_size(size)
        check_axe(page)
        # no sideways scrolling on a phone
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => !e.closest('.table-responsive, .house-scroll'))
            .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))"""
        )
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), wide


def add_action(page, title, line, owner, due):
    expect(page.get_by_role("heading", name="Actie toevoegen")).to_be_visible()
    page.locator("#id_title").fill(title)
    page.get_by_label(line).check()
    page.get_by_label("Eigenaar (rol)").select_option(label=owner)
    page.get_by_label("Klaar op").fill(due)
    with page.expect_navigation():
        page.get_by_role("button", name="Actie opslaan").click()
    expect(page.get_by_text("De actie is opgeslagen.")).to_be_visible()


def workbook_of(download):
    with open(download.path(), "rb") as file:
        return load_workbook(io.BytesIO(file.read()))


def test_close_act_follow_up_and_compare_through_the_year(
    live_server, page, coordinator, organisation, framework
):
    with time_machine.travel(datetime.datetime(2025, 3, 14, 9, tzinfo=datetime.UTC)):
        earlier = make_scored_round(
            organisation=organisation, framework=framework, name="Scan 2025"
        )
        round_close(round=earlier)
    with time_machine.travel(CLOSING, tick=True) as clock:
        round = make_scored_round(organisation=organisation, framework=framework, name="Scan 2026")
        log_in(page, live_server, coordinator)
        page.set_viewport_size(WIDE)

        # Closes the round.
        page.goto(f"{live_server.url}/rondes/{round.pk}/")
        page.get_by_role("link", name="Invullen sluiten").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Ja, sluit het invullen").click()
        page.get_by_role("link", name="Ronde sluiten").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Ja, sluit de ronde").click()
        round.refresh_from_db()
        assert round.is_closed

        # Two actions from the report: one from bouwsteen 7's own section, one from the plan.
        page.goto(f"{live_server.url}/rondes/{round.pk}/rapport/")
        seven = framework.bouwsteen_set.get(number=7)
        page.locator(".report-bouwsteen#bouwsteen-7").get_by_role(
            "link", name="Actie toevoegen"
        ).click()
        expect(page.get_by_label("Bouwsteen")).to_have_value(str(seven.pk))
        add_action(
            page, "Basistraining voor projectleiders", "Actief leren", "Managers", "2026-03-01"
        )
        page.goto(f"{live_server.url}/rondes/{round.pk}/rapport/")
        page.get_by_role("link", name="Actie toevoegen", exact=True).click()
        eleven = framework.bouwsteen_set.get(number=11)
        page.get_by_label("Bouwsteen").select_option(value=str(eleven.pk))
        add_action(
            page, "Terugkoppelbrief na elke bijeenkomst", "Ontwikkelen", "Adviseurs", "2026-12-01"
        )
        check_axe_at_both_widths(page)  # the round's action list
        assert ImprovementAction.objects.filter(round=round).count() == 2

        # A month later: progress on one, the other is overdue.
        clock.move_to(A_MONTH_LATER)
        log_in(page, live_server, coordinator)
        page.goto(f"{live_server.url}/organisaties/{organisation.slug}/actieplan/")
        expect(page.get_by_text("1 te laat")).to_be_visible()
        check_axe_at_both_widths(page)
        page.locator("tr", has_text="Terugkoppelbrief").get_by_role(
            "link", name="Voortgang"
        ).click()
        check_axe_at_both_widths(page)
        page.get_by_label("Bezig").check()
        page.get_by_label("Wat is er gebeurd?").fill("Eerste versie besproken.")
        with page.expect_navigation():
            page.get_by_role("button", name="Voortgang opslaan").click()
        expect(page.get_by_text("De voortgang is opgeslagen.")).to_be_visible()
        expect(page.get_by_role("heading", name="Actieplan Gemeente Testdorp")).to_be_visible()
        update = ActionUpdate.objects.get(note="Eerste versie besproken.")
        assert update.status == "in_progress" and update.author == coordinator
        assert update.created_at.date() == A_MONTH_LATER.date()

        # The closed round's report still shows the actions as they were at closing.
        page.goto(f"{live_server.url}/rondes/{round.pk}/rapport/")
        actions_table = page.locator(".actions-table")
        expect(actions_table.get_by_text("Bezig")).to_have_count(0)

        # The next round takes the open actions over.
        page.goto(f"{live_server.url}/rondes/nieuw/")
        page.get_by_label("Naam").fill("Scan 2027")
        with page.expect_navigation():
            page.get_by_role("button", name="Ronde aanmaken").click()
        following = Round.objects.get(name="Scan 2027")
        page.goto(f"{live_server.url}/rondes/{following.pk}/acties/")
        with page.expect_navigation():
            page.get_by_role("button", name="2 openstaande acties overnemen").click()
        expect(page.get_by_text("Overgenomen uit Scan 2026", exact=True)).to_have_count(2)
        check_axe_at_both_widths(page)

        # The trend over the two closed rounds.
        page.goto(f"{live_server.url}/organisaties/{organisation.slug}/ontwikkeling/")
        expect(page.locator("svg.trend-svg")).to_have_count(12)
        check_axe_at_both_widths(page)

        # The round's own texts, and the outcome shared with its respondents.
        page.goto(f"{live_server.url}/rondes/{round.pk}/berichten/")
        check_axe_at_both_widths(page)
        page.get_by_label("Uitkomst delen met respondenten").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Opslaan").click()
        respondent = round.respondents.first()
        page.goto(f"{live_server.url}/vragenlijst/{respondent.token}/")
        expect(page.get_by_text("Deze ronde is gesloten op 13 maart 2026.")).to_be_visible()
        check_axe_at_both_widths(page)
        page.get_by_role("link", name="Bekijk de uitkomst").click()
        check_axe_at_both_widths(page)

        # The workbooks, read back against the database.
        page.goto(f"{live_server.url}/rondes/{round.pk}/rapport/")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download de cijfers (Excel)").click()
        workbook = workbook_of(download.value)
        answers = Answer.objects.filter(respondent__round=round)
        for row in workbook["Cijfers"].iter_rows(min_row=2):
            scores = [
                a.current_level
                for a in answers.filter(bouwsteen__number=row[0].value)
                if a.current_level
            ]
            assert row[4].value == len(scores)
            assert row[6].value == statistics.median(scores)
        # none as at closing; the two agreed since, marked as recorded after closing
        recorded = [row[-1].value for row in workbook["Acties"].iter_rows(min_row=2)]
        assert recorded == ["na het sluiten", "na het sluiten"]
        assert workbook["Verandering"]["C1"].value == "Niveau in Scan 2025"

        page.goto(f"{live_server.url}/organisaties/{organisation.slug}/ontwikkeling/")
        with page.expect_download() as download:
            page.get_by_role("link", name="Ontwikkeling en actieplan als Excel-bestand").click()
        workbook = workbook_of(download.value)
        plan = {
            row[1].value: [c.value for c in row]
            for row in workbook["Actieplan"].iter_rows(min_row=2)
        }
        for action in ImprovementAction.objects.live().select_related("bouwsteen", "owner_rol"):
            row = plan[action.title]
            assert row[0] == action.get_line_display()
            assert row[2] == f"{action.bouwsteen.number}. {action.bouwsteen.short_title}"
            assert row[3] == action.owner_rol.name
            assert row[5].date() == action.due_date
            assert row[6] == action.get_status_display()
            assert row[7] == ("ja" if action.is_overdue() else "nee")
            assert row[8] == "Scan 2026"  # carried into Scan 2027: named by where it began
        assert plan["Basistraining voor projectleiders"][7] == "ja"
        history = [[c.value for c in row] for row in workbook["Voortgang"].iter_rows(min_row=2)]
        assert [row[3] for row in history if row[3]] == ["Eerste versie besproken."]


def test_correcting_someone_and_the_reminder_page_pass_axe_on_both_widths(
    live_server, page, coordinator, organisation, framework, mailoutbox
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    person = make_respondent(round=round, email="fout@testdorp.nl", invited_at=timezone.now())
    log_in(page, live_server, coordinator)

    page.goto(f"{live_server.url}/rondes/{round.pk}/respondenten/{person.pk}/corrigeren/")
    check_axe_at_both_widths(page)
    page.get_by_label("E-mailadres").fill("goed@testdorp.nl")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De gegevens zijn aangepast.")).to_be_visible()
    assert [m.to for m in mailoutbox] == [["goed@testdorp.nl"]]

    page.goto(f"{live_server.url}/rondes/{round.pk}/herinneren/")
    expect(page.get_by_text("1 persoon krijgt een herinnering:")).to_be_visible()
    check_axe_at_both_widths(page)
