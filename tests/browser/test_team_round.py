"""The whole journey in a real browser: a coordinator starts a round and invites three people;
each answers from another role (one with the keyboard only, one on a 360 px phone, one closes
the tab halfway and comes back); the dashboard then shows 3 of 3. axe checks every page."""

import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Answer, Respondent
from tests.factories import make_respondent, make_round

pytestmark = pytest.mark.browser

AXE = Axe()
LEVELS = ["Afwezig", "Persoonsafhankelijk", "Vastgelegd", "Toegepast", "Geborgd en lerend"]


def check_axe(page):
    results = AXE.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def label_for(level):
    return "Weet ik niet" if level == 0 else LEVELS[level - 1]


def answer(page, number, current, desired=None):
    """Choose levels for one bouwsteen with the mouse, through the visible labels."""
    group = page.get_by_role("group", name=f"Bouwsteen {number}: hoe is het nu?")
    group.get_by_label(label_for(current)).check()
    if desired is not None:
        group = page.get_by_role("group", name=f"Bouwsteen {number}: waar wil je naartoe?")
        group.get_by_label(label_for(desired)).check()


def tab_to(page, selector, limit=250):
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def answer_with_keyboard(page, bouwsteen_id, current):
    """Tab into the radio group, tick the first step with Space, then arrow down to the level
    (the sixth option is 'weet ik niet')."""
    tab_to(page, f'input[name="b{bouwsteen_id}_current"]')
    page.keyboard.press("Space")
    steps = 5 if current == 0 else current - 1
    for _ in range(steps):
        page.keyboard.press("ArrowDown")
    value = page.evaluate(
        f"document.querySelector('input[name=\"b{bouwsteen_id}_current\"]:checked').value"
    )
    assert value == str(current)


def save_and_next(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan en verder").click()


def press_enter_and_wait(page):
    """Enter on a submit button; wait until the next page has loaded, so nothing after it
    runs against the page that is being left."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def send(page):
    expect(page.get_by_role("heading", name="Controleren en versturen")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Bedankt, je antwoorden zijn verstuurd.")).to_be_visible()
    check_axe(page)


def choose_role(page, rol, function=""):
    expect(page.get_by_role("heading", name="Jouw rol")).to_be_visible()
    check_axe(page)
    page.get_by_label(rol).check()
    if function:
        page.get_by_label("Je functie").fill(function)
    save_and_next(page)


def test_coordinator_invites_three_and_all_answer(
    live_server, page, coordinator, framework, mailoutbox
):
    page.context.set_default_timeout(10_000)
    # The coordinator logs in and creates a round.
    page.goto(live_server.url + "/rondes/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    check_axe(page)
    page.get_by_label("Gebruikersnaam").fill("coordinator")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Mijn rondes")).to_be_visible()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Nieuwe ronde").click()
    check_axe(page)
    page.get_by_label("Naam").fill("Borgingsscan 2026")
    page.get_by_role("button", name="Ronde aanmaken").click()

    # Invites three people, one malformed line is reported, then opens the round.
    expect(page.get_by_role("heading", name="Mensen uitnodigen")).to_be_visible()
    check_axe(page)
    page.get_by_label("E-mailadressen").fill(
        "bea@testdorp.nl, Bea Bestuur, bestuur\n"
        "geen adres\n"
        "max@testdorp.nl, Max Manager, managers\n"
        "ada@testdorp.nl, Ada Adviseur, adviseurs\n"
    )
    page.get_by_role("button", name="Lijst toevoegen").click()
    expect(page.get_by_text("Regel 2: er staat geen e-mailadres in.")).to_be_visible()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Naar het overzicht van de ronde").click()
    check_axe(page)
    page.get_by_role("button", name="Ronde openen en uitnodigingen versturen").click()
    expect(page.get_by_text("3 uitnodigingen verstuurd.")).to_be_visible()
    expect(page.locator("#response-total")).to_contain_text("0 van 3")
    links = {m.to[0]: re.search(r"http\S+", m.body).group(0) for m in mailoutbox}
    assert sorted(links) == ["ada@testdorp.nl", "bea@testdorp.nl", "max@testdorp.nl"]
    coordinator_page = page
    context = page.context.browser

    # Bea (bestuur) answers on a 360 px phone with the mouse.
    phone = context.new_page(viewport={"width": 360, "height": 740})
    phone.goto(links["bea@testdorp.nl"])
    choose_role(phone, "Bestuur", "Wethouder")
    expect(phone.get_by_role("heading", name="Niveau: Organisatie")).to_be_visible()
    check_axe(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    for number in [1, 2, 4, 5, 7, 9]:
        answer(phone, number, 4, 5)
    save_and_next(phone)
    check_axe(phone)
    for number in [3, 6, 8]:
        answer(phone, number, 3, 4)
    save_and_next(phone)
    answer(phone, 10, 2, 4)
    answer(phone, 11, 0)
    save_and_next(phone)
    send(phone)
    phone.close()

    # Max (managers) uses only the keyboard.
    keyboard = context.new_page()
    keyboard.goto(links["max@testdorp.nl"])
    expect(keyboard.get_by_role("heading", name="Jouw rol")).to_be_visible()
    # The role he was invited as is chosen already; Tab lands on it, Space keeps it.
    tab_to(keyboard, 'input[name="rol"]')
    keyboard.keyboard.press("Space")
    assert keyboard.evaluate("document.querySelector('input[name=rol]:checked').value") == str(
        framework.rol_set.get(code="managers").pk
    )
    tab_to(keyboard, "button[type=submit].btn-primary")
    press_enter_and_wait(keyboard)
    ids = dict(framework.bouwsteen_set.values_list("number", "pk"))
    for niveau, numbers in (
        ("Organisatie", [1, 2, 4, 5, 7, 9]),
        ("Vraagstuk", [3, 6, 8]),
        ("Gesprek", [10, 11]),
    ):
        expect(keyboard.get_by_role("heading", name=f"Niveau: {niveau}")).to_be_visible()
        for number in numbers:
            answer_with_keyboard(keyboard, ids[number], 2 if number != 6 else 0)
        tab_to(keyboard, 'button[name="next"]')
        press_enter_and_wait(keyboard)
    expect(keyboard.get_by_role("heading", name="Controleren en versturen")).to_be_visible()
    tab_to(keyboard, "main form button[type=submit]")
    keyboard.keyboard.press("Enter")
    expect(keyboard.get_by_text("Bedankt, je antwoorden zijn verstuurd.")).to_be_visible()
    keyboard.close()

    # Ada (adviseurs) lets autosave keep her answers, closes the tab halfway, and resumes.
    first = context.new_page()
    first.goto(links["ada@testdorp.nl"])
    choose_role(first, "Adviseurs")
    for number in [1, 2, 4, 5, 7, 9]:
        answer(first, number, 3, 4)
    save_and_next(first)
    expect(first.locator("#autosave-status")).to_contain_text("automatisch bewaard")
    answer(first, 3, 1, 3)
    first.get_by_label("Bouwsteen 3: toelichting").fill("Kaders ontbreken vaak.")
    expect(first.locator("#autosave-status")).to_contain_text("Automatisch bewaard om")
    expect(first.locator("#answered-text")).to_contain_text("7 van 11")
    first.close()

    again = context.new_page()
    again.goto(links["ada@testdorp.nl"])
    expect(again.get_by_role("heading", name="Niveau: Vraagstuk")).to_be_visible()
    group = again.get_by_role("group", name="Bouwsteen 3: hoe is het nu?")
    expect(group.get_by_label("Afwezig")).to_be_checked()
    expect(again.get_by_label("Bouwsteen 3: toelichting")).to_have_value("Kaders ontbreken vaak.")
    answer(again, 6, 2)
    answer(again, 8, 2)
    save_and_next(again)
    check_axe(again)
    answer(again, 10, 2)
    answer(again, 11, 1)
    save_and_next(again)
    send(again)
    again.close()

    # The dashboard shows 3 of 3, one per role.
    coordinator_page.reload()
    expect(coordinator_page.locator("#response-total")).to_contain_text("3 van 3")
    check_axe(coordinator_page)
    assert Respondent.objects.filter(submitted_at__isnull=False).count() == 3
    assert sorted(Respondent.objects.values_list("rol__code", flat=True)) == [
        "adviseurs",
        "bestuur",
        "managers",
    ]
    assert Answer.objects.filter(current_level__isnull=False).count() == 33
    ada = Respondent.objects.get(email="ada@testdorp.nl")
    assert ada.answers.get(bouwsteen__number=3).toelichting == "Kaders ontbreken vaak."


@pytest.mark.django_db(transaction=True)
def test_text_typed_just_before_closing_the_tab_is_kept(live_server, page, organisation, framework):
    page.context.set_default_timeout(10_000)
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round, rol="adviseurs")
    link = live_server.url + reverse("assessments:questionnaire", args=[respondent.token])
    page.goto(
        live_server.url
        + reverse("assessments:questionnaire-niveau", args=[respondent.token, "gesprek"])
    )
    expect(page.locator("#autosave-status")).to_contain_text("automatisch bewaard")
    page.get_by_label("Bouwsteen 10: toelichting").press_sequentially("Net getypt, meteen weg.")
    context = page.context
    page.close()  # well within the autosave delay; pagehide must save

    # The last save may still be on its way after the tab is gone.
    deadline = time.monotonic() + 10
    while not Answer.objects.filter(respondent=respondent, toelichting__contains="weg.").exists():
        assert time.monotonic() < deadline, "the text was not saved when the tab closed"
        time.sleep(0.1)
    respondent.refresh_from_db()
    assert len(respondent.save_page) == 24 and respondent.save_seq >= 1  # marked by autosave.js
    again = context.new_page()
    again.goto(link)
    expect(again.get_by_label("Bouwsteen 10: toelichting")).to_have_value("Net getypt, meteen weg.")
    again.close()
