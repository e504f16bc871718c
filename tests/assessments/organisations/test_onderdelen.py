"""The parts of an organisation (onderdelen): the services' rules, the page for coordinators
and lezers, and that nobody reaches another organisation's parts."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Membership, Onderdeel
from assessments.organisations.onderdelen import (
    onderdeel_create,
    onderdeel_delete,
    onderdeel_update,
)
from tests.conftest import make_member
from tests.factories import make_respondent, make_round

pytestmark = pytest.mark.django_db

TEAM, VRAAGSTUK, GEMEENTE = (kind.value for kind in Onderdeel.Kind)


def list_url(organisation):
    return reverse("assessments:organisation-onderdelen", args=[organisation.slug])


def edit_url(onderdeel):
    return reverse(
        "assessments:organisation-onderdeel", args=[onderdeel.organisation.slug, onderdeel.pk]
    )


def delete_url(onderdeel):
    return reverse(
        "assessments:organisation-onderdeel-delete",
        args=[onderdeel.organisation.slug, onderdeel.pk],
    )


# --- services ----------------------------------------------------------------------------------


def test_a_part_is_created_with_its_name_trimmed(organisation):
    part = onderdeel_create(organisation=organisation, name="  Team Wijkzaken ", kind=TEAM)
    assert (part.name, part.kind, part.organisation) == ("Team Wijkzaken", TEAM, organisation)


def test_a_name_the_organisation_has_in_other_letters_is_refused_next_to_the_name(
    organisation, other_organisation
):
    onderdeel_create(organisation=organisation, name="Team Wijkzaken", kind=TEAM)
    with pytest.raises(ValidationError) as refused:
        onderdeel_create(organisation=organisation, name="team wijkzaken", kind=VRAAGSTUK)
    assert refused.value.message_dict["name"] == [
        "Deze organisatie heeft al een onderdeel met deze naam."
    ]
    assert Onderdeel.objects.filter(organisation=organisation).count() == 1
    # another organisation may use the same name
    onderdeel_create(organisation=other_organisation, name="Team Wijkzaken", kind=TEAM)


def test_an_empty_name_or_unknown_kind_is_refused(organisation):
    with pytest.raises(ValidationError) as refused:
        onderdeel_create(organisation=organisation, name="  ", kind="afdeling")
    assert {"name", "kind"} <= refused.value.message_dict.keys()
    assert not Onderdeel.objects.exists()


def test_a_part_is_renamed_and_changes_kind_and_its_rounds_keep_it(organisation, framework):
    part = onderdeel_create(organisation=organisation, name="Haven", kind=TEAM)
    round = make_round(organisation=organisation, framework=framework, onderdeel=part)

    onderdeel_update(onderdeel=part, name="Project Nieuwe Haven", kind=VRAAGSTUK)

    round.refresh_from_db()
    assert (round.onderdeel.name, round.onderdeel.kind) == ("Project Nieuwe Haven", VRAAGSTUK)


def test_a_gemeente_that_respondents_name_stays_a_gemeente(organisation, framework):
    part = onderdeel_create(organisation=organisation, name="Gemeente Oost", kind=GEMEENTE)
    round = make_round(organisation=organisation, framework=framework)
    make_respondent(round=round, rol="bestuur", gemeente=part)

    with pytest.raises(ValidationError) as refused:
        onderdeel_update(onderdeel=part, name="Gemeente Oost", kind=TEAM)

    assert "1 deelnemer heeft dit onderdeel als gemeente" in refused.value.message_dict["kind"][0]
    assert Onderdeel.objects.get(pk=part.pk).kind == GEMEENTE
    onderdeel_update(onderdeel=part, name="Gemeente Oost-Dorp", kind=GEMEENTE)  # a new name is fine


def test_an_unused_part_is_deleted(organisation):
    part = onderdeel_create(organisation=organisation, name="Team Weg", kind=TEAM)
    onderdeel_delete(onderdeel=part)
    assert not Onderdeel.objects.exists()


def test_a_part_a_round_is_about_is_not_deleted_and_the_message_says_why(organisation, framework):
    part = onderdeel_create(organisation=organisation, name="Team Wijkzaken", kind=TEAM)
    make_round(organisation=organisation, framework=framework, onderdeel=part, status="closed")

    with pytest.raises(ValidationError) as refused:
        onderdeel_delete(onderdeel=part)

    assert refused.value.messages == [
        "‘Team Wijkzaken’ kun je niet verwijderen: 1 ronde gaat over dit onderdeel. Een ronde "
        "houdt het onderdeel waarover die gaat. Je kunt het onderdeel wel een andere naam geven."
    ]
    assert Onderdeel.objects.filter(pk=part.pk).exists()


def test_a_gemeente_a_respondent_names_is_not_deleted(organisation, framework):
    part = onderdeel_create(organisation=organisation, name="Gemeente Oost", kind=GEMEENTE)
    round = make_round(organisation=organisation, framework=framework)
    make_respondent(round=round, rol="bestuur", gemeente=part)

    with pytest.raises(ValidationError) as refused:
        onderdeel_delete(onderdeel=part)

    assert "‘Gemeente Oost’ kun je niet verwijderen" in refused.value.messages[0]
    assert Onderdeel.objects.filter(pk=part.pk).exists()


# --- the page ----------------------------------------------------------------------------------


def test_a_coordinator_adds_a_part_on_the_page(client, coordinator, organisation):
    client.force_login(coordinator)
    response = client.post(list_url(organisation), {"name": "Project Haven", "kind": VRAAGSTUK})

    assert response.status_code == 302
    part = Onderdeel.objects.get(organisation=organisation)
    assert (part.name, part.kind) == ("Project Haven", VRAAGSTUK)
    page = client.get(list_url(organisation)).content.decode()
    assert "‘Project Haven’ staat bij de onderdelen." in page
    assert "Project of vraagstuk" in page


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"name": "", "kind": TEAM}, "name", "Geef het onderdeel een naam."),
        ({"name": "x" * 121, "kind": TEAM}, "name", "Gebruik hoogstens 120 tekens."),
        ({"name": "Team", "kind": "afdeling"}, "kind", "Kies Team, Project of vraagstuk"),
        ({"name": "TEAM WIJKZAKEN", "kind": TEAM}, "name", "al een onderdeel met deze naam"),
    ],
)
def test_bad_input_shows_a_dutch_error_next_to_the_field_and_changes_nothing(
    client, coordinator, organisation, data, field, message
):
    Onderdeel.objects.create(organisation=organisation, name="Team Wijkzaken")
    client.force_login(coordinator)

    response = client.post(list_url(organisation), data)

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert list(Onderdeel.objects.values_list("name", flat=True)) == ["Team Wijkzaken"]


def test_a_coordinator_renames_a_part_and_sees_a_refusal_next_to_the_field(
    client, coordinator, organisation
):
    part = Onderdeel.objects.create(organisation=organisation, name="Team A")
    Onderdeel.objects.create(organisation=organisation, name="Team B")
    client.force_login(coordinator)

    refused = client.post(edit_url(part), {"name": "team b", "kind": TEAM})
    assert "al een onderdeel met deze naam" in refused.context["form"].errors["name"][0]

    client.post(edit_url(part), {"name": "Team Noord", "kind": GEMEENTE})
    part.refresh_from_db()
    assert (part.name, part.kind) == ("Team Noord", GEMEENTE)


def test_deleting_asks_first_then_deletes_or_says_why_not(
    client, coordinator, organisation, framework
):
    unused = Onderdeel.objects.create(organisation=organisation, name="Team Weg")
    used = Onderdeel.objects.create(organisation=organisation, name="Team Blijft")
    make_round(organisation=organisation, framework=framework, onderdeel=used)
    client.force_login(coordinator)

    assert "Ja, Team Weg verwijderen" in client.get(delete_url(unused)).content.decode()
    client.post(delete_url(unused))
    response = client.post(delete_url(used), follow=True)

    assert not Onderdeel.objects.filter(pk=unused.pk).exists()
    assert Onderdeel.objects.filter(pk=used.pk).exists()
    assert "‘Team Blijft’ kun je niet verwijderen: 1 ronde gaat over" in (response.content.decode())


def test_a_lezer_sees_the_list_but_cannot_change_it(client, colleague, organisation):
    part = Onderdeel.objects.create(organisation=organisation, name="Team Wijkzaken")
    client.force_login(colleague)

    page = client.get(list_url(organisation)).content.decode()
    assert "Team Wijkzaken" in page
    assert "Onderdeel toevoegen" not in page and edit_url(part) not in page

    assert client.post(list_url(organisation), {"name": "X", "kind": TEAM}).status_code == 404
    assert client.get(edit_url(part)).status_code == 404
    assert client.post(edit_url(part), {"name": "X", "kind": TEAM}).status_code == 404
    assert client.post(delete_url(part)).status_code == 404
    assert list(Onderdeel.objects.values_list("name", flat=True)) == ["Team Wijkzaken"]


def test_another_organisations_coordinator_gets_404_everywhere(
    client, outsider, organisation, other_organisation
):
    part = Onderdeel.objects.create(organisation=organisation, name="Team Zuidwest")
    own = Onderdeel.objects.create(organisation=other_organisation, name="Eigen team")
    client.force_login(outsider)

    assert client.get(list_url(organisation)).status_code == 404
    assert client.post(list_url(organisation), {"name": "X", "kind": TEAM}).status_code == 404
    assert client.get(edit_url(part)).status_code == 404
    assert client.post(delete_url(part)).status_code == 404
    # nor through their own organisation's address with the other's part
    foreign = reverse("assessments:organisation-onderdeel", args=[own.organisation.slug, part.pk])
    assert client.post(foreign, {"name": "Van mij", "kind": TEAM}).status_code == 404
    foreign_delete = reverse(
        "assessments:organisation-onderdeel-delete", args=[own.organisation.slug, part.pk]
    )
    assert client.post(foreign_delete).status_code == 404
    assert Onderdeel.objects.get(pk=part.pk).name == "Team Zuidwest"
    assert "Team Zuidwest" not in client.get(list_url(other_organisation)).content.decode()


def test_a_begeleider_does_not_get_the_page(client, organisation):
    begeleider = make_member(organisation, "begeleider", Membership.Role.BEGELEIDER)
    client.force_login(begeleider)
    assert client.get(list_url(organisation)).status_code == 404


def test_the_organisation_page_and_the_round_list_link_to_the_parts(
    client, coordinator, organisation
):
    client.force_login(coordinator)
    overview = reverse("assessments:organisation-overview", args=[organisation.slug])
    assert list_url(organisation) in client.get(overview).content.decode()
    assert list_url(organisation) in client.get(reverse("assessments:round-list")).content.decode()


@pytest.mark.parametrize("parts", [2, 12])
def test_the_page_takes_the_same_queries_however_many_parts_and_rounds(
    client, coordinator, organisation, framework, django_assert_max_num_queries, parts
):
    for number in range(parts):
        part = Onderdeel.objects.create(organisation=organisation, name=f"Team {number}")
        make_round(organisation=organisation, framework=framework, onderdeel=part)
        make_round(organisation=organisation, framework=framework, onderdeel=part)
    client.force_login(coordinator)
    # session, user, organisation with the member's role, the parts with their use (one
    # query), the nav's organisations
    with django_assert_max_num_queries(5):
        response = client.get(list_url(organisation))
    assert response.content.decode().count("2 rondes") == parts


def test_the_admin_shows_the_parts_on_the_organisation_and_in_their_own_list(
    admin_client, organisation
):
    Onderdeel.objects.create(organisation=organisation, name="Team Wijkzaken")
    change = reverse("admin:assessments_organisation_change", args=[organisation.pk])
    assert "Team Wijkzaken" in admin_client.get(change).content.decode()
    changelist = reverse("admin:assessments_onderdeel_changelist")
    assert "Team Wijkzaken" in admin_client.get(changelist).content.decode()
