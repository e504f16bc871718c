"""A coordinator makes a rode draad of three closed project scans in a browser, reads it on a
wide screen and on a phone (the small houses wrap, nothing scrolls sideways) and downloads
its PDF, made by the task worker."""

import re

import pytest
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from tests.assessments.rodedraad.scans import make_part, make_scan
from tests.browser.accessibility import check_axe, form_problems
from tests.browser.session import log_in
from tests.tasks import run_tasks

pytestmark = pytest.mark.browser

PROJECTS = [("Woonvisie", 1), ("Energietransitie", 4), ("Omgevingsvisies", 4)]


def download(page, link_name: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("link", name=link_name).click()
    with open(download_info.value.path(), "rb") as file:
        return download_info.value.suggested_filename, file.read()


def test_a_coordinator_makes_a_rode_draad_of_three_scans_reads_it_and_downloads_its_pdf(
    page, live_server, coordinator, organisation, framework
):
    for day, (name, second) in enumerate(PROJECTS, start=1):
        make_scan(
            organisation,
            framework,
            f"Scan {name.lower()}",
            onderdeel=make_part(organisation, name),
            levels={1: 2, 2: second},
            asked=[1, 2, 4, 5, 6, 7, 8, 9, 10, 11] if name == "Omgevingsvisies" else (),
            day=day,
        )
    DBTaskResult.objects.all().delete()  # the scans' own report PDFs, queued when they closed
    log_in(page, live_server, coordinator)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(f"{live_server.url}/rondes/")
    page.get_by_role("link", name="Rode draad maken").click()
    expect(page.get_by_role("heading", name="Rode draad maken")).to_be_visible()
    assert form_problems(page) == []
    check_axe(page)
    # one round is not enough: the error stands next to the field
    page.get_by_label("Naam").fill("Projecten 2026")
    page.get_by_label(re.compile("Scan woonvisie")).check()
    page.get_by_role("button", name="Rode draad maken").click()
    expect(page.locator("#error-summary")).to_contain_text("Kies minstens twee gesloten rondes.")
    check_axe(page)
    for name, _second in PROJECTS[1:]:
        page.get_by_label(re.compile(f"Scan {name.lower()}")).check()
    page.get_by_role("button", name="Rode draad maken").click()

    expect(page.get_by_role("heading", name="Rode draad: Projecten 2026")).to_be_visible()
    houses = page.locator(".rd-house svg.house-svg")
    expect(houses).to_have_count(3)
    assert houses.nth(0).get_attribute("role") == "img"
    assert "Knelpunten: 1." in page.locator("#rode-draad-house-0-desc").text_content()
    first = page.get_by_role(
        "table", name="Bouwstenen met een knelpunt, de vaakst voorkomende eerst"
    )
    expect(first.get_by_role("row").nth(1)).to_contain_text("in 3 van 3 scans")
    expect(page.locator(".rd-unasked").first).to_have_text("niet gevraagd")
    check_axe(page)

    page.set_viewport_size({"width": 360, "height": 800})
    # the tables scroll in their own box, the page does not
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    tops = [houses.nth(i).bounding_box()["y"] for i in range(3)]
    assert tops[0] < tops[1] < tops[2]  # one small house under the other
    check_axe(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="Download als PDF").click()
    expect(page.get_by_text("De PDF wordt gemaakt.")).to_be_visible()
    check_axe(page)
    assert run_tasks() == 1
    name, pdf = download(page, "Download de rode draad (PDF)")
    assert name == "rode-draad-projecten-2026.pdf"
    assert pdf.startswith(b"%PDF-")
