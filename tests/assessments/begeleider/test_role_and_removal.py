"""A begeleider stays a begeleider: their role changes only by accepting a new invitation,
they see no link they cannot open, removing them asks first, and afterwards their pages say
they no longer have access. Mails speak to them as a begeleider."""

import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Membership
from assessments.organisations.invitations import (
    member_invitation_accept_new_account,
    member_invite,
)
from assessments.organisations.services import member_set_role
from tests.conftest import make_member

from ..benchmark.helpers import make_closed_round

BEGELEIDER = Membership.Role.BEGELEIDER


@pytest.fixture
def begeleider(organisation):
    return make_member(organisation, "begeleider", BEGELEIDER)


@pytest.fixture
def membership(begeleider):
    return Membership.objects.get(user=begeleider)


def member_url(organisation, membership):
    return reverse("assessments:organisation-member", args=[organisation.slug, membership.pk])


def remove_url(organisation, membership):
    return reverse(
        "assessments:organisation-member-remove", args=[organisation.slug, membership.pk]
    )


def test_a_begeleiders_role_is_never_set_directly(membership):
    with pytest.raises(ValidationError) as refused:
        member_set_role(membership=membership, role=Membership.Role.COORDINATOR)
    assert "door een nieuwe uitnodiging aan te nemen" in str(refused.value)
    membership.refresh_from_db()
    assert membership.role == BEGELEIDER


def test_the_role_change_for_a_begeleider_sends_an_invitation_they_accept(
    client, coordinator, organisation, membership, begeleider, mailoutbox
):
    client.force_login(coordinator)
    page = client.get(member_url(organisation, membership)).content.decode()
    assert "Andere rol: met een nieuwe uitnodiging" in page
    assert 'value="begeleider"' not in page  # only coordinator or lezer
    response = client.post(member_url(organisation, membership), {"role": "coordinator"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == BEGELEIDER  # until they accept
    [mail] = mailoutbox
    assert mail.to == ["begeleider@example.org"]
    text = re.sub(r"https?://\S+", "", mail.body)  # the link's path says collega-uitnodiging
    assert "Beste begeleider," in text and "collega" not in text
    assert "voortaan coördinator te zijn, in plaats van begeleider" in mail.body
    link = re.search(r"https?://\S+/collega-uitnodiging/\S+/", mail.body).group(0)
    path = link.split("testserver", 1)[-1]
    client.force_login(begeleider)
    assert client.post(path).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Membership.Role.COORDINATOR


def test_a_begeleider_cannot_be_invited_as_begeleider_again(
    client, coordinator, organisation, membership
):
    client.force_login(coordinator)
    response = client.post(member_url(organisation, membership), {"role": "begeleider"})
    assert response.status_code == 200
    assert "Kies Coördinator of Lezer." in response.content.decode()


def test_the_invitation_speaks_to_a_begeleider_as_a_begeleider(
    client, coordinator, organisation, mailoutbox
):
    client.force_login(coordinator)
    members = reverse("assessments:organisation-members", args=[organisation.slug])
    client.post(members, {"email": "adviseur@bureau.example", "role": BEGELEIDER})
    [mail] = mailoutbox
    assert "begeleider" in mail.subject
    text = re.sub(r"https?://\S+", "", mail.body)  # the link's path says collega-uitnodiging
    assert "Beste begeleider," in text and "collega" not in text.lower()
    assert "nooit namen of adressen van deelnemers" in mail.body


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/") and not href.startswith("/static/"):
            self.hrefs.append(href)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_begeleider_sees_no_link_they_cannot_open(
    client, begeleider, organisation, framework, prefix
):
    round = make_closed_round(organisation, framework)
    client.force_login(begeleider)
    for page in ("round-detail", "round-report"):
        parser = Links()
        parser.feed(
            client.get(prefix + reverse(f"assessments:{page}", args=[round.pk])).content.decode()
        )
        links = [
            href for href in parser.hrefs if "/uitloggen" not in href and "/logout" not in href
        ]
        assert links
        for href in links:
            assert client.get(href).status_code != 404, (page, href)
        assert not any("/logboek/" in href for href in links)


def test_removing_a_begeleider_asks_first(client, coordinator, organisation, membership):
    client.force_login(coordinator)
    page = client.get(member_url(organisation, membership)).content.decode()
    assert f'href="{remove_url(organisation, membership)}"' in page  # a link, not a button
    confirm = client.get(remove_url(organisation, membership))
    assert confirm.status_code == 200
    assert "weghalen uit Gemeente Testdorp?" in confirm.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert client.post(remove_url(organisation, membership)).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_removed_begeleider_is_told_they_no_longer_have_access(
    client, coordinator, begeleider, organisation, framework, membership
):
    round = make_closed_round(organisation, framework)
    coordinator_client = client.__class__()
    coordinator_client.force_login(coordinator)
    coordinator_client.post(remove_url(organisation, membership))
    client.force_login(begeleider)
    for url in (
        reverse("assessments:round-report", args=[round.pk]),
        reverse("assessments:round-detail", args=[round.pk]),
        reverse("assessments:action-plan", args=[organisation.slug]),
    ):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404
        assert "Je hebt geen toegang meer tot Gemeente Testdorp" in page, url
        assert "nieuwe link" not in page


def test_an_outsider_is_not_told_about_an_organisation(client, outsider, organisation, framework):
    round = make_closed_round(organisation, framework)
    client.force_login(outsider)
    page = client.get(reverse("assessments:round-report", args=[round.pk])).content.decode()
    assert "Gemeente Testdorp" not in page and "geen toegang meer" not in page


@pytest.mark.parametrize("who", ["colleague", "outsider", "begeleider"])
def test_only_a_coordinator_opens_the_begeleiders_pages(
    client, request, organisation, membership, who
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(member_url(organisation, membership)).status_code == 404
    assert client.get(remove_url(organisation, membership)).status_code == 404
    assert client.post(remove_url(organisation, membership)).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_begeleiders_pages_read_a_fixed_number_of_queries(
    client, coordinator, organisation, membership, django_assert_max_num_queries
):
    client.force_login(coordinator)
    # session, user, coordinated organisations, the membership with its user
    with django_assert_max_num_queries(5):
        assert client.get(member_url(organisation, membership)).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(remove_url(organisation, membership)).status_code == 200


def test_a_begeleider_who_never_chose_a_password_is_promoted_by_choosing_one(
    organisation, coordinator
):
    adviser = make_member(organisation, "adviseur", Membership.Role.BEGELEIDER)
    adviser.set_unusable_password()
    adviser.save()
    invitation = member_invite(
        organisation=organisation,
        email=adviser.email,
        role=Membership.Role.VIEWER,
        invited_by=coordinator,
        url_for=lambda token: f"/collega-uitnodiging/{token}/",
    )
    assert Membership.objects.get(user=adviser).role == Membership.Role.BEGELEIDER
    member_invitation_accept_new_account(invitation=invitation, name="", password="Lang-genoeg-1x!")
    assert Membership.objects.get(user=adviser).role == Membership.Role.VIEWER
