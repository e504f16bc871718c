"""Nothing a closed round points to can be deleted from under it: Django's collector would
empty or delete its rows in SQL, past the freeze in save() and delete()."""

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse

from assessments.models import ActionsAtClose, ImprovementAction, Round, RoundPart
from assessments.reporting.models import RenderedReport
from assessments.rounds.freeze import protect_closed_else_set_null
from assessments.rounds.tussenstanden import Tussenstand
from tests.factories import make_action, make_round

User = get_user_model()
SAFE = {models.PROTECT, models.RESTRICT, protect_closed_else_set_null}


def round_row_models():
    """The round and every model whose rows belong to one (actions live on after their round
    closes, but what they point to must not change under the frozen list either)."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if model is Round
        or issubclass(model, RoundPart)
        or model in (RenderedReport, Tussenstand, ImprovementAction, ActionsAtClose)
    ]


def test_every_reference_of_a_round_or_its_rows_is_protected_or_its_own_parent():
    """Only the link to the round (or respondent) it belongs to may cascade: deleting that
    parent is refused for a closed round. Every other reference is protected."""
    round_models = round_row_models()
    assert len(round_models) >= 7  # round, respondent, answer, consensus, action, pdf, ...
    for model in round_models:
        for field in model._meta.concrete_fields:
            if not field.is_relation:
                continue
            on_delete = field.remote_field.on_delete
            if field.related_model in round_models and on_delete is models.CASCADE:
                continue
            assert on_delete in SAFE, f"{model.__name__}.{field.name}"


@pytest.fixture
def creator(db):
    return User.objects.create_user("maker", "maker@example.org", "geheim-1-x")


def test_a_user_who_created_a_closed_round_cannot_be_deleted(organisation, framework, creator):
    """Before, the round's created_by silently became NULL."""
    round = make_round(organisation=organisation, framework=framework, status="closed")
    # (the freeze refuses Round.objects...update() itself)
    models.QuerySet(Round).filter(pk=round.pk).update(created_by=creator)

    with pytest.raises(ProtectedError) as refused:
        creator.delete()

    assert refused.value.protected_objects == {round}
    assert User.objects.filter(pk=creator.pk).exists()
    assert Round.objects.get(pk=round.pk).created_by == creator


def test_a_user_of_open_rounds_only_can_be_deleted(organisation, framework, creator):
    round = make_round(organisation=organisation, framework=framework, created_by=creator)
    creator.delete()
    round.refresh_from_db()
    assert round.created_by is None


def test_the_admin_says_why_and_deletes_nothing(admin_client, organisation, framework, creator):
    round = make_round(
        organisation=organisation, framework=framework, name="Scan 2025", status="open"
    )
    round.created_by = creator
    round.save()
    round.status = Round.Status.CLOSED
    round.save()
    url = reverse("admin:auth_user_delete", args=[creator.pk])

    page = admin_client.get(url).content.decode()
    assert "Dit kan niet: een gesloten ronde verwijst hiernaar (Scan 2025)" in page
    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code in (200, 403)  # the protected list again, not deleted
    assert User.objects.filter(pk=creator.pk).exists()
    assert Round.objects.get(pk=round.pk).created_by == creator
    changelist = reverse("admin:auth_user_changelist")
    admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [creator.pk], "post": "yes"}
    )
    assert User.objects.filter(pk=creator.pk).exists()


def test_an_action_carried_into_a_closed_round_keeps_its_origin(organisation, framework):
    """The origin in a round that is still open (a round closed out of order): deleting it
    would have emptied carried_from on the closed round's action."""
    earlier = make_round(organisation=organisation, framework=framework, status="open")
    origin = make_action(round=earlier)
    later = make_round(organisation=organisation, framework=framework, name="Later", status="open")
    carried = make_action(round=later, carried_from=origin)
    later.status = Round.Status.CLOSED
    later.save()

    with pytest.raises(ProtectedError):
        origin.delete()

    assert ImprovementAction.objects.get(pk=carried.pk).carried_from_id == origin.pk
    # In an open round the reference is emptied, as before.
    other = make_action(round=earlier, carried_from=make_action(round=earlier, number=2))
    other.carried_from.delete()
    other.refresh_from_db()
    assert other.carried_from is None
