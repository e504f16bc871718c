"""A closed round cannot be altered by any path: model methods, bulk queryset writes, services
and the admin."""

import pytest
from django.urls import reverse

from assessments.models import Answer, Respondent, Round, RoundClosedError
from assessments.questionnaire.services import (
    AnswerInput,
    answers_save,
    respondent_set_rol,
    respondent_submit,
)
from assessments.rounds.invitations import Invitee, respondent_revoke, respondents_invite
from assessments.rounds.services import round_close, round_open
from bouwstenen.models import Bouwsteen
from tests.factories import make_answers, make_respondent, make_round


@pytest.fixture
def closed(organisation, framework):
    """A closed round with one respondent and one answer."""
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round, rol="bestuur")
    make_answers(respondent=respondent, levels={1: 2}, desired={1: 4})
    return round_close(round=round)


def frozen_state():
    return list(Answer.objects.values_list("current_level", "desired_level", "toelichting")), list(
        Respondent.objects.values_list("email", "revoked_at", "submitted_at")
    )


def test_model_methods_refuse(closed):
    before = frozen_state()
    answer = Answer.objects.get()
    respondent = Respondent.objects.get()
    round = Round.objects.get()
    answer.desired_level = 5
    round.name = "Anders"
    checks = [
        answer.save,
        answer.delete,
        respondent.delete,
        round.save,
        round.delete,
        lambda: Respondent.objects.create(round=closed, email="nieuw@example.org"),
    ]
    for write in checks:
        with pytest.raises(RoundClosedError):
            write()
    assert frozen_state() == before
    assert Round.objects.get().name == "Borgingsscan 2026"


def test_bulk_queryset_writes_refuse(closed):
    before = frozen_state()
    bouwsteen = Bouwsteen.objects.get(number=2)
    respondent = Respondent.objects.get()
    checks = [
        lambda: Answer.objects.update(desired_level=5),
        lambda: Answer.objects.all().delete(),
        lambda: Respondent.objects.update(email="x@example.org"),
        lambda: Round.objects.update(name="Anders"),
        lambda: Round.objects.all().delete(),
        lambda: Answer.objects.bulk_create(
            [Answer(respondent=respondent, bouwsteen=bouwsteen, current_level=1)]
        ),
        lambda: Respondent.objects.bulk_create([Respondent(round=closed, email="n@example.org")]),
    ]
    for write in checks:
        with pytest.raises(RoundClosedError):
            write()
    assert frozen_state() == before


def test_services_refuse(closed):
    before = frozen_state()
    respondent = Respondent.objects.select_related("round").get()
    bouwsteen = Bouwsteen.objects.get(number=1)
    checks = [
        lambda: answers_save(
            respondent=respondent,
            answers=[AnswerInput(bouwsteen.pk, current_level=3, desired_level=5, toelichting="")],
        ),
        lambda: respondent_set_rol(respondent=respondent, rol_id=respondent.rol_id, function="x"),
        lambda: respondent_submit(respondent=respondent),
        lambda: respondent_revoke(respondent=respondent),
        lambda: respondents_invite(
            round=closed, invitees=[Invitee(email="n@example.org")], url_for=str
        ),
        lambda: round_open(round=closed),
        lambda: round_close(round=closed),
    ]
    for write in checks:
        with pytest.raises(RoundClosedError):
            write()
    assert frozen_state() == before


def test_answers_save_is_all_or_nothing(organisation, framework):
    from django.core.exceptions import ValidationError

    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round)
    make_answers(respondent=respondent, levels={1: 2})
    one, two = Bouwsteen.objects.filter(number__in=[1, 2]).order_by("number")
    with pytest.raises(ValidationError):
        answers_save(
            respondent=respondent,
            answers=[
                AnswerInput(one.pk, current_level=4, desired_level=None, toelichting=""),
                AnswerInput(two.pk, current_level=9, desired_level=None, toelichting=""),
            ],
        )
    assert list(Answer.objects.values_list("bouwsteen__number", "current_level")) == [(1, 2)]


@pytest.fixture
def admin_client_(client, django_user_model):
    admin = django_user_model.objects.create_superuser("beheer", "b@example.org", "geheim-1234")
    client.force_login(admin)
    return client


def test_admin_shows_closed_round_read_only(admin_client_, closed):
    url = reverse("admin:assessments_round_change", args=[closed.pk])
    page = admin_client_.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()

    response = admin_client_.post(url, {"name": "Anders", "organisation": closed.organisation_id})
    assert response.status_code == 403
    assert Round.objects.get().name == "Borgingsscan 2026"

    respondent = Respondent.objects.get()
    url = reverse("admin:assessments_respondent_change", args=[respondent.pk])
    assert 'name="_save"' not in admin_client_.get(url).content.decode()
    delete = reverse("admin:assessments_respondent_delete", args=[respondent.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
    assert Respondent.objects.exists()


def test_admin_bulk_delete_of_closed_round_is_forbidden_not_500(admin_client_, closed):
    # The admin's own permission check (no delete permission on a closed round) refuses it.
    response = admin_client_.post(
        reverse("admin:assessments_round_changelist"),
        {"action": "delete_selected", "_selected_action": [closed.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Round.objects.filter(pk=closed.pk).exists()


def test_admin_edits_an_open_round(admin_client_, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    url = reverse("admin:assessments_round_change", args=[round.pk])
    page = admin_client_.get(url).content.decode()
    assert 'name="_save"' in page
    assert (
        admin_client_.get(reverse("admin:assessments_organisation_changelist")).status_code == 200
    )
