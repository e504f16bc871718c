"""Invited people answer the questionnaire, each in their own way: Bea on a 360 px phone with
the mouse, Max with the keyboard only, Ada leaving halfway and coming back. axe checks every
kind of page they see."""

import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Answer
from tests.browser.accessibility import check_axe
from tests.browser.questionnaire import (
    answer,
    answer_with_keyboard,
    begin,
    choose_role,
    has_focus,
    press_enter_and_wait,
    save_and_next,
    send,
    tab_to,
)
from tests.factories import make_respondent, make_round

pytestmark = pytest.mark.browser


def levels_of(round, email):
    """{bouwsteen number: current level} of what the person with this address answered."""
    answers = Answer.objects.filter(respondent__round=round, respondent__email=email)
    return dict(answers.values_list("bouwsteen__number", "current_level"))


def test_bestuur_answers_on_a_phone_with_the_mouse(page, invited_round, questionnaire_link):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(questionnaire_link("bea@testdorp.nl"))
    expect(page.get_by_text("Ongeveer 20 minuten.")).to_be_visible()
    check_axe(page)
    begin(page)
    expect(page.get_by_role("heading", name="Jouw rol")).to_be_visible()
    check_axe(page)
    choose_role(page, "Bestuur", "Wethouder")

    expect(page.get_by_role("heading", name="Niveau: Organisatie")).to_be_visible()
    check_axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for number in [1, 2, 4, 5, 7, 9]:
        answer(page, number, 4, 5)
    save_and_next(page)
    for number in [3, 6, 8]:
        answer(page, number, 3, 4)
    save_and_next(page)
    answer(page, 10, 2, 4)
    answer(page, 11, 0)
    save_and_next(page)
    expect(page.get_by_role("heading", name="Controleren en versturen")).to_be_visible()
    check_axe(page)
    send(page)
    check_axe(page)

    bea = invited_round.respondents.get(email="bea@testdorp.nl")
    assert bea.submitted_at is not None and bea.function == "Wethouder"
    assert bea.rol.code == "bestuur"
    assert levels_of(invited_round, "bea@testdorp.nl") == {
        **dict.fromkeys([1, 2, 4, 5, 7, 9], 4),
        **dict.fromkeys([3, 6, 8], 3),
        10: 2,
        11: 0,
    }
    assert bea.answers.get(bouwsteen__number=1).desired_level == 5


def test_manager_answers_with_the_keyboard_only(page, invited_round, questionnaire_link, framework):
    page.goto(questionnaire_link("max@testdorp.nl"))
    check_axe(page)
    begin(page)
    expect(page.get_by_role("heading", name="Jouw rol")).to_be_visible()
    # The role he was invited as is chosen already; Tab lands on it, Space keeps it.
    tab_to(page, 'input[name="rol"]', limit=12)
    assert has_focus(page, "input[name=rol]:checked")
    page.keyboard.press("Space")
    assert page.evaluate("document.querySelector('input[name=rol]:checked').value") == str(
        framework.rol_set.get(code="managers").pk
    )
    tab_to(page, "button[type=submit].btn-primary", limit=4)
    press_enter_and_wait(page)

    ids = dict(framework.bouwsteen_set.values_list("number", "pk"))
    chosen = {}
    for niveau, numbers in (
        ("Organisatie", [1, 2, 4, 5, 7, 9]),
        ("Vraagstuk", [3, 6, 8]),
        ("Gesprek", [10, 11]),
    ):
        expect(page.get_by_role("heading", name=f"Niveau: {niveau}")).to_be_visible()
        # Start at the scale's explanation, just above the first question.
        page.locator("details.scale-help summary").focus()
        for number in numbers:
            chosen[number] = 2 if number != 6 else 0
            answer_with_keyboard(page, ids[number], chosen[number])
        tab_to(page, 'button[name="next"]', limit=6)
        press_enter_and_wait(page)

    expect(page.get_by_role("heading", name="Controleren en versturen")).to_be_visible()
    page.get_by_role("link", name="Wijzigen bouwsteen 11").focus()
    tab_to(page, "main form button[type=submit]", limit=3)
    press_enter_and_wait(page)
    expect(page.get_by_text("Bedankt, je antwoorden zijn verstuurd.")).to_be_visible()

    max_ = invited_round.respondents.get(email="max@testdorp.nl")
    assert max_.submitted_at is not None and max_.rol.code == "managers"
    assert levels_of(invited_round, "max@testdorp.nl") == chosen


def test_adviser_leaves_halfway_and_autosave_kept_her_answers(
    page, invited_round, questionnaire_link
):
    link = questionnaire_link("ada@testdorp.nl")
    page.goto(link)
    begin(page)
    choose_role(page, "Adviseurs")
    for number in [1, 2, 4, 5, 7, 9]:
        answer(page, number, 3, 4)
    save_and_next(page)
    expect(page.locator("#autosave-status")).to_contain_text("automatisch bewaard")
    answer(page, 3, 1, 3)
    page.get_by_label("Bouwsteen 3: toelichting").fill("Kaders ontbreken vaak.")
    expect(page.locator("#autosave-status")).to_contain_text("Automatisch bewaard om")
    expect(page.locator("#answered-text")).to_contain_text("7 van 11")
    context = page.context
    page.close()

    again = context.new_page()
    again.goto(link)
    expect(again.get_by_role("heading", name="Niveau: Vraagstuk")).to_be_visible()
    group = again.get_by_role("group", name="Bouwsteen 3: hoe is het nu?")
    expect(group.get_by_label("Afwezig")).to_be_checked()
    expect(again.get_by_label("Bouwsteen 3: toelichting")).to_have_value("Kaders ontbreken vaak.")
    answer(again, 6, 2)
    answer(again, 8, 2)
    save_and_next(again)
    answer(again, 10, 2)
    answer(again, 11, 1)
    save_and_next(again)
    send(again)
    again.close()

    ada = invited_round.respondents.get(email="ada@testdorp.nl")
    assert ada.submitted_at is not None and ada.rol.code == "adviseurs"
    assert ada.answers.get(bouwsteen__number=3).toelichting == "Kaders ontbreken vaak."
    assert levels_of(invited_round, "ada@testdorp.nl") == {
        **dict.fromkeys([1, 2, 4, 5, 7, 9], 3),
        3: 1,
        6: 2,
        8: 2,
        10: 2,
        11: 1,
    }


def test_text_typed_just_before_closing_the_tab_is_kept(live_server, page, organisation, framework):
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
    # (the page's save mark is not checked: when the debounced save and the pagehide save
    # overlap, the second is partly refused and rightly clears the mark; the text is kept)
    again = context.new_page()
    again.goto(link)
    expect(again.get_by_label("Bouwsteen 10: toelichting")).to_have_value("Net getypt, meteen weg.")
    again.close()


def niveau_link(live_server, respondent, niveau):
    return live_server.url + reverse(
        "assessments:questionnaire-niveau", args=[respondent.token, niveau]
    )


def test_answers_given_offline_are_kept_and_saved_once_the_network_is_back(
    live_server, page, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round, rol="adviseurs")
    page.goto(niveau_link(live_server, respondent, "gesprek"))
    expect(page.locator("#autosave-status")).to_contain_text("automatisch bewaard")
    page.route("**/autosave/**", lambda route: route.abort())

    answer(page, 10, 3, 4)
    page.get_by_label("Bouwsteen 11: toelichting").fill("Zonder verbinding getypt.")
    answer(page, 11, 0)

    expect(page.locator("#autosave-status")).to_contain_text("Niet bewaard")
    expect(
        page.locator(f"#answer-status-{framework.bouwsteen_set.get(number=10).pk}")
    ).to_contain_text("Nog niet bewaard")
    assert (
        page.evaluate("getComputedStyle(document.getElementById('autosave-status')).position")
        == "sticky"
    )
    assert not Answer.objects.filter(respondent=respondent).exists()
    page.unroute("**/autosave/**")

    expect(page.locator("#autosave-status")).to_contain_text(
        "Automatisch bewaard om", timeout=15_000
    )
    stored = {
        a.bouwsteen.number: (a.current_level, a.desired_level, a.toelichting)
        for a in Answer.objects.filter(respondent=respondent).select_related("bouwsteen")
    }
    assert stored == {10: (3, 4, ""), 11: (0, None, "Zonder verbinding getypt.")}


def test_enter_in_an_answer_goes_forward_and_wijzigen_offers_the_way_back(
    live_server, page, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round, rol="bestuur")
    page.goto(niveau_link(live_server, respondent, "vraagstuk"))
    answer(page, 3, 2)
    page.get_by_role("group", name="Bouwsteen 3: hoe is het nu?").get_by_label(
        "Persoonsafhankelijk"
    ).focus()
    press_enter_and_wait(page)
    expect(page.get_by_role("heading", name="Niveau: Gesprek")).to_be_visible()

    page.goto(
        live_server.url + reverse("assessments:questionnaire-summary", args=[respondent.token])
    )
    with page.expect_navigation():
        page.get_by_role("link", name="Wijzigen bouwsteen 3").click()
    counter = page.locator(f"#id_b{framework.bouwsteen_set.get(number=3).pk}_toelichting_count")
    expect(counter).to_have_text("Nog 2000 van 2000 tekens over.")
    page.get_by_label("Bouwsteen 3: toelichting").fill("Kort.")
    expect(counter).to_have_text("Nog 1995 van 2000 tekens over.")
    with page.expect_navigation():
        page.get_by_role("button", name="Terug naar het overzicht").click()
    expect(page.get_by_role("heading", name="Controleren en versturen")).to_be_visible()
    assert respondent.answers.get(bouwsteen__number=3).toelichting == "Kort."
