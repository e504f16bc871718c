"""axe-core on a page: every page a journey visits must pass without violations. axe does
not measure the contrast of a form control's edge (WCAG 1.4.11, non-text contrast), so
`weak_control_edges` does.

axe-core itself is vendored in tests/browser/axe/ (axe.min.js from the npm package, its
VERSION and MPL-2.0 licence) and runs with its default rules, none switched off."""

from pathlib import Path

AXE_SOURCE = Path(__file__).with_name("axe") / "axe.min.js"

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


# axe's result, trimmed to what a report needs: per violated rule the nodes it failed on.
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((rule) => ({
    id: rule.id,
    impact: rule.impact,
    help: rule.help,
    nodes: rule.nodes.map((node) => ({
      target: node.target.join(" "),
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """The rules axe-core finds violated on the page as it is now, each with its nodes.

    axe is injected once per document (a navigation drops it). It goes in through
    `page.evaluate`, not a script tag: the app's Content-Security-Policy allows no inline
    script, and a policy watch would count the blocked tag as a violation."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE)


def axe_report(violations: list[dict]) -> str:
    """The violations as lines a failing test prints: the rule, then each node."""
    lines = []
    for rule in violations:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']}")
        for node in rule["nodes"]:
            lines.append(f"  {node['target']}: {node['html'][:160]}")
            lines.append("    " + node["summary"].replace("\n", "\n    "))
    return "\n".join(lines)


def check_axe(page):
    page.evaluate(SETTLED)
    violations = axe_violations(page)
    assert violations == [], f"{page.url}\n{axe_report(violations)}"


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
