"""Marking a bestuur respondent with the gemeente they serve (Respondent.gemeente): when
inviting one person or a pasted list, when correcting, and on its own page until answering
closes. Only the organisation's own gemeenten, only for people invited as bestuur."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Respondent
from assessments.organisations.models import Onderdeel
from assessments.rounds.freeze import RoundClosedError
from assessments.rounds.invitations import Invitee, respondent_gemeente_set, respondents_invite
from assessments.rounds.invite_lines import parse_invite_line
from assessments.rounds.services import round_answers_close
from bouwstenen.models import Rol
from tests.factories import make_answers, make_respondent, make_round

pytestmark = pytest.mark.django_db

ROLLEN = {"bestuur": 1, "managers": 2, "adviseurs": 3}


def url_for(token):
    return f"https://example.org/vragenlijst/{token}/"


def gemeente(organisation, name, kind=Onderdeel.Kind.GEMEENTE):
    return Onderdeel.objects.create(organisation=organisation, name=name, kind=kind)


@pytest.fixture
def places(organisation, other_organisation):
    return {
        "a": gemeente(organisation, "Aadorp"),
        "b": gemeente(organisation, "Bedorp"),
        "team": gemeente(organisation, "Team Wonen", kind=Onderdeel.Kind.TEAM),
        "elsewhere": gemeente(other_organisation, "Verweg"),
    }


@pytest.fixture
def open_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


def rol(round, code):
    return Rol.objects.get(framework=round.framework, code=code)


def invite_page(client, round):
    return client.get(reverse("assessments:round-invite", args=[round.pk])).content.decode()


@pytest.mark.parametrize(
    "line, rol_id, gemeente_id",
    [
        ("jan@gemeente.nl, Jan, bestuur, Aadorp", 1, 7),
        ("jan@gemeente.nl\tAADORP\tbestuur", 1, 7),
        ("jan@gemeente.nl, Jan de Vries, bestuur", 1, None),
    ],
)
def test_a_pasted_line_may_name_a_bestuur_persons_gemeente(line, rol_id, gemeente_id):
    invitee = parse_invite_line(line, ROLLEN, {"aadorp": 7})
    assert (invitee.rol_id, invitee.gemeente_id) == (rol_id, gemeente_id)


@pytest.mark.parametrize(
    "line, message",
    [
        ("jan@gemeente.nl, Jan, bestuur, Ceedorp", "‘Ceedorp’ ken ik niet als rol of gemeente"),
        ("jan@gemeente.nl, Jan, managers, Aadorp", "een gemeente hoort alleen bij iemand van"),
        ("jan@gemeente.nl, Aadorp", "een gemeente hoort alleen bij iemand van het bestuur"),
    ],
)
def test_a_pasted_line_refuses_an_unknown_gemeente_or_one_without_bestuur(line, message):
    with pytest.raises(ValidationError) as error:
        parse_invite_line(line, ROLLEN, {"aadorp": 7})
    assert message in error.value.messages[0]


def test_the_invite_page_offers_the_organisations_gemeenten_only(
    client, coordinator, open_round, places
):
    client.force_login(coordinator)
    page = invite_page(client, open_round)
    assert 'name="gemeente"' in page
    assert "Aadorp" in page and "Bedorp" in page
    assert "Verweg" not in page and "Team Wonen" not in page


def test_without_gemeenten_the_invite_page_asks_for_none(client, coordinator, open_round):
    client.force_login(coordinator)
    assert 'name="gemeente"' not in invite_page(client, open_round)


def test_inviting_one_bestuur_person_with_a_gemeente_marks_them(
    client, coordinator, open_round, places
):
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:round-invite", args=[open_round.pk]),
        {
            "form": "one",
            "email": "wethouder@example.org",
            "rol": rol(open_round, "bestuur").pk,
            "gemeente": places["a"].pk,
        },
    )
    assert response.status_code == 302
    assert Respondent.objects.get(email="wethouder@example.org").gemeente == places["a"]


@pytest.mark.parametrize(
    "code, place, message",
    [
        ("managers", "a", "Een gemeente hoort alleen bij iemand die als bestuur"),
        ("bestuur", "elsewhere", "Kies een gemeente van deze organisatie."),
        ("bestuur", "team", "Kies een gemeente van deze organisatie."),
    ],
)
def test_inviting_one_refuses_a_gemeente_next_to_the_field_and_adds_nobody(
    client, coordinator, open_round, places, code, place, message
):
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:round-invite", args=[open_round.pk]),
        {
            "form": "one",
            "email": "wethouder@example.org",
            "rol": rol(open_round, code).pk,
            "gemeente": places[place].pk,
        },
    )
    assert response.status_code == 200
    form = response.context["one_form"]
    assert message in form.errors["gemeente"][0]
    assert not Respondent.objects.filter(email="wethouder@example.org").exists()


def test_a_pasted_list_marks_gemeenten_and_names_the_line_of_an_unknown_one(
    client, coordinator, open_round, places
):
    client.force_login(coordinator)
    people = "an@example.org, An, bestuur, Aadorp\nbo@example.org, Bo, bestuur, Verweg"
    response = client.post(
        reverse("assessments:round-invite", args=[open_round.pk]),
        {"form": "list", "people": people},
    )
    assert response.status_code == 200
    assert Respondent.objects.get(email="an@example.org").gemeente == places["a"]
    assert not Respondent.objects.filter(email="bo@example.org").exists()
    (line_error,) = response.context["line_errors"]
    assert line_error[0] == 2 and "‘Verweg’ ken ik niet als rol of gemeente" in line_error[1]


def test_the_service_refuses_another_organisations_gemeente_and_changes_nothing(open_round, places):
    bestuur = rol(open_round, "bestuur").pk
    invitee = Invitee(email="x@example.org", rol_id=bestuur, gemeente_id=places["elsewhere"].pk)
    with pytest.raises(ValidationError):
        respondents_invite(round=open_round, invitees=[invitee], url_for=url_for)
    assert not open_round.respondents.exists()


def test_the_gemeente_page_marks_someone_who_answered_until_answering_closes(
    client, coordinator, open_round, places
):
    person = make_respondent(
        round=open_round, invited_rol=rol(open_round, "bestuur"), submitted_at=timezone.now()
    )
    make_answers(respondent=person, levels={1: 3})
    client.force_login(coordinator)
    url = reverse("assessments:respondent-gemeente", args=[open_round.pk, person.pk])
    detail = client.get(reverse("assessments:round-detail", args=[open_round.pk])).content
    assert url in detail.decode()
    assert client.post(url, {"gemeente": places["b"].pk}).status_code == 302
    person.refresh_from_db()
    assert person.gemeente == places["b"]

    response = client.post(url, {"gemeente": places["elsewhere"].pk})
    assert "Kies een gemeente van deze organisatie." in response.context["form"].errors["gemeente"]
    person.refresh_from_db()
    assert person.gemeente == places["b"]

    round_answers_close(round=open_round)
    client.post(url, {"gemeente": places["a"].pk})
    person.refresh_from_db()
    assert person.gemeente == places["b"]  # frozen with the respondent
    with pytest.raises(RoundClosedError):
        respondent_gemeente_set(respondent=person, gemeente_id=places["a"].pk)


def test_the_gemeente_page_refuses_someone_not_invited_as_bestuur(
    client, coordinator, open_round, places
):
    person = make_respondent(round=open_round, invited_rol=rol(open_round, "managers"))
    client.force_login(coordinator)
    url = reverse("assessments:respondent-gemeente", args=[open_round.pk, person.pk])
    response = client.post(url, {"gemeente": places["a"].pk})
    assert response.status_code == 200
    assert "als bestuur is uitgenodigd" in response.context["form"].errors["gemeente"][0]
    person.refresh_from_db()
    assert person.gemeente is None


def test_another_organisations_coordinator_cannot_mark_anyone(
    client, open_round, places, other_organisation
):
    from assessments.models import Membership
    from tests.conftest import make_member

    stranger = make_member(other_organisation, "vreemde", Membership.Role.COORDINATOR)
    person = make_respondent(round=open_round, invited_rol=rol(open_round, "bestuur"))
    client.force_login(stranger)
    url = reverse("assessments:respondent-gemeente", args=[open_round.pk, person.pk])
    assert client.post(url, {"gemeente": places["elsewhere"].pk}).status_code == 404
    person.refresh_from_db()
    assert person.gemeente is None


def test_correcting_someone_sets_or_clears_their_gemeente(client, coordinator, open_round, places):
    bestuur = rol(open_round, "bestuur")
    person = make_respondent(round=open_round, invited_rol=bestuur, gemeente=places["a"])
    client.force_login(coordinator)
    url = reverse("assessments:respondent-correct", args=[open_round.pk, person.pk])
    data = {"email": person.email, "name": "Wethouder", "rol": bestuur.pk}
    assert client.post(url, {**data, "gemeente": places["b"].pk}).status_code == 302
    person.refresh_from_db()
    assert person.gemeente == places["b"]
    response = client.post(
        url, {**data, "rol": rol(open_round, "managers").pk, "gemeente": places["a"].pk}
    )
    assert "als bestuur is uitgenodigd" in response.context["form"].errors["gemeente"][0]
    assert client.post(url, {**data, "gemeente": ""}).status_code == 302
    person.refresh_from_db()
    assert person.gemeente is None


def test_the_english_invite_and_gemeente_pages_say_it_in_english(
    client, coordinator, open_round, places
):
    from django.utils import translation

    from tests.dutch_words import dutch_words, user_texts

    person = make_respondent(round=open_round, invited_rol=rol(open_round, "bestuur"))
    client.force_login(coordinator)
    with translation.override("en"):
        urls = [
            reverse("assessments:round-invite", args=[open_round.pk]),
            reverse("assessments:respondent-gemeente", args=[open_round.pk, person.pk]),
        ]
    for url in urls:
        page = client.get(url).content.decode()
        assert "Municipality" in page
        text = re.sub(r"<script.*?</script>|<[^>]+>", " ", page, flags=re.S)
        assert dutch_words(text, exempt=user_texts()) == []
