"""The functional administrator ("beheerder", a superuser) edits the model in the admin in a
real browser: the admin's own scripts work under the Content-Security-Policy."""

import pytest
from django.contrib.auth import get_user_model
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
    page.locator("#id_short_title").fill("Hulpmiddelen")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    bouwsteen.refresh_from_db()
    assert bouwsteen.short_title == "Hulpmiddelen"

    # The history page carries django-simple-history's one style attribute (see settings).
    page.goto(live_server.url + reverse("admin:bouwstenen_bouwsteen_history", args=[bouwsteen.pk]))
    expect(page.locator("#change-history")).to_contain_text("beheerder")
    expect(page.locator("p.paginator")).to_have_css("border-top-width", "0px")
    assert watch.violations(page) == []
