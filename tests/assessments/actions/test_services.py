"""Saving and deleting an action, checked on the services: a closed round refuses both."""

import pytest

from assessments.actions.services import action_delete, action_save
from assessments.models import ImprovementAction
from assessments.rounds.freeze import RoundClosedError
from assessments.rounds.services import round_close
from bouwstenen.models import Bouwsteen, Rol
from tests.factories import make_action, make_round


@pytest.fixture
def open_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


def test_action_save_stores_a_new_action_of_an_open_round(open_round, framework):
    action = ImprovementAction(
        round=open_round,
        bouwsteen=Bouwsteen.objects.get(framework=framework, number=3),
        owner_rol=Rol.objects.get(framework=framework, code="adviseurs"),
        title="Leidraad schrijven",
    )

    action_save(action=action)

    assert ImprovementAction.objects.get().title == "Leidraad schrijven"


def test_action_save_on_a_closed_round_is_refused(open_round):
    action = make_action(round=open_round, title="Training")
    round_close(round=open_round)
    action.title = "Gewijzigd"

    with pytest.raises(RoundClosedError):
        action_save(action=action)

    assert ImprovementAction.objects.get().title == "Training"


def test_action_delete_on_a_closed_round_is_refused(open_round):
    action = make_action(round=open_round)
    round_close(round=open_round)

    with pytest.raises(RoundClosedError):
        action_delete(action=action)

    assert ImprovementAction.objects.exists()


def test_action_delete_removes_an_action_of_an_open_round(open_round):
    action_delete(action=make_action(round=open_round))

    assert not ImprovementAction.objects.exists()
