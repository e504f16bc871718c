"""Three years of an action plan in a real browser. Year 1: the consensus meeting's first
agreement is written down before closing, as the close page asks, the second after closing;
the borgingsrapport PDF (read with pdftotext) names both, not "geen verbeteracties". Year 2
closes without taking any action over. Year 3 still finds year 1's open actions to take
over, and year 2's action list explains that a newer round is where they go."""

import datetime
import subprocess

import pytest
import time_machine
from playwright.sync_api import expect

from assessments.models import ImprovementAction, Round
from assessments.rounds.services import round_close
from tests.browser.accessibility import check_axe
from tests.browser.session import log_in
from tests.browser.test_improvement_cycle import add_action
from tests.factories import make_round, make_scored_round
from tests.tasks import run_tasks

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 900}
LEIDRAAD = "Leidraad participatie schrijven"
BOUWSTEEN_5 = "5. Ondersteuning en tooling (leidraad, toolkit, online platform)"
BOUWSTEEN_7 = "7. Professionalisering: opleiding, intervisie en rolhelderheid"


def at(year, month=3):
    return datetime.datetime(year, month, 13, 9, tzinfo=datetime.UTC)


def pdf_text(page, link_name, tmp_path) -> str:
    """Download the PDF behind the link and read it back with pdftotext (poppler)."""
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("link", name=link_name).click()
    path = tmp_path / "borgingsrapport.pdf"
    download.value.save_as(path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def test_three_years_of_actions_and_the_pdf_names_what_was_agreed(
    live_server, page, coordinator, organisation, framework, tmp_path
):
    page.set_viewport_size(WIDE)
    with time_machine.travel(at(2026), tick=True):
        year_1 = make_scored_round(organisation=organisation, framework=framework, name="Scan 2026")
        log_in(page, live_server, coordinator)

        # The meeting: answering closes, the close page asks for the agreed actions first.
        page.goto(f"{live_server.url}/rondes/{year_1.pk}/")
        page.get_by_role("link", name="Invullen sluiten").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Ja, sluit het invullen").click()
        page.get_by_role("link", name="Ronde sluiten").click()
        expect(page.get_by_text("Er zijn 0 verbeteracties vastgelegd.")).to_be_visible()
        check_axe(page)
        page.get_by_role("link", name="Acties vastleggen").click()
        page.get_by_role("link", name="Actie toevoegen").click()
        page.get_by_label("Bouwsteen").select_option(label=BOUWSTEEN_5)
        add_action(page, LEIDRAAD, "Ontwikkelen", "Adviseurs", "2026-09-01")
        page.goto(f"{live_server.url}/rondes/{year_1.pk}/sluiten/")
        expect(page.get_by_text("Er is 1 verbeteractie vastgelegd.")).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("button", name="Ja, sluit de ronde").click()
        assert Round.objects.get(pk=year_1.pk).is_closed

        # One more agreement, written down after closing, from the report.
        page.goto(f"{live_server.url}/rondes/{year_1.pk}/rapport/")
        page.get_by_role("link", name="Actie toevoegen", exact=True).click()
        page.get_by_label("Bouwsteen").select_option(label=BOUWSTEEN_7)
        add_action(page, "Training voor managers", "Actief leren", "Managers", "2026-11-01")
        page.goto(f"{live_server.url}/rondes/{year_1.pk}/rapport/")
        expect(page.get_by_role("heading", name="Vastgelegd na het sluiten")).to_be_visible()
        check_axe(page)

        # The borgingsrapport names both, the second apart.
        page.get_by_role("link", name="Download het borgingsrapport (PDF)").click()
        assert run_tasks() >= 1
        text = pdf_text(page, "Download het borgingsrapport (PDF)", tmp_path)
    assert "geen verbeteracties" not in text
    at_closing, after = text.split("Vastgelegd na het sluiten")
    assert LEIDRAAD in at_closing
    assert "Training voor managers" in after
    assert "actieplan van Gemeente Testdorp" in text

    # Year 2: a round that closes without taking any action over.
    with time_machine.travel(at(2027), tick=False):
        year_2 = round_close(
            round=make_round(
                organisation=organisation, framework=framework, name="Scan 2027", status="open"
            )
        )

    # Year 3: year 1's two open actions are still there to take over.
    with time_machine.travel(at(2028), tick=True):
        year_3 = make_round(organisation=organisation, framework=framework, name="Scan 2028")
        log_in(page, live_server, coordinator)
        page.goto(f"{live_server.url}/rondes/{year_3.pk}/acties/")
        expect(page.get_by_text("Uit eerdere rondes van dit model: Scan 2026.")).to_be_visible()
        check_axe(page)
        with page.expect_navigation():
            page.get_by_role("button", name="2 openstaande acties overnemen").click()
        expect(page.get_by_text("2 openstaande acties overgenomen uit Scan 2026.")).to_be_visible()
        expect(page.get_by_text("Overgenomen uit Scan 2026", exact=True)).to_have_count(2)
        expect(page.get_by_role("button", name="openstaande acties overnemen")).to_have_count(0)

        # Year 2 is no longer where the plan goes on: no button that does nothing.
        page.goto(f"{live_server.url}/rondes/{year_2.pk}/acties/")
        expect(page.get_by_text("Er is al een nieuwere ronde van dit model")).to_be_visible()
        expect(page.get_by_role("button", name="overnemen")).to_have_count(0)
    carried = ImprovementAction.objects.filter(round=year_3).values_list("title", flat=True)
    assert sorted(carried) == [LEIDRAAD, "Training voor managers"]
