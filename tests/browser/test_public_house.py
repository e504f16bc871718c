import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_house_shows_eleven_bricks_and_passes_axe(page, live_server, framework):
    page.goto(live_server.url + "/")

    bricks = page.locator("svg.house-svg g.brick")
    assert bricks.count() == 11
    assert "Borgingshuis" in page.locator("svg.house-svg > title").text_content()
    page.locator('svg.house-svg a[aria-label^="Bouwsteen 7:"]').focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#bouwsteen-7$"))

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_public_house_is_readable_on_a_phone(page, live_server, framework):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")

    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 360  # the drawing scrolls inside its own box, the page does not
    assert page.get_by_role("table").is_visible()
    assert page.get_by_role("link", name="1. Ambitie").first.is_visible()
