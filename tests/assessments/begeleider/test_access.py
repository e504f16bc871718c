"""A begeleider: linked only by an invitation they accept, ended at once by the coordinator;
reads reports, trends, action plans and workbooks of their organisations, never a list of
respondents, and every page they open of an organisation is in its logboek."""

import re

import pytest
from django.urls import get_resolver, reverse

from assessments.audit.models import AuditEntry
from assessments.models import Membership
from assessments.organisations.begeleider_access import BEGELEIDER_PAGES
from tests.conftest import make_member
from tests.factories import make_action, make_scored_round

from ..benchmark.helpers import make_closed_round

BEGELEIDER = Membership.Role.BEGELEIDER
# what lists or changes people is never among the pages a begeleider opens
PEOPLE_PAGES = {
    "round-invite",
    "respondent-correct",
    "respondent-remove",
    "respondent-resend",
    "round-remind",
    "round-consensus",
    "organisation-members",
    "organisation-audit",
}
# not about one organisation, or reached without an account
NOT_OF_AN_ORGANISATION = {
    "round-list",
    "round-create",
    "benchmark-public",
    "begeleider-overview",
    "begeleider-overview-xlsx",
    "member-invitation",
}


@pytest.fixture
def begeleider(organisation):
    return make_member(organisation, "begeleider", BEGELEIDER)


@pytest.fixture
def closed(organisation, framework, coordinator):
    round = make_closed_round(organisation, framework, level=3)
    return round


def every_url(round, organisation, action, respondent, membership):
    """(name, url) for every page of the assessments app about one organisation."""
    values = {
        "pk": round.pk,
        "slug": organisation.slug,
        "respondent_pk": respondent.pk,
        "action_pk": action.pk,
        "number": 1,
    }
    result = []
    for pattern in get_resolver().namespace_dict["assessments"][1].url_patterns:
        if pattern.name in NOT_OF_AN_ORGANISATION or "token" in str(pattern.pattern):
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
        kwargs = {name: values[name] for name in names}
        if "slug" in kwargs and "pk" in kwargs:
            kwargs["pk"] = membership.pk
        result.append((pattern.name, reverse(f"assessments:{pattern.name}", kwargs=kwargs)))
    return result


@pytest.fixture
def urls(closed, organisation, begeleider):
    action = make_action(round=closed)
    respondent = closed.respondents.first()
    membership = Membership.objects.get(user=begeleider)
    return every_url(closed, organisation, action, respondent, membership)


def test_a_begeleider_opens_only_the_reading_pages(client, begeleider, urls, no_render):
    client.force_login(begeleider)
    opened = set()
    for name, url in urls:
        get = client.get(url)
        post = client.post(url, {})
        if name in BEGELEIDER_PAGES:
            assert get.status_code in (200, 302), (name, url, get.status_code)
            opened.add(name)
        else:
            assert get.status_code in (404, 405), (name, url, get.status_code)
            assert post.status_code in (404, 405), (name, url, post.status_code)
    assert opened == BEGELEIDER_PAGES
    assert not PEOPLE_PAGES & BEGELEIDER_PAGES


def test_every_page_a_begeleider_opens_is_in_the_logboek(client, begeleider, closed, organisation):
    client.force_login(begeleider)
    report = reverse("assessments:round-report", args=[closed.pk])
    trend = reverse("assessments:organisation-trend", args=[organisation.slug])
    client.get(report)
    client.get(trend)
    entries = AuditEntry.objects.filter(
        organisation=organisation, action=AuditEntry.Action.BEGELEIDER_VIEW
    ).order_by("pk")
    assert [entry.subject for entry in entries] == [report, trend]
    assert entries[0].round_id == closed.pk and entries[0].actor_id == begeleider.pk


def test_a_refused_page_is_not_logged(client, begeleider, closed, organisation):
    client.force_login(begeleider)
    client.get(reverse("assessments:round-consensus", args=[closed.pk]))
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.BEGELEIDER_VIEW).exists()


def test_a_lezer_is_not_logged(client, colleague, closed):
    client.force_login(colleague)
    client.get(reverse("assessments:round-report", args=[closed.pk]))
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.BEGELEIDER_VIEW).exists()


def test_the_round_page_shows_a_begeleider_no_names(client, begeleider, organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    client.force_login(begeleider)
    page = client.get(reverse("assessments:round-detail", args=[round.pk])).content.decode()
    assert "Jansen-bestuur-0" not in page and "@example.org" not in page
    assert "Respons" in page or "respons" in page


def test_the_round_list_leaves_a_begeleiders_organisations_out(client, begeleider, closed):
    client.force_login(begeleider)
    page = client.get(reverse("assessments:round-list")).content.decode()
    assert closed.name not in page
    assert reverse("assessments:begeleider-overview") in page  # the nav's link


def test_a_begeleider_of_another_organisation_gets_404_everywhere(client, urls, other_organisation):
    stranger = make_member(other_organisation, "andere-begeleider", BEGELEIDER)
    client.force_login(stranger)
    for name, url in urls:
        assert client.get(url).status_code in (404, 405), (name, url)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.BEGELEIDER_VIEW).exists()


def test_ending_the_link_ends_access_at_once(client, coordinator, begeleider, closed, organisation):
    client.force_login(begeleider)
    report = reverse("assessments:round-report", args=[closed.pk])
    assert client.get(report).status_code == 200
    membership = Membership.objects.get(user=begeleider)
    coordinator_client = client.__class__()
    coordinator_client.force_login(coordinator)
    url = reverse("assessments:organisation-member-remove", args=[organisation.slug, membership.pk])
    assert coordinator_client.post(url).status_code == 302
    assert client.get(report).status_code == 404
    assert client.get(reverse("assessments:begeleider-overview")).status_code == 404


def test_a_begeleider_is_invited_and_accepts(client, coordinator, organisation, mailoutbox):
    client.force_login(coordinator)
    members = reverse("assessments:organisation-members", args=[organisation.slug])
    page = client.get(members).content.decode()
    assert "Begeleider" in page
    client.post(members, {"email": "adviseur@bureau.example", "role": BEGELEIDER})
    [mail] = mailoutbox
    link = re.search(r"https?://\S+/collega-uitnodiging/\S+/", mail.body).group(0)
    client.logout()
    path = link.split("testserver", 1)[-1]
    response = client.post(
        path,
        {
            "name": "Ada Adviseur",
            "new_password1": "Lang-genoeg-1x!",
            "new_password2": "Lang-genoeg-1x!",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("assessments:begeleider-overview")
    assert Membership.objects.get(user__email="adviseur@bureau.example").role == BEGELEIDER
