"""Checks on the drawn house that the public page and the report share."""

from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}

# Every text in the drawing: its size on screen, and whether it stays inside its brick or,
# elsewhere, within the walls (the roof's text too).
TEXT_PROBLEMS = """(svg) => {
  const scale = svg.getScreenCTM().a;
  const edge = svg.querySelector(".house-body").getBoundingClientRect();
  const problems = [];
  for (const text of svg.querySelectorAll("text")) {
    const px = parseFloat(getComputedStyle(text).fontSize) * scale;
    const box = text.getBoundingClientRect();
    const brick = text.closest("g.brick");
    const frame = brick ? brick.querySelector("rect").getBoundingClientRect() : edge;
    if (px < 12) problems.push(`${text.textContent}: ${px.toFixed(1)} px`);
    if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5)
      problems.push(`${text.textContent}: sticks out`);
  }
  return problems;
}"""


def assert_only_the_narrow_house_shows(page):
    """At phone width: the narrow house, whole and readable; the wide one hidden."""
    narrow = page.locator("svg.house-svg-narrow")
    expect(narrow).to_be_visible()
    expect(page.locator("svg.house-svg-wide")).to_be_hidden()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE["width"], page_width
    box = page.locator(".house-box-narrow")
    widths = box.evaluate("box => [box.scrollWidth, box.clientWidth]")
    assert widths[0] <= widths[1], f"the house's box scrolls sideways: {widths}"
    problems = narrow.evaluate(TEXT_PROBLEMS)
    assert problems == [], problems
    return narrow


def brick_link_count(page, number):
    """How many links to the bouwsteen the accessibility tree holds (the hidden house has
    none)."""
    return page.get_by_role("link", name=f"Bouwsteen {number}:").count()
