"""A round's scope: the whole organisation or one of its parts, and the bouwstenen it asks.
Chosen on creating the round and while it is in concept, fixed once it opens (the form
stops offering it and the model refuses it), and shown in the round list."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Membership, Onderdeel, Round
from assessments.rounds.services import round_create, round_open, round_update
from tests.factories import make_respondent, make_round

pytestmark = pytest.mark.django_db

VRAAGSTUK = [3, 6, 8]  # the bouwstenen of the niveau Vraagstuk, in the model's order


@pytest.fixture
def haven(organisation):
    return Onderdeel.objects.create(
        organisation=organisation, name="Project Haven", kind=Onderdeel.Kind.VRAAGSTUK
    )


@pytest.fixture
def foreign_part(other_organisation):
    return Onderdeel.objects.create(organisation=other_organisation, name="Team Elders")


def create(client, organisation, framework, **data):
    return client.post(
        reverse("assessments:round-create"),
        {
            "organisation": organisation.pk,
            "name": "Scan Haven",
            "framework": framework.pk,
            "bouwstenen_model": framework.pk,
            **data,
        },
    )


# --- creating ----------------------------------------------------------------------------------


def test_by_default_a_round_is_about_the_whole_organisation_and_asks_everything(
    client, coordinator, organisation, framework, haven
):
    client.force_login(coordinator)
    page = client.get(reverse("assessments:round-create")).content.decode()
    assert "Hele organisatie" in page and "Project Haven (Project of vraagstuk)" in page
    assert page.count('type="checkbox" name="bouwstenen"') == 11
    assert page.count("checked") >= 12  # every box and the radio "Alle bouwstenen"
    assert "<legend" in page and "Niveau Vraagstuk" in page

    create(client, organisation, framework)

    round = Round.objects.get(name="Scan Haven")
    assert round.onderdeel is None and round.asked_bouwstenen == []


def test_a_round_for_one_part_that_asks_only_the_niveau_vraagstuk(
    client, coordinator, organisation, framework, haven
):
    client.force_login(coordinator)
    # the boxes sent by a browser without JavaScript do not count for a niveau
    create(
        client,
        organisation,
        framework,
        onderdeel=haven.pk,
        asked_set="niveau-vraagstuk",
        bouwstenen=[1, 2],
    )

    round = Round.objects.get(name="Scan Haven")
    assert round.onderdeel == haven and round.asked_bouwstenen == VRAAGSTUK
    assert [n for n in range(1, 12) if round.asks(n)] == VRAAGSTUK


def test_an_own_choice_is_stored_in_the_models_order_and_all_of_them_as_empty(
    client, coordinator, organisation, framework
):
    client.force_login(coordinator)
    create(client, organisation, framework, asked_set="own", bouwstenen=[11, 3, 1])
    assert Round.objects.get(name="Scan Haven").asked_bouwstenen == [1, 3, 11]

    create(client, organisation, framework, name="Alles", asked_set="own", bouwstenen=range(1, 12))
    assert Round.objects.get(name="Alles").asked_bouwstenen == []


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"asked_set": "own"}, "bouwstenen", "Kies minstens één bouwsteen."),
        ({"asked_set": "own", "bouwstenen": [99]}, "bouwstenen", "Kies alleen bouwstenen uit"),
        ({"asked_set": "alles"}, "asked_set", "Kies een van de mogelijkheden."),
        ({"onderdeel": "abc"}, "onderdeel", "Kies de hele organisatie of een onderdeel"),
        (
            {"asked_set": "own", "bouwstenen": [1], "bouwstenen_model": "0"},
            "bouwstenen",
            "Je koos een ander model.",
        ),
    ],
)
def test_bad_input_gives_a_dutch_error_next_to_the_field_and_no_round(
    client, coordinator, organisation, framework, data, field, message
):
    client.force_login(coordinator)
    response = create(client, organisation, framework, **data)

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    page = response.content.decode()
    assert 'id="error-summary"' in page and page.count(message) >= 2  # summary and field
    assert not Round.objects.exists()


def test_another_organisations_part_cannot_be_picked_nor_is_it_offered(
    client, coordinator, organisation, framework, foreign_part
):
    client.force_login(coordinator)
    assert "Team Elders" not in client.get(reverse("assessments:round-create")).content.decode()

    response = create(client, organisation, framework, onderdeel=foreign_part.pk)

    assert (
        "Kies de hele organisatie of een onderdeel"
        in (response.context["form"].errors["onderdeel"][0])
    )
    assert not Round.objects.exists()


def test_a_coordinator_of_two_organisations_picks_a_part_of_the_rounds_own_organisation(
    client, coordinator, organisation, other_organisation, framework, foreign_part
):
    Membership.objects.create(
        organisation=other_organisation, user=coordinator, role=Membership.Role.COORDINATOR
    )
    client.force_login(coordinator)

    response = create(client, organisation, framework, onderdeel=foreign_part.pk)

    assert (
        "Dit onderdeel hoort bij een andere organisatie"
        in (response.context["form"].errors["onderdeel"][0])
    )
    assert not Round.objects.exists()


def test_the_service_refuses_another_organisations_part_and_unknown_bouwstenen(
    organisation, framework, coordinator, foreign_part
):
    common = {"organisation": organisation, "framework": framework, "created_by": coordinator}
    with pytest.raises(ValidationError) as refused:
        round_create(name="A", deadline=None, onderdeel=foreign_part, **common)
    assert "onderdeel" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        round_create(name="B", deadline=None, asked_bouwstenen=[3, 42], **common)
    assert "asked_bouwstenen" in refused.value.message_dict
    assert not Round.objects.exists()


# --- changing while in concept; fixed once open -------------------------------------------------


def edit(client, round, **data):
    return client.post(
        reverse("assessments:round-edit", args=[round.pk]),
        {
            "name": round.name,
            "framework": round.framework_id,
            "bouwstenen_model": round.framework_id,
            "deadline": "",
            **data,
        },
    )


def test_a_concept_round_changes_its_scope_on_the_edit_page(
    client, coordinator, organisation, framework, haven
):
    round = make_round(organisation=organisation, framework=framework)
    client.force_login(coordinator)
    page = client.get(reverse("assessments:round-edit", args=[round.pk])).content.decode()
    assert "Welke bouwstenen vraagt de ronde?" in page

    edit(client, round, onderdeel=haven.pk, asked_set="niveau-vraagstuk")

    round.refresh_from_db()
    assert round.onderdeel == haven and round.asked_bouwstenen == VRAAGSTUK
    page = client.get(reverse("assessments:round-edit", args=[round.pk])).content.decode()
    assert 'value="niveau-vraagstuk" id="id_asked_set_2" checked' in page


def test_once_open_the_form_no_longer_offers_the_scope_and_ignores_a_posted_one(
    client, coordinator, organisation, framework, haven
):
    round = make_round(
        organisation=organisation, framework=framework, onderdeel=haven, asked_bouwstenen=[3]
    )
    round = round_open(round=round)
    client.force_login(coordinator)
    page = client.get(reverse("assessments:round-edit", args=[round.pk])).content.decode()
    assert "Welke bouwstenen vraagt de ronde?" not in page
    assert "Project Haven · 1 van 11 bouwstenen. Dat ligt vast" in page

    edit(client, round, name="Nieuwe naam", onderdeel="", asked_set="all")

    round.refresh_from_db()
    assert (round.name, round.onderdeel, round.asked_bouwstenen) == ("Nieuwe naam", haven, [3])


def test_the_model_refuses_a_change_of_scope_once_the_round_opened(organisation, framework, haven):
    round = round_open(round=make_round(organisation=organisation, framework=framework))

    for change in ({"onderdeel": haven}, {"asked_bouwstenen": [3]}):
        stale = Round.objects.get(pk=round.pk)
        for name, value in change.items():
            setattr(stale, name, value)
        with pytest.raises(ValidationError) as refused:
            stale.save()
        assert refused.value.code == "scope_fixed"
        with pytest.raises(ValidationError):
            Round.objects.filter(pk=round.pk).update(**change)
    with pytest.raises(ValidationError):
        round_update(round=round, name=round.name, deadline=None, onderdeel=haven)
    stored = Round.objects.get(pk=round.pk)
    assert (stored.onderdeel, stored.asked_bouwstenen) == (None, [])
    # the other fields still change, and an unchanged scope may be written along
    stored.name = "Andere naam"
    stored.save()
    round_update(round=stored, name="Weer anders", deadline=None, onderdeel=None)


def test_an_instance_read_in_concept_cannot_change_the_scope_after_another_opened_it(
    organisation, framework, haven
):
    round = make_round(organisation=organisation, framework=framework)
    round_open(round=Round.objects.get(pk=round.pk))
    round.onderdeel = haven  # the instance still says concept; the database does not
    with pytest.raises(ValidationError):
        round.save()


def test_in_concept_the_model_lets_the_scope_change(organisation, framework, haven):
    round = make_round(organisation=organisation, framework=framework)
    round.onderdeel, round.asked_bouwstenen = haven, [3, 6]
    round.save()
    assert Round.objects.get(pk=round.pk).asked_bouwstenen == [3, 6]


def test_the_admin_shows_the_scope_read_only_once_open_and_does_not_change_it(
    admin_client, organisation, framework, haven
):
    concept = make_round(organisation=organisation, framework=framework, name="Concept")
    opened = round_open(round=make_round(organisation=organisation, framework=framework))
    url = reverse("admin:assessments_round_change", args=[opened.pk])

    form = admin_client.get(url).context["adminform"].form
    assert "onderdeel" not in form.fields and "asked_bouwstenen" not in form.fields
    concept_url = reverse("admin:assessments_round_change", args=[concept.pk])
    assert "onderdeel" in admin_client.get(concept_url).context["adminform"].form.fields

    response = admin_client.post(
        url,
        {
            "name": "Via beheer",
            "onderdeel": haven.pk,
            "asked_bouwstenen": "[3]",
            "min_group_size": 3,
            "respondents-TOTAL_FORMS": 0,
            "respondents-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302  # saved
    opened.refresh_from_db()
    assert opened.name == "Via beheer"
    assert (opened.onderdeel, opened.asked_bouwstenen) == (None, [])


# --- several rounds at once, and the list ------------------------------------------------------


def test_several_parts_have_open_rounds_at_once_each_with_last_rounds_people(
    client, coordinator, organisation, framework
):
    parts = [Onderdeel.objects.create(organisation=organisation, name=f"Team {n}") for n in "AB"]
    rounds = []
    for part in parts:
        round = make_round(organisation=organisation, framework=framework, onderdeel=part)
        make_respondent(round=round, email=f"{part.name[-1].lower()}@example.org")
        rounds.append(round_open(round=round))
    client.force_login(coordinator)

    page = client.get(reverse("assessments:round-list")).content.decode()
    assert page.count(">Open<") + page.count("Open<br>") == 2
    for round in rounds:
        detail = client.get(reverse("assessments:round-detail", args=[round.pk]))
        assert detail.status_code == 200
        assert round.onderdeel.name in detail.content.decode()
        invite = client.get(reverse("assessments:round-invite", args=[round.pk]))
        assert invite.status_code == 200


def test_the_round_list_shows_and_filters_the_scope(
    client, colleague, organisation, framework, haven
):
    make_round(organisation=organisation, framework=framework, name="Hele scan")
    make_round(
        organisation=organisation,
        framework=framework,
        name="Haven scan",
        onderdeel=haven,
        asked_bouwstenen=VRAAGSTUK,
    )
    client.force_login(colleague)  # a lezer sees every round of the organisation too

    page = client.get(reverse("assessments:round-list")).content.decode()
    assert "Hele organisatie · alle 11 bouwstenen" in page
    assert "Project Haven · 3 van 11 bouwstenen" in page

    only = client.get(reverse("assessments:round-list"), {"onderdeel": haven.pk})
    assert [r.name for r in only.context["rounds"]] == ["Haven scan"]
    whole = client.get(reverse("assessments:round-list"), {"onderdeel": "heel"})
    assert [r.name for r in whole.context["rounds"]] == ["Hele scan"]
    unknown = client.get(reverse("assessments:round-list"), {"onderdeel": "999999"})
    assert len(unknown.context["rounds"]) == 2


@pytest.mark.parametrize("parts", [1, 8])
def test_the_round_list_takes_the_same_queries_however_many_parts_and_rounds(
    client, coordinator, organisation, framework, django_assert_max_num_queries, parts
):
    for number in range(parts):
        part = Onderdeel.objects.create(organisation=organisation, name=f"Team {number}")
        make_round(organisation=organisation, framework=framework, onderdeel=part)
        make_round(organisation=organisation, framework=framework, asked_bouwstenen=[1, 2])
    client.force_login(coordinator)
    # session, user, rounds with organisation, part and the model's number of bouwstenen,
    # the organisations the user coordinates (may-create check and nav share it)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("assessments:round-list"))
    assert response.content.decode().count("2 van 11 bouwstenen") == parts


def test_a_bad_scope_on_the_edit_page_gives_an_error_and_changes_nothing(
    client, coordinator, organisation, framework, haven, foreign_part
):
    round = make_round(
        organisation=organisation, framework=framework, onderdeel=haven, asked_bouwstenen=[3]
    )
    client.force_login(coordinator)

    empty = edit(client, round, name="Nieuw", asked_set="own")
    foreign = edit(client, round, name="Nieuw", onderdeel=foreign_part.pk)

    assert empty.context["form"].errors["bouwstenen"] == ["Kies minstens één bouwsteen."]
    assert "onderdeel" in foreign.context["form"].errors
    round.refresh_from_db()
    assert (round.name, round.onderdeel, round.asked_bouwstenen) == (
        "Borgingsscan 2026",
        haven,
        [3],
    )


def test_the_admin_offers_a_concept_round_only_its_own_organisations_parts(
    admin_client, organisation, framework, haven, foreign_part
):
    round = make_round(organisation=organisation, framework=framework)
    url = reverse("admin:assessments_round_change", args=[round.pk])
    choices = admin_client.get(url).context["adminform"].form.fields["onderdeel"].queryset
    assert list(choices) == [haven]


def test_the_organisation_page_names_each_rounds_part(
    client, colleague, organisation, framework, haven
):
    make_round(organisation=organisation, framework=framework, name="Haven scan", onderdeel=haven)
    make_round(organisation=organisation, framework=framework, name="Hele scan")
    client.force_login(colleague)
    page = client.get(reverse("assessments:organisation-overview", args=[organisation.slug]))
    text = page.content.decode()
    assert "Haven scan</a> · Project Haven ·" in text
    assert "Hele scan</a> · Hele organisatie ·" in text
