"""The begeleider's overview of their organisations, as a page and a workbook."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.audit.models import AuditEntry
from assessments.models import Membership, Organisation
from tests.conftest import make_member
from tests.factories import make_action, make_round, make_scored_round

from ..benchmark.helpers import make_closed_round

OVERVIEW = "assessments:begeleider-overview"


def link(user, organisation):
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.BEGELEIDER)


@pytest.fixture
def begeleider(organisation):
    return make_member(organisation, "begeleider", Membership.Role.BEGELEIDER)


def test_the_overview_shows_each_organisation(client, begeleider, organisation, framework):
    closed = make_closed_round(organisation, framework, level=3, name="Scan 2025")
    make_action(round=closed, due_date=datetime.date(2020, 1, 1))
    current = make_scored_round(organisation=organisation, framework=framework, name="Scan 2026")
    client.force_login(begeleider)
    page = client.get(reverse(OVERVIEW)).content.decode()
    assert organisation.name in page
    assert current.name in page and "Open" in page
    assert "borgingsniveau 3, ambitie 4, kloof +1" in page
    assert "1 actie is te laat." in page
    assert "Jansen" not in page  # no respondents' names


def test_the_overview_is_logged_for_each_organisation(client, begeleider, organisation):
    other = Organisation.objects.create(name="Waterschap Nat", slug="nat")
    link(begeleider, other)
    client.force_login(begeleider)
    client.get(reverse(OVERVIEW))
    logged = AuditEntry.objects.filter(action=AuditEntry.Action.BEGELEIDER_VIEW)
    assert sorted(logged.values_list("organisation__slug", flat=True)) == ["nat", "testdorp"]


@pytest.mark.parametrize("who", ["coordinator", "colleague", "outsider"])
def test_only_a_begeleider_has_an_overview(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(OVERVIEW)).status_code == 404
    assert client.get(reverse("assessments:begeleider-overview-xlsx")).status_code == 404


def test_the_overview_needs_login(client):
    assert client.get(reverse(OVERVIEW)).status_code == 302


def test_the_overview_takes_the_same_queries_for_more_organisations(
    client, begeleider, organisation, framework, django_assert_max_num_queries
):
    def add(slug):
        other = Organisation.objects.create(name=f"Org {slug}", slug=slug)
        link(begeleider, other)
        make_closed_round(other, framework)
        make_scored_round(organisation=other, framework=framework, name="Nu")
        make_round(organisation=other, framework=framework, name="Concept")

    add("een")
    client.force_login(begeleider)
    # session, user, linked organisations, the logboek insert, rounds, respondents, roles of
    # concept rounds, the closed rounds' group sizes, bouwstenen, answers, consensus, overdue
    with django_assert_max_num_queries(14) as few:
        assert client.get(reverse(OVERVIEW)).status_code == 200
    for slug in ("twee", "drie", "vier"):
        add(slug)
    with django_assert_max_num_queries(14) as many:
        assert client.get(reverse(OVERVIEW)).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_overview_workbook(client, begeleider, organisation, framework):
    make_closed_round(organisation, framework, level=3)
    make_scored_round(organisation=organisation, framework=framework, name="Scan nu")
    client.force_login(begeleider)
    response = client.get(reverse("assessments:begeleider-overview-xlsx"))
    assert response["Content-Disposition"].endswith('begeleiding-overzicht.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Overzicht", "Respons per rol"]
    row = [cell.value for cell in workbook["Overzicht"][2]]
    assert row[0] == organisation.name and row[1] == "Scan nu"
    assert row[4] == 9 and row[5] == 9 and row[8] == 3 and row[9] == 4


def test_a_begeleider_of_another_organisation_sees_only_their_own(
    client, begeleider, organisation, other_organisation, framework
):
    make_closed_round(organisation, framework, level=3, name="Scan van Testdorp")
    stranger = make_member(other_organisation, "andere-begeleider", Membership.Role.BEGELEIDER)
    client.force_login(stranger)
    page = client.get(reverse(OVERVIEW)).content.decode()
    assert other_organisation.name in page
    assert organisation.name not in page and "Scan van Testdorp" not in page
    response = client.get(reverse("assessments:begeleider-overview-xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content))["Overzicht"].values)
    assert [row[0] for row in rows[1:]] == [other_organisation.name]
    assert not AuditEntry.objects.filter(
        organisation=organisation, action=AuditEntry.Action.BEGELEIDER_VIEW
    ).exists()


def test_a_begeleider_comments_on_an_action(client, begeleider, organisation, framework):
    round = make_closed_round(organisation, framework)
    action = make_action(round=round, title="Intervisie voor adviseurs")
    client.force_login(begeleider)
    plan = client.get(reverse("assessments:action-plan", args=[organisation.slug]))
    url = reverse("assessments:action-comment", args=[organisation.slug, action.pk])
    assert url in plan.content.decode()
    empty = client.post(url, {"note": "  "})
    assert "Schrijf een opmerking." in empty.content.decode()
    assert not action.updates.exists()
    response = client.post(url, {"note": "Goed idee, plan ook een terugkomdag."})
    assert response.status_code == 302
    [update] = action.updates.all()
    assert update.author == begeleider and update.status == ""
    action.refresh_from_db()
    assert action.status == "planned"


@pytest.mark.parametrize("who", ["coordinator", "colleague", "outsider"])
def test_only_a_begeleider_comments(client, request, organisation, framework, who):
    action = make_action(round=make_closed_round(organisation, framework))
    client.force_login(request.getfixturevalue(who))
    url = reverse("assessments:action-comment", args=[organisation.slug, action.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"note": "Hallo"}).status_code == 404
    assert not action.updates.exists()


def test_a_begeleider_does_not_comment_on_another_organisations_action(
    client, begeleider, organisation, other_organisation, framework
):
    foreign = make_action(round=make_closed_round(other_organisation, framework))
    client.force_login(begeleider)
    url = reverse("assessments:action-comment", args=[organisation.slug, foreign.pk])
    assert client.post(url, {"note": "Hallo"}).status_code == 404
    assert not foreign.updates.exists()
