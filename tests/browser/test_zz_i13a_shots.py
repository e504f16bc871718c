import pytest

from tests.browser.session import log_in
from tests.invitations import make_invitation

pytestmark = pytest.mark.browser


def test_shots(page, live_server, coordinator, colleague, organisation):
    links = []
    make_invitation(organisation, "lotte@example.org", invited_by=coordinator, links=links)
    make_invitation(organisation, "jan.de.vries@gemeente.nl", invited_by=coordinator)
    log_in(page, live_server, coordinator)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/organisaties/{organisation.slug}/collegas/")
        page.screenshot(path=f"/tmp/i13a_shots/members-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    other = page.context.browser.new_page()
    for width in (1280, 360):
        other.set_viewport_size({"width": width, "height": 900})
        other.goto(f"{live_server.url}/collega-uitnodiging/{links[0]}/")
        other.screenshot(path=f"/tmp/i13a_shots/accept-{width}.png", full_page=True)
        assert other.evaluate("document.documentElement.scrollWidth") <= width
