"""Fixtures the browser journeys share: a patient page, a ready-made open round with one
invited person per role, and their questionnaire links."""

import pytest
from django.urls import reverse

from tests.browser.policy import PolicyWatch
from tests.factories import make_respondent, make_round

# (email, name, rol code) of the three people the coordinator invites.
INVITED = [
    ("bea@testdorp.nl", "Bea Bestuur", "bestuur"),
    ("max@testdorp.nl", "Max Manager", "managers"),
    ("ada@testdorp.nl", "Ada Adviseur", "adviseurs"),
]


@pytest.fixture
def page(page):
    """Playwright's page, waiting at most 10 s for anything (its default is 30 s)."""
    page.context.set_default_timeout(10_000)
    return page


@pytest.fixture
def invited_round(organisation, framework):
    """An open round "Borgingsscan 2026" with Bea (bestuur), Max (managers) and Ada
    (adviseurs) invited; nobody has answered yet."""
    round = make_round(organisation=organisation, framework=framework, status="open")
    for email, name, rol in INVITED:
        invited_rol = framework.rol_set.get(code=rol)
        make_respondent(round=round, email=email, name=name, invited_rol=invited_rol)
    return round


@pytest.fixture
def questionnaire_link(live_server, invited_round):
    """The link in the invitation mail of the invited person with this email address."""

    def link(email):
        respondent = invited_round.respondents.get(email=email)
        return live_server.url + reverse("assessments:questionnaire", args=[respondent.token])

    return link


@pytest.fixture
def watch(page):
    """Records every Content-Security-Policy violation in the page's context."""
    return PolicyWatch(page.context)
