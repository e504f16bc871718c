"""Closed rounds stay closed, also against moves, the admin and model edits."""

import pytest
from django.urls import reverse

from assessments.models import Answer, Respondent, RoundClosedError
from assessments.rounds.services import round_close
from bouwstenen.models import Bouwsteen
from tests.factories import make_answers, make_respondent, make_round


@pytest.fixture
def closed_round(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round, rol="bestuur")
    make_answers(respondent=respondent, levels={1: 3, 2: 4})
    return round_close(round=round)


def test_a_respondent_cannot_be_moved_out_of_a_closed_round(closed_round, organisation, framework):
    open_round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = closed_round.respondents.get()

    respondent.round = open_round
    with pytest.raises(RoundClosedError):
        respondent.save()

    assert Respondent.objects.get(pk=respondent.pk).round == closed_round


def test_an_answer_cannot_be_moved_out_of_a_closed_round(closed_round, organisation, framework):
    open_round = make_round(organisation=organisation, framework=framework, status="open")
    other = make_respondent(round=open_round)
    answer = Answer.objects.filter(respondent__round=closed_round).first()

    answer.respondent = other
    with pytest.raises(RoundClosedError):
        answer.save()

    assert Answer.objects.filter(respondent__round=closed_round).count() == 2


def test_admin_shows_a_respondents_round_read_only(admin_client, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round)

    response = admin_client.get(
        reverse("admin:assessments_respondent_change", args=[respondent.pk])
    )

    assert response.status_code == 200
    assert 'name="round"' not in response.content.decode()


def test_admin_cannot_pick_a_closed_round_for_a_new_respondent(admin_client, closed_round):
    response = admin_client.post(
        reverse("admin:assessments_respondent_add"),
        {"round": closed_round.pk, "email": "nieuw@example.org", "name": "Nieuw"},
    )

    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert closed_round.respondents.count() == 1


def test_bouwstenen_of_a_model_in_use_cannot_be_deleted_in_admin(admin_client, closed_round):
    bouwsteen = Bouwsteen.objects.get(framework=closed_round.framework, number=11)
    url = reverse("admin:bouwstenen_bouwsteen_delete", args=[bouwsteen.pk])

    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    admin_client.post(
        reverse("admin:bouwstenen_bouwsteen_changelist"),
        {"action": "delete_selected", "_selected_action": [bouwsteen.pk], "post": "yes"},
    )

    assert Bouwsteen.objects.filter(pk=bouwsteen.pk).exists()


def test_bouwstenen_of_an_unused_model_can_be_deleted(admin_client, framework):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=11)

    admin_client.post(
        reverse("admin:bouwstenen_bouwsteen_delete", args=[bouwsteen.pk]), {"post": "yes"}
    )

    assert not Bouwsteen.objects.filter(pk=bouwsteen.pk).exists()
