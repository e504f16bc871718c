import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Respondent
from assessments.rounds.services import round_close
from tests.factories import make_respondent, make_round


@pytest.fixture
def last_year(organisation, framework):
    round = make_round(
        organisation=organisation, framework=framework, name="Borgingsscan 2025", status="open"
    )
    make_respondent(round=round, email="bea@example.org", name="Bea", rol="bestuur")
    make_respondent(
        round=round,
        email="max@example.org",
        invited_rol=framework.rol_set.get(code="managers"),
    )
    make_respondent(round=round, email="weg@example.org", revoked_at=timezone.now())
    make_respondent(round=round, email="Ada@Example.org", rol="adviseurs")
    return round_close(round=round)


@pytest.fixture
def this_year(organisation, framework, last_year):
    round = make_round(organisation=organisation, framework=framework)
    make_respondent(round=round, email="ada@example.org")  # already invited again
    return round


def invite_url(round):
    return reverse("assessments:round-invite", args=[round.pk])


def test_people_of_the_previous_round_are_offered_and_added_with_their_role(
    client, coordinator, framework, this_year, mailoutbox
):
    client.force_login(coordinator)

    page = client.get(invite_url(this_year)).content.decode()
    response = client.post(invite_url(this_year), {"form": "previous"}, follow=True)

    assert "2 mensen uit ‘Borgingsscan 2025’ staan nog niet in deze ronde." in page
    assert "weg@example.org" not in page
    added = {
        r.email: (r.name, r.invited_rol.code if r.invited_rol else None)
        for r in Respondent.objects.filter(round=this_year)
    }
    assert added == {
        "ada@example.org": ("", None),
        "bea@example.org": ("Bea", "bestuur"),
        "max@example.org": ("", "managers"),
    }
    assert "2 mensen toegevoegd." in response.content.decode()
    assert mailoutbox == []  # concept round: the invitations go out when it opens
    page = client.get(invite_url(this_year)).content.decode()
    assert "Dezelfde mensen als vorige keer" not in page


def test_no_offer_without_a_previous_round_of_the_own_organisation(
    client, coordinator, other_organisation, framework, organisation
):
    foreign = make_round(organisation=other_organisation, framework=framework, status="open")
    make_respondent(round=foreign, email="vreemd@example.org")
    round_close(round=foreign)
    round = make_round(organisation=organisation, framework=framework)
    client.force_login(coordinator)

    page = client.get(invite_url(round)).content.decode()
    client.post(invite_url(round), {"form": "previous"})

    assert "Dezelfde mensen als vorige keer" not in page and "vreemd@example.org" not in page
    assert not Respondent.objects.filter(round=round).exists()


def test_viewer_and_outsider_cannot_copy_people(client, colleague, outsider, this_year):
    for user in (colleague, outsider):
        client.force_login(user)
        assert client.post(invite_url(this_year), {"form": "previous"}).status_code == 404
    assert Respondent.objects.filter(round=this_year).count() == 1


@pytest.mark.parametrize("people", [3, 30])
def test_invite_page_query_count_does_not_grow_with_the_previous_round(
    client, coordinator, organisation, framework, django_assert_max_num_queries, people
):
    last = make_round(organisation=organisation, framework=framework, status="open", name="Oud")
    for number in range(people):
        make_respondent(round=last, email=f"p{number}@example.org", rol="adviseurs")
    round_close(round=last)
    round = make_round(organisation=organisation, framework=framework)
    client.force_login(coordinator)
    # session, user, round scoped to the user's coordinated organisations, the framework's
    # texts (niveaus, rollen, scale, bouwstenen, questions), the previous
    # round, this round's addresses, the previous round's people with their roles, the
    # organisations the user coordinates (nav), this round's people and the coordinators'
    # addresses (whose role figures will show)
    with django_assert_max_num_queries(14):
        page = client.get(invite_url(round)).content.decode()
    assert f"{people} mensen uit ‘Oud’" in page


def test_erased_people_of_the_previous_round_are_not_offered(
    client, coordinator, framework, last_year, this_year, mailoutbox
):
    from assessments.rounds.services import round_personal_data_erase

    round_personal_data_erase(round=last_year)
    client.force_login(coordinator)

    page = client.get(invite_url(this_year)).content.decode()
    client.post(invite_url(this_year), {"form": "previous"})

    assert "gewist.invalid" not in page
    assert "Dezelfde mensen als vorige keer" not in page
    assert list(Respondent.objects.filter(round=this_year).values_list("email", flat=True)) == [
        "ada@example.org"
    ]
