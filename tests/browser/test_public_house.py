import re

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import check_axe
from tests.browser.house import PHONE, assert_only_the_narrow_house_shows, brick_link_count

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_house_shows_eleven_bricks_and_passes_axe(page, live_server, framework):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/")

    bricks = page.locator("svg.house-svg-wide g.brick")
    assert bricks.count() == 11
    expect(page.locator("svg.house-svg-wide")).to_be_visible()
    expect(page.locator("svg.house-svg-narrow")).to_be_hidden()
    assert brick_link_count(page, 7) == 1
    assert "Borgingshuis" in page.locator("svg.house-svg-wide > title").text_content()
    page.locator('svg.house-svg-wide a[aria-label^="Bouwsteen 7:"]').focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#bouwsteen-7$"))

    check_axe(page)


def test_public_house_is_readable_on_a_phone(page, live_server, framework):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")

    narrow = assert_only_the_narrow_house_shows(page)
    assert narrow.locator("g.brick").count() == 11
    assert "Borgingshuis" in narrow.locator("title").text_content()
    for caption in ["1. Ambitie", "7. Professionalisering", "11. Opvolging"]:
        expect(narrow.get_by_text(caption, exact=True)).to_be_visible()
    assert brick_link_count(page, 11) == 1  # screen readers get the house once
    assert page.get_by_role("table").is_visible()
    assert page.get_by_role("link", name="1. Ambitie").first.is_visible()
    page.get_by_role("link", name="Bouwsteen 11:").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#bouwsteen-11$"))

    check_axe(page)


@pytest.mark.parametrize("path", ["/toegankelijkheid/", "/privacy/"])
def test_statement_pages_pass_axe(page, live_server, path):
    page.goto(live_server.url + path)

    check_axe(page)
