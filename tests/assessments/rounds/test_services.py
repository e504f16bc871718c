"""The rules of a round's life, checked on the services and selectors themselves."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Respondent, Round
from assessments.rounds.freeze import RoundClosedError
from assessments.rounds.selectors import reminder_audience, returning_people
from assessments.rounds.services import (
    respondent_self_invite,
    round_close,
    round_create,
    round_delete,
    round_open_and_invite,
    round_remind,
)
from bouwstenen.models import Framework
from tests.factories import make_respondent, make_round


def url_for(token):
    return f"https://borgingshuis.test/vragenlijst/{token}/"


@pytest.fixture
def open_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


def create(organisation, framework, user):
    return round_create(
        organisation=organisation, framework=framework, name="Scan", deadline=None, created_by=user
    )


def test_round_create_starts_a_concept_round_noting_its_creator(
    organisation, framework, coordinator
):
    round = create(organisation, framework, coordinator)

    assert round.status == Round.Status.CONCEPT
    assert round.created_by == coordinator
    assert Round.objects.get().name == "Scan"


def test_round_create_takes_the_organisations_group_size(organisation, framework, coordinator):
    organisation.min_group_size = 5
    organisation.save()

    assert create(organisation, framework, coordinator).min_group_size == 5


def test_round_create_refuses_an_unpublished_model(organisation, framework, coordinator):
    Framework.objects.filter(pk=framework.pk).update(is_published=False)
    framework.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        create(organisation, framework, coordinator)

    assert "framework" in error.value.message_dict
    assert not Round.objects.exists()


def test_round_create_refuses_someone_who_does_not_coordinate_the_organisation(
    organisation, framework, colleague, outsider
):
    for user in (colleague, outsider):
        with pytest.raises(ValidationError) as error:
            create(organisation, framework, user)
        assert "organisation" in error.value.message_dict
    assert not Round.objects.exists()


def test_round_delete_removes_a_concept_round_with_its_list(organisation, framework):
    round = make_round(organisation=organisation, framework=framework)
    make_respondent(round=round)

    round_delete(round=round)

    assert not Round.objects.exists() and not Respondent.objects.exists()


@pytest.mark.parametrize("status", ["open", "closed"])
def test_round_delete_refuses_a_round_that_has_been_open(organisation, framework, status):
    round = make_round(organisation=organisation, framework=framework, status=status)

    with pytest.raises(ValidationError) as error:
        round_delete(round=round)

    assert "nog niet open is geweest" in error.value.messages[0]
    assert Round.objects.filter(pk=round.pk).exists()


def test_opening_sends_the_invitation_to_pending_people_only(organisation, framework, mailoutbox):
    round = make_round(organisation=organisation, framework=framework)
    make_respondent(round=round, email="a@example.org")
    make_respondent(round=round, email="b@example.org")
    make_respondent(round=round, email="revoked@example.org", revoked_at=timezone.now())

    sent = round_open_and_invite(round=round, url_for=url_for)

    assert sent == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@example.org"]
    round.refresh_from_db()
    assert round.is_open and round.snapshot
    assert Respondent.objects.filter(invited_at__isnull=True).get().email == "revoked@example.org"


def test_opening_a_closed_round_is_refused_and_sends_nothing(open_round, mailoutbox):
    make_respondent(round=open_round)
    round_close(round=open_round)

    with pytest.raises(RoundClosedError):
        round_open_and_invite(round=open_round, url_for=url_for)

    assert mailoutbox == []


def test_reminder_audience_is_invited_active_people_who_have_not_sent(open_round):
    now = timezone.now()
    waiting = make_respondent(round=open_round, email="wait@example.org", invited_at=now)
    make_respondent(round=open_round, email="done@example.org", invited_at=now, submitted_at=now)
    make_respondent(round=open_round, email="gone@example.org", invited_at=now, revoked_at=now)
    make_respondent(round=open_round, email="not-yet@example.org")

    assert list(reminder_audience(open_round)) == [waiting]


@pytest.mark.parametrize("status", ["concept", "closed"])
def test_round_remind_is_refused_unless_the_round_is_open(
    organisation, framework, mailoutbox, status
):
    round = make_round(organisation=organisation, framework=framework, status=status)

    with pytest.raises(ValidationError):
        round_remind(round=round, url_for=url_for)

    assert mailoutbox == []


def test_round_remind_returns_how_many_were_reminded(open_round, mailoutbox):
    make_respondent(round=open_round, invited_at=timezone.now())

    assert round_remind(round=open_round, url_for=url_for).sent == 1
    assert mailoutbox[0].subject.startswith("Herinnering")


def test_returning_people_are_last_rounds_active_people_not_yet_in_this_round(
    organisation, framework
):
    previous = make_round(
        organisation=organisation, framework=framework, name="2025", status="open"
    )
    make_respondent(round=previous, email="back@example.org", name="Bo", rol="managers")
    make_respondent(round=previous, email="Here@example.org")
    make_respondent(round=previous, email="gone@example.org", revoked_at=timezone.now())
    previous = round_close(round=previous)
    round = make_round(organisation=organisation, framework=framework, name="2026")
    make_respondent(round=round, email="here@example.org")
    rollen = round.model_texts().rollen

    found, people = returning_people(round, rollen)

    assert found == previous
    assert [(p.email, p.name) for p in people] == [("back@example.org", "Bo")]
    managers = next(rol for rol in rollen if rol.code == "managers")
    assert people[0].rol_id == managers.id


def test_returning_people_is_empty_without_a_previous_closed_round(organisation, framework):
    round = make_round(organisation=organisation, framework=framework)

    assert returning_people(round, round.model_texts().rollen) == (None, [])


def test_filling_in_myself_twice_gives_the_same_respondent_and_one_email(
    open_round, coordinator, mailoutbox
):
    first = respondent_self_invite(round=open_round, user=coordinator, url_for=url_for)
    second = respondent_self_invite(round=open_round, user=coordinator, url_for=url_for)

    assert first.pk == second.pk and first.email == coordinator.email
    assert len(mailoutbox) == 1


def test_filling_in_myself_is_refused_with_a_revoked_link_or_no_address_or_a_concept_round(
    open_round, organisation, framework, coordinator
):
    concept = make_round(organisation=organisation, framework=framework, name="Concept")
    with pytest.raises(ValidationError, match="pas als de ronde open is"):
        respondent_self_invite(round=concept, user=coordinator, url_for=url_for)

    make_respondent(round=open_round, email=coordinator.email, revoked_at=timezone.now())
    with pytest.raises(ValidationError, match="ingetrokken"):
        respondent_self_invite(round=open_round, user=coordinator, url_for=url_for)

    coordinator.email = ""
    with pytest.raises(ValidationError, match="geen e-mailadres"):
        respondent_self_invite(round=open_round, user=coordinator, url_for=url_for)
    assert Respondent.objects.count() == 1
