import datetime

import pytest
from django.urls import reverse

from assessments.models import Respondent, Round
from assessments.rounds.services import round_close, round_open, round_update
from bouwstenen.models import Framework
from bouwstenen.services import framework_copy
from tests.factories import make_respondent, make_round


def edit_url(round):
    return reverse("assessments:round-edit", args=[round.pk])


def delete_url(round):
    return reverse("assessments:round-delete", args=[round.pk])


def test_open_round_name_and_deadline_can_change_but_not_its_model(
    client, coordinator, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    other = framework_copy(framework=framework)
    client.force_login(coordinator)

    page = client.get(edit_url(round)).content.decode()
    response = client.post(
        edit_url(round),
        {"name": "Borgingsscan voorjaar", "deadline": "2031-03-14", "framework": other.pk},
        follow=True,
    )

    assert 'name="framework"' not in page
    assert "De ronde is aangepast." in response.content.decode()
    round.refresh_from_db()
    assert round.name == "Borgingsscan voorjaar"
    assert round.deadline == datetime.date(2031, 3, 14)
    assert round.framework == framework


def test_concept_round_can_change_its_model(client, coordinator, organisation, framework):
    round = make_round(organisation=organisation, framework=framework)
    other = framework_copy(framework=framework)
    Framework.objects.filter(pk=other.pk).update(is_published=True)
    client.force_login(coordinator)

    client.post(edit_url(round), {"name": round.name, "framework": other.pk, "deadline": ""})

    round.refresh_from_db()
    assert round.framework == other


def test_empty_name_is_refused_in_dutch_and_nothing_changes(
    client, coordinator, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    client.force_login(coordinator)

    response = client.post(edit_url(round), {"name": "", "deadline": "morgen"})

    page = response.content.decode()
    assert "Geef de ronde een naam." in page
    assert "Vul een datum in, zoals 31-12-2026." in page
    round.refresh_from_db()
    assert round.name == "Borgingsscan 2026" and round.deadline is None


def test_closed_round_cannot_be_edited_or_deleted(client, coordinator, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="closed")
    client.force_login(coordinator)

    edited = client.post(edit_url(round), {"name": "Anders"}, follow=True)
    deleted = client.post(delete_url(round), follow=True)

    assert "Deze ronde is gesloten" in edited.content.decode()
    assert "Alleen een ronde die nog niet open is geweest" in deleted.content.decode()
    round.refresh_from_db()
    assert round.name == "Borgingsscan 2026"


def test_concept_round_is_deleted_after_confirmation_with_its_list(
    client, coordinator, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework)
    make_respondent(round=round)
    make_respondent(round=round)
    client.force_login(coordinator)

    page = client.get(delete_url(round)).content.decode()
    assert "De 2 mensen op de lijst gaan ook weg." in page
    assert Round.objects.filter(pk=round.pk).exists()

    response = client.post(delete_url(round), follow=True)

    assert "De ronde ‘Borgingsscan 2026’ is verwijderd." in response.content.decode()
    assert not Round.objects.filter(pk=round.pk).exists()
    assert not Respondent.objects.exists()


def test_open_round_is_not_deleted(client, coordinator, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    client.force_login(coordinator)

    client.post(delete_url(round))

    assert Round.objects.filter(pk=round.pk).exists()


@pytest.mark.parametrize("url", [edit_url, delete_url])
def test_viewer_and_outsider_get_404(client, colleague, outsider, organisation, framework, url):
    round = make_round(organisation=organisation, framework=framework)
    for user in (colleague, outsider):
        client.force_login(user)
        assert client.get(url(round)).status_code == 404
        assert client.post(url(round), {"name": "Overgenomen"}).status_code == 404
    round.refresh_from_db()
    assert round.name == "Borgingsscan 2026"


def test_changing_the_model_keeps_the_invited_roles_by_code(organisation, framework):
    round = make_round(organisation=organisation, framework=framework)
    person = make_respondent(round=round, invited_rol=framework.rol_set.get(code="managers"))
    other = framework_copy(framework=framework)

    round_update(round=round, name=round.name, deadline=None, framework=other)

    person.refresh_from_db()
    assert person.invited_rol == other.rol_set.get(code="managers")
    round.refresh_from_db()
    assert round.framework == other


def test_a_round_opened_meanwhile_stays_open(organisation, framework):
    round = make_round(organisation=organisation, framework=framework)
    stale = Round.objects.get(pk=round.pk)  # the edit page was loaded in concept
    round_open(round=round)

    round_update(round=stale, name="Nieuwe naam", deadline=None, framework=framework)

    round.refresh_from_db()
    assert round.status == Round.Status.OPEN and round.name == "Nieuwe naam"


def test_a_round_closed_meanwhile_is_refused_without_an_error_page(
    client, coordinator, organisation, framework, monkeypatch
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    client.force_login(coordinator)

    def close_first(*, round, **fields):
        round_close(round=Round.objects.get(pk=round.pk))
        return round_update(round=round, **fields)

    monkeypatch.setattr("assessments.rounds.views.settings.round_update", close_first)
    response = client.post(edit_url(round), {"name": "Te laat"}, follow=True)

    assert response.status_code == 200
    assert "Deze ronde is gesloten" in response.content.decode()
    round.refresh_from_db()
    assert round.name == "Borgingsscan 2026"
