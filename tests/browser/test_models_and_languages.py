"""The model texts follow the person: an English respondent (English browser, English
invitation) sees no Dutch model text; and the second shipped model, Democratische waarden in
participatie, runs a whole round in the browser without any code of its own."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Respondent
from bouwstenen.models import Bouwsteen, Framework
from tests.browser.accessibility import check_axe
from tests.browser.session import log_in
from tests.factories import make_round

pytestmark = pytest.mark.browser

LEVEL_LABELS_EN = ["Absent", "Depends on individuals", "Laid down", "Applied"]


def dutch_texts(framework):
    """The Dutch model texts that an English page must not show."""
    texts = set()
    for bouwsteen in Bouwsteen.objects.filter(framework=framework).prefetch_related("questions"):
        texts |= {bouwsteen.title_nl, bouwsteen.short_title_nl, bouwsteen.description_nl}
        texts |= {question.text_nl for question in bouwsteen.questions.all()}
    for step in framework.scale.all():
        texts |= {step.label_nl, step.meaning_nl}
    for axis in [*framework.niveau_set.all(), *framework.rol_set.all()]:
        texts |= {axis.name_nl, axis.description_nl}
    # the same word in both languages
    return texts - {"Managers"}


def test_english_respondent_sees_no_dutch_model_text(browser, live_server, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = Respondent.objects.create(round=round, email="ann@example.org", language="en")
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    dutch = dutch_texts(framework)

    # The address without /en/: an English browser lands on the English questionnaire, on
    # the introduction first; it shows the model's scale, in English.
    page.goto(live_server.url + reverse("assessments:questionnaire", args=[respondent.token]))
    expect(page.get_by_role("heading", name="Welcome to the questionnaire")).to_be_visible()
    assert "/en/vragenlijst/" in page.url
    body = page.locator("main").inner_text()
    assert all(label in body for label in LEVEL_LABELS_EN)
    assert [text for text in dutch if text in body] == []
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Start").click()
    expect(page.get_by_role("heading", name="Your role")).to_be_visible()
    assert "/en/vragenlijst/" in page.url
    check_axe(page)
    page.get_by_label("Administration").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    for niveau in ("Organisation", "Issue", "Conversation"):
        expect(page.get_by_role("heading", name=f"Level: {niveau}")).to_be_visible()
        body = page.locator("main").inner_text()
        assert [text for text in dutch if text in body] == [], niveau
        for group in page.get_by_role("group", name=re.compile(r"how is it now\?")).all():
            group.get_by_label("Applied").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Check and send")).to_be_visible()
    body = page.locator("main").inner_text()
    assert [text for text in dutch if text in body] == []
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send").click()
    respondent.refresh_from_db()
    assert respondent.submitted_at is not None
    assert set(respondent.answers.values_list("current_level", flat=True)) == {4}
    context.close()


def test_the_second_model_runs_a_whole_round_in_the_browser(
    page, live_server, coordinator, organisation, framework, mailoutbox
):
    call_command("load_models", stdout=StringIO())
    democratic = Framework.objects.get(slug="democratische-waarden-2024")
    log_in(page, live_server, coordinator)

    page.goto(live_server.url + reverse("assessments:round-create"))
    page.get_by_label("Naam").fill("Democratiescan 2026")
    page.get_by_label("Model").select_option(label=str(democratic))
    with page.expect_navigation():
        page.get_by_role("button", name="Ronde aanmaken").click()
    page.get_by_label("E-mailadressen").fill(
        "\n".join(
            f"{name}@testdorp.nl, {name.title()}, {rol}"
            for name, rol in [
                ("rik", "raad"),
                ("ria", "raad"),
                ("ron", "raad"),
                ("cor", "college"),
                ("cas", "college"),
                ("cia", "college"),
                ("amy", "ambtenaren"),
                ("abe", "ambtenaren"),
                ("ali", "ambtenaren"),
            ]
        )
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Lijst toevoegen").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Ronde openen en uitnodigingen versturen").click()
    expect(page.get_by_text("9 uitnodigingen verstuurd.")).to_be_visible()
    links = [re.search(r"http\S+", mail.body).group(0) for mail in mailoutbox]
    assert len(links) == 9

    for index, link in enumerate(links):
        page.goto(link)
        # The introduction shows the second model's own scale.
        expect(page.get_by_role("heading", name="Welkom bij de vragenlijst")).to_be_visible()
        expect(page.locator("main")).to_contain_text("Vanzelfsprekend")
        if index == 0:
            check_axe(page)
        with page.expect_navigation():
            page.get_by_role("link", name="Beginnen").click()
        expect(page.get_by_role("heading", name="Jouw rol")).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("button", name="Opslaan en verder").click()  # the invited role
        while "/niveau/" in page.url:
            if index == 0:
                check_axe(page)
            groups = page.get_by_role("group", name=re.compile(r"hoe is het nu\?"))
            for group in groups.all():
                group.get_by_label(["Incidenteel", "Afgesproken", "Toegepast"][index % 3]).check()
            with page.expect_navigation():
                page.get_by_role("button", name="Opslaan en verder").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Versturen").click()
    round = democratic.rounds.get()
    assert round.respondents.submitted().count() == 9

    page.goto(live_server.url + reverse("assessments:round-answers-close", args=[round.pk]))
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, sluit het invullen").click()
    page.goto(live_server.url + reverse("assessments:round-close", args=[round.pk]))
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, sluit de ronde").click()
    page.goto(live_server.url + reverse("assessments:round-report", args=[round.pk]))
    for value in ("Inclusie", "Invloed", "Eigenaarschap", "Deliberatie", "Legitimiteit"):
        expect(page.locator("main")).to_contain_text(value)
    expect(page.locator("main")).to_contain_text("Democratische waarden in participatie")
    assert "Borgingshuis Participatie" not in page.locator("main").inner_text()
    check_axe(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
