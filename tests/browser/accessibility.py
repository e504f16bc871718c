"""axe-core on a page: every page a journey visits must pass without violations. axe does
not measure the contrast of a form control's edge (WCAG 1.4.11, non-text contrast), so
`weak_control_edges` does."""

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()

# What a reader sees: after a click that navigates, the new page may be drawn before its
# stylesheets arrive (a slow test server), and Chromium may then start a colour transition;
# axe would measure the unstyled page, or the colour a transition starts from. So wait for
# the load event (stylesheets and fonts in), then for running animations to end.
SETTLED = """async () => {
  if (document.readyState !== "complete") {
    await new Promise((loaded) => window.addEventListener("load", loaded, {once: true}));
  }
  await document.fonts.ready;
  await Promise.all(document.getAnimations().map((animation) => animation.finished));
}"""


def check_axe(page):
    page.evaluate(SETTLED)
    results = AXE.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


# For each visible form control: the contrast of its border against the background behind
# it, or of its own fill against that background when the border is too faint (a filled
# control is told apart by its fill). Below 3:1 it is listed.
WEAK_CONTROL_EDGES = """() => {
  const rgb = (colour) => {
    const [r, g, b, a = 1] = colour.match(/[\\d.]+/g).map(Number);
    return {r, g, b, a};
  };
  const luminance = ({r, g, b}) => {
    const [R, G, B] = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const ratio = (x, y) => {
    const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (a + 0.05) / (b + 0.05);
  };
  const behind = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.a > 0) return colour;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  // Disabled controls (a closed round's answers) are exempt in WCAG 1.4.11.
  const selector = "input:not([type=hidden]):not([type=submit]):not([type=button]), " +
    "select, textarea";
  const weak = [];
  for (const control of document.querySelectorAll(selector)) {
    const style = getComputedStyle(control);
    if (control.disabled || !control.getClientRects().length) continue;
    if (style.visibility === "hidden") continue;
    const back = behind(control);
    const border = parseFloat(style.borderTopWidth) > 0 ? rgb(style.borderTopColor) : back;
    const fill = rgb(style.backgroundColor);
    const best = Math.max(ratio(border, back), fill.a > 0 ? ratio(fill, back) : 1);
    if (best < 3) weak.push(`${control.id || control.name}: ${best.toFixed(2)}:1`);
  }
  return weak;
}"""


def weak_control_edges(page) -> list[str]:
    """The form controls on the page whose edge has less than 3:1 contrast."""
    page.evaluate(SETTLED)
    return page.evaluate(WEAK_CONTROL_EDGES)


# Forms leave checking to the app (its Dutch error summary), so a form with anything the
# browser would check itself carries novalidate; and no select offers Django's "---------".
FORM_PROBLEMS = """() => {
  const checked = "[required], [type=email], [type=url], [type=number], [type=date], " +
    "[pattern], [min], [max], [minlength]";
  const problems = [];
  for (const form of document.querySelectorAll("form:not([novalidate])")) {
    const control = form.querySelector(checked);
    if (control) problems.push(`form ${form.action}: ${control.name} without novalidate`);
  }
  for (const option of document.querySelectorAll("option")) {
    if (option.textContent.trim() === "---------")
      problems.push(`${option.closest("select").name}: "---------"`);
  }
  return problems;
}"""


def form_problems(page) -> list[str]:
    """Forms the browser would check instead of the app, and selects with "---------"."""
    return page.evaluate(FORM_PROBLEMS)
