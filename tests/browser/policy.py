"""Watching a browser for Content-Security-Policy violations."""

# Runs in every document before the page's own scripts; the page can read what was blocked.
LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.documentURI}`
  );
});
"""


class PolicyWatch:
    """Collects violations from the pages' securitypolicyviolation events and from the
    console, where chromium also reports them (also for pages that have been left)."""

    def __init__(self, context):
        self.console = []
        context.add_init_script(LISTEN)
        context.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def violations(self, page):
        return self.console + page.evaluate("window.cspViolations")
