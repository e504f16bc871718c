"""Three project scans at once, from start to rode draad, in a real browser: the coordinator
starts a scan per project that asks only the niveau Vraagstuk and opens all three; people
answer (one through the questionnaire, which asks only those bouwstenen); the coordinator
closes answering and closes each scan, then lays them side by side in a rode draad, on screen
and as a PDF."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from assessments.models import Onderdeel, Respondent, Round
from assessments.questionnaire.services import respondent_submit
from bouwstenen.models import Rol
from tests.browser.accessibility import check_axe
from tests.browser.questionnaire import answer, begin, choose_role, save_and_next, send
from tests.browser.session import log_in
from tests.factories import make_answers
from tests.tasks import run_tasks

pytestmark = pytest.mark.browser

PROJECTS = ["Woonvisie", "Energietransitie", "Omgevingsvisies"]
VRAAGSTUK = [3, 6, 8]  # the bouwstenen of the niveau Vraagstuk
PEOPLE = ["bestuur", "managers", "adviseurs"]


def start_scan(page, live_server, project):
    """Create the project's scan for the niveau Vraagstuk, invite three people, open it."""
    page.goto(live_server.url + "/rondes/nieuw/")
    page.get_by_label("Naam").fill(f"Scan {project}")
    page.get_by_label("Waarover gaat de ronde?").select_option(
        label=f"{project} (Project of vraagstuk)"
    )
    page.get_by_label("Alleen het niveau Vraagstuk").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Ronde aanmaken").click()
    emails = "\n".join(f"{rol}.{project.lower()}@testdorp.nl" for rol in PEOPLE)
    page.get_by_label("E-mailadressen").fill(emails)
    with page.expect_navigation():
        page.get_by_role("button", name="Lijst toevoegen").click()
    expect(page.get_by_text(f"{project} · 3 van 11 bouwstenen")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Ronde openen en uitnodigingen versturen").click()
    expect(page.get_by_text("3 uitnodigingen verstuurd.")).to_be_visible()


def answer_in_browser(page, live_server, respondent):
    """The bestuurder of the first scan: one page of three bouwstenen, then send."""
    page.goto(f"{live_server.url}/vragenlijst/{respondent.token}/")
    begin(page)
    choose_role(page, "Bestuur")
    expect(page.get_by_role("group", name="Bouwsteen 1: hoe is het nu?")).to_have_count(0)
    for number in VRAAGSTUK:
        answer(page, number, current=2 if number == 3 else 3, desired=4)
    save_and_next(page)
    send(page)


def answer_by_service(respondent, current_3):
    rollen = {rol.code: rol for rol in Rol.objects.filter(framework=respondent.round.framework)}
    respondent.rol = rollen[respondent.email.split(".")[0]]
    respondent.save()
    make_answers(
        respondent=respondent,
        levels={3: current_3, 6: 3, 8: 3},
        desired=dict.fromkeys(VRAAGSTUK, 4),
    )
    assert respondent_submit(respondent=respondent)


def close_scan(page, live_server, round):
    page.goto(f"{live_server.url}/rondes/{round.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Invullen sluiten").click()
    expect(page.locator("#close-response")).to_contain_text("3 van 3 mensen tellen mee")
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, sluit het invullen").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Ronde sluiten").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, sluit de ronde").click()
    expect(page.get_by_text("De ronde is gesloten.")).to_be_visible()


def test_three_project_scans_at_once_end_in_a_rode_draad_on_screen_and_as_pdf(
    page, live_server, coordinator, organisation, framework, tmp_path
):
    for project in PROJECTS:
        Onderdeel.objects.create(
            organisation=organisation, name=project, kind=Onderdeel.Kind.VRAAGSTUK
        )
    log_in(page, live_server, coordinator)
    for project in PROJECTS:
        start_scan(page, live_server, project)
    rounds = list(Round.objects.filter(organisation=organisation).order_by("pk"))
    assert [round.status for round in rounds] == ["open"] * 3  # all three at once

    respondent = page.context.new_page()
    first = Respondent.objects.get(round=rounds[0], email__startswith="bestuur.")
    answer_in_browser(respondent, live_server, first)
    respondent.close()
    for round in rounds:
        for person in round.respondents.exclude(pk=first.pk):
            answer_by_service(person, current_3=2)

    for round in rounds:
        close_scan(page, live_server, round)
    page.goto(f"{live_server.url}/rondes/{rounds[0].pk}/rapport/")
    expect(page.get_by_text("Gevraagd: 3 van 11 bouwstenen").first).to_be_visible()

    page.goto(f"{live_server.url}/rondes/")
    with page.expect_navigation():
        page.get_by_role("link", name="Rode draad maken").click()
    page.get_by_label("Naam").fill("Projectscans 2026")
    for project in PROJECTS:
        page.get_by_label(re.compile(f"Scan {project}")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Rode draad maken").click()
    expect(page.get_by_role("heading", name="Rode draad: Projectscans 2026")).to_be_visible()
    expect(page.locator(".rd-house svg.house-svg")).to_have_count(3)
    knelpunten = page.get_by_role(
        "table", name="Bouwstenen met een knelpunt, de vaakst voorkomende eerst"
    )
    expect(knelpunten.get_by_role("row").nth(1)).to_contain_text("in 3 van 3 scans")
    check_axe(page)

    page.get_by_role("link", name="Download als PDF").click()
    expect(page.get_by_text("De PDF wordt gemaakt.")).to_be_visible()
    run_tasks()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("link", name="Download de rode draad (PDF)").click()
    pdf = tmp_path / "rode-draad.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    for project in PROJECTS:
        assert f"Scan {project}" in text
    pages = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    assert 1 <= int(re.search(r"Pages:\s+(\d+)", pages)[1]) <= 12
