"""The leernetwerk in a real browser: a coordinator opts in to the comparison and sees it on
the report page, in the PDF and in the workbook, then changes the organisation's size and
still sees only the group it was in at the release; a begeleider is invited, accepts, sees
the overview, is promoted to lezer only by accepting a new invitation, and once removed
(after a confirmation) is told they no longer have access."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.benchmark.services import benchmark_release_make
from assessments.models import Membership
from tests.assessments.benchmark.helpers import make_closed_round, make_peer
from tests.browser.accessibility import check_axe
from tests.browser.session import log_in
from tests.tasks import run_tasks

pytestmark = pytest.mark.browser


def download(page, link_name: str) -> bytes:
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("link", name=link_name).click()
    with open(download_info.value.path(), "rb") as file:
        return file.read()


def test_coordinator_opts_in_and_sees_the_comparison(
    page, live_server, coordinator, organisation, framework
):
    round = make_closed_round(organisation, framework, level=4)
    for n in range(5):
        make_peer(framework, f"peer-{n}", level=1 + n)
    log_in(page, live_server, coordinator)

    page.goto(f"{live_server.url}/organisaties/{organisation.slug}/instellingen/")
    with page.expect_navigation():
        page.get_by_role("link", name="Bekijk wat we zouden delen, en doe mee").click()
    expect(page.get_by_text("Jullie doen niet mee.")).to_be_visible()
    shared = page.get_by_role("table", name="Borgingsscan 2026")
    expect(shared).to_contain_text("Cijfer dat we delen")
    check_axe(page)
    page.get_by_role("group", name="Soort organisatie").get_by_label("Gemeente").check()
    page.get_by_role("group", name="Grootte").get_by_label("Middelgroot").check()
    page.get_by_label("Wij doen mee aan de vergelijking").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("doet mee aan de vergelijking, vanaf de volgende")).to_be_visible()

    assert benchmark_release_make() is not None  # what the worker does on its schedule
    page.goto(f"{live_server.url}/rondes/{round.pk}/rapport/")
    table = page.get_by_role("table", name="Jullie cijfer per bouwsteen")
    expect(table).to_contain_text("Gemeente, middelgroot (6 organisaties)")
    expect(table.get_by_role("row").nth(1)).to_contain_text("boven de mediaan")
    check_axe(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 800})

    workbook = load_workbook(io.BytesIO(download(page, "Download de cijfers (Excel)")))
    assert workbook["Vergelijking"]["I2"].value == "boven de mediaan"

    page.get_by_role("link", name="Download het borgingsrapport (PDF)").click()
    expect(page.get_by_text("Het borgingsrapport wordt gemaakt.")).to_be_visible()
    assert run_tasks() >= 1
    pdf = download(page, "Download het borgingsrapport (PDF)")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Vergelijking met andere organisaties" in text and "boven de mediaan" in text

    # a new size class counts from the next release: no group of the new profile shows
    page.goto(f"{live_server.url}/organisaties/{organisation.slug}/instellingen/vergelijking/")
    page.get_by_role("group", name="Grootte").get_by_label("Groot: 100.000").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    page.goto(f"{live_server.url}/rondes/{round.pk}/rapport/")
    table = page.get_by_role("table", name="Jullie cijfer per bouwsteen")
    expect(table).to_contain_text("Gemeente, middelgroot (6 organisaties)")
    expect(page.get_by_text("Vergeleken met Gemeente, middelgroot:")).to_be_visible()
    expect(table).not_to_contain_text("Gemeente, groot")


def test_begeleider_is_invited_promoted_by_invitation_and_removed(
    page, live_server, coordinator, organisation, framework, mailoutbox
):
    round = make_closed_round(organisation, framework, level=3)
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/organisaties/{organisation.slug}/collegas/")
    page.get_by_label("E-mailadres").fill("bea@adviesbureau.example")
    page.get_by_role("group", name="Rol").get_by_label("Begeleider").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Uitnodiging sturen").click()
    expect(page.get_by_text("als Begeleider")).to_be_visible()
    [mail] = mailoutbox
    assert mail.body.startswith("Beste begeleider,")

    link = next(line for line in mail.body.splitlines() if line.startswith("http"))
    bea = page.context.browser.new_page(locale="nl-NL")  # a browser of her own
    bea.goto(link)
    bea.locator("#id_name").fill("Bea Adviseur")
    bea.locator("#id_new_password1").fill("Begeleiding-2026!")
    bea.locator("#id_new_password2").fill("Begeleiding-2026!")
    with bea.expect_navigation():
        bea.get_by_role("button", name="Account maken en aannemen").click()
    expect(bea.get_by_role("heading", name="Begeleiding: de organisaties")).to_be_visible()
    expect(bea.get_by_role("heading", name="Gemeente Testdorp")).to_be_visible()
    expect(bea.get_by_text("borgingsniveau 3, ambitie 4, kloof +1.")).to_be_visible()
    check_axe(bea)
    with bea.expect_navigation():
        bea.get_by_role("link", name=round.name).click()
    expect(bea.get_by_role("heading", name=f"Borgingsrapport: {round.name}")).to_be_visible()
    report_url = bea.url
    bea.goto(f"{live_server.url}/rondes/{round.pk}/")
    expect(bea.get_by_role("link", name="Actieplan van Gemeente Testdorp")).to_be_visible()
    expect(bea.get_by_role("link", name="Logboek")).to_have_count(0)  # she cannot open it

    # the coordinator makes her lezer: that is an invitation she accepts
    membership = Membership.objects.get(user__email="bea@adviesbureau.example")
    member_page = f"{live_server.url}/organisaties/{organisation.slug}/collegas/{membership.pk}/"
    page.goto(member_page)
    expect(
        page.get_by_role("heading", name="Andere rol: met een nieuwe uitnodiging")
    ).to_be_visible()
    check_axe(page)
    page.get_by_role("group", name="Nieuwe rol").get_by_label("Lezer").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Uitnodiging sturen").click()
    expect(
        page.get_by_text("Tot Bea Adviseur die aanneemt, blijft het begeleider.")
    ).to_be_visible()
    membership.refresh_from_db()
    assert membership.role == Membership.Role.BEGELEIDER
    promotion = mailoutbox[-1]
    assert "in plaats van begeleider" in promotion.body
    bea.goto(next(line for line in promotion.body.splitlines() if line.startswith("http")))
    with bea.expect_navigation():
        bea.get_by_role("button", name="Uitnodiging aannemen").click()
    membership.refresh_from_db()
    assert membership.role == Membership.Role.VIEWER
    bea.goto(f"{live_server.url}/rondes/{round.pk}/")
    expect(bea.get_by_role("link", name="Logboek")).to_be_visible()

    # back to begeleider (less access needs no acceptance), then removed after a question
    page.goto(member_page)
    page.get_by_role("group", name="Rol").get_by_label("Begeleider").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Rol opslaan").click()
    page.goto(member_page)
    with page.expect_navigation():
        page.get_by_role("link", name="Bea Adviseur weghalen").click()
    expect(
        page.get_by_role("heading", name="Bea Adviseur weghalen uit Gemeente Testdorp?")
    ).to_be_visible()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, Bea Adviseur weghalen").click()
    expect(page.get_by_text("heeft geen toegang meer tot Gemeente Testdorp")).to_be_visible()

    response = bea.goto(report_url)
    assert response.status == 404
    expect(
        bea.get_by_role("heading", name="Je hebt geen toegang meer tot Gemeente Testdorp")
    ).to_be_visible()
    expect(bea.get_by_text("nieuwe link")).to_have_count(0)
    assert bea.goto(f"{live_server.url}/begeleider/").status == 404
    bea.close()
