"""axe-core on a page: every page a journey visits must pass without violations."""

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()


def check_axe(page):
    results = AXE.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
