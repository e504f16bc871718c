"""The functional administrator ("beheerder", a superuser) edits the model in the admin in a
real browser: the admin's own scripts work under the Content-Security-Policy."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from bouwstenen.models import Bouwsteen
from tests.browser.session import log_in

pytestmark = pytest.mark.browser


def test_admin_pages_work_without_violations(page, live_server, framework, watch):
    user = get_user_model().objects.create_superuser("beheerder", "b@example.org", "geheim-1-x")
    log_in(page, live_server, user)
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=5)

    page.goto(live_server.url + reverse("admin:bouwstenen_framework_changelist"))
    page.get_by_role("checkbox").first.check()  # actions.js counts the selection
    expect(page.locator(".action-counter")).to_contain_text("1 van de 1")

    # A change form with inlines: "add another" is drawn by the admin's inlines.js.
    page.goto(live_server.url + reverse("admin:bouwstenen_framework_change", args=[framework.pk]))
    group = page.locator(".inline-group").first
    rows = group.locator(".inline-related:not(.empty-form)")
    before = rows.count()
    group.locator(".add-row a").click()
    expect(rows).to_have_count(before + 1)

    page.goto(live_server.url + reverse("admin:bouwstenen_bouwsteen_change", args=[bouwsteen.pk]))
    page.locator("#id_short_title_nl").fill("Hulpmiddelen")
    page.locator("#id_change_reason").fill("Korter")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    bouwsteen.refresh_from_db()
    assert bouwsteen.short_title == "Hulpmiddelen"

    page.goto(live_server.url + reverse("admin:bouwstenen_bouwsteen_history", args=[bouwsteen.pk]))
    expect(page.locator("#change-history")).to_contain_text("beheerder")
    assert watch.violations(page) == []


def test_an_admin_edit_survives_loading_the_model_twice_and_is_restored_from_history(
    page, live_server, framework
):
    user = get_user_model().objects.create_superuser("beheerder", "b@example.org", "geheim-1-x")
    log_in(page, live_server, user)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + reverse("admin:bouwstenen_bouwsteen_changelist"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # the list fits
    page.get_by_role("link", name="Ondersteuning en tooling").click()
    page.locator("#id_short_title_nl").fill("Hulpmiddelen")
    page.locator("#id_short_title_en").fill("Aids")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()

    for _start in range(2):  # what bin/serve does at every start
        call_command("load_models", stdout=StringIO())
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=5)
    assert (bouwsteen.short_title_nl, bouwsteen.short_title_en) == ("Hulpmiddelen", "Aids")

    page.goto(live_server.url + reverse("admin:bouwstenen_bouwsteen_history", args=[bouwsteen.pk]))
    history = page.locator("#change-history")
    expect(history).to_contain_text("Ondersteuning en tooling")  # the old text beside the new
    expect(history).to_contain_text("Geladen uit het meegeleverde model")
    with page.expect_navigation():
        history.get_by_role("button", name="Deze versie terugzetten").last.click()
    expect(page.locator(".messagelist .success")).to_contain_text("teruggezet")
    bouwsteen.refresh_from_db()
    assert (bouwsteen.short_title_nl, bouwsteen.short_title_en) == (
        "Ondersteuning en tooling",
        "Support and tools",
    )
