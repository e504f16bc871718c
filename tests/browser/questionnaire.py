"""Filling in the questionnaire in a browser, with the mouse or with the keyboard."""

from playwright.sync_api import expect

LEVELS = ["Afwezig", "Persoonsafhankelijk", "Vastgelegd", "Toegepast", "Geborgd en lerend"]


def label_for(level):
    return "Weet ik niet" if level == 0 else LEVELS[level - 1]


def answer(page, number, current, desired=None):
    """Choose levels for one bouwsteen with the mouse, through the visible labels."""
    group = page.get_by_role("group", name=f"Bouwsteen {number}: hoe is het nu?")
    group.get_by_label(label_for(current)).check()
    if desired is not None:
        group = page.get_by_role("group", name=f"Bouwsteen {number}: waar wil je naartoe?")
        group.get_by_label(label_for(desired)).check()


def has_focus(page, selector):
    return page.evaluate(f"document.activeElement.matches({selector!r})")


def tab_to(page, selector, limit):
    """Press Tab until the element matching `selector` has focus; it must take at most
    `limit` presses (a control that far away is not "the next one")."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if has_focus(page, selector):
            return
    raise AssertionError(f"{limit} presses of Tab did not reach {selector}")


def answer_with_keyboard(page, bouwsteen_id, current):
    """From the question before (or the top of the form), Tab into the bouwsteen's radio
    group, tick the first step with Space, then arrow down to the level (the sixth option is
    'weet ik niet')."""
    tab_to(page, f'input[name="b{bouwsteen_id}_current"]', limit=4)
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
    with page.expect_navigation():
        page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Bedankt, je antwoorden zijn verstuurd.")).to_be_visible()


def begin(page):
    """The introduction a new respondent reads before the first question."""
    expect(page.get_by_role("heading", name="Welkom bij de vragenlijst")).to_be_visible()
    page.get_by_role("link", name="Beginnen").click()


def choose_role(page, rol, function=""):
    expect(page.get_by_role("heading", name="Jouw rol")).to_be_visible()
    page.get_by_label(rol).check()
    if function:
        page.get_by_label("Je functie").fill(function)
    save_and_next(page)
