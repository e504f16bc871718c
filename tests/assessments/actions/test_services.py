"""Saving, updating and deleting an action, checked on the services: the plan lives on after
its round closes, while the round keeps its list as at closing."""

import pytest

from assessments.actions.services import action_delete, action_save
from assessments.models import ActionsAtClose, ImprovementAction
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


def test_action_save_after_closing_changes_the_action_not_the_frozen_list(open_round):
    action = make_action(round=open_round, title="Training")
    round_close(round=open_round)
    action.title = "Gewijzigd"

    action_save(action=action)

    assert ImprovementAction.objects.get().title == "Gewijzigd"
    assert [a["title"] for a in ActionsAtClose.objects.get(round=open_round).actions] == [
        "Training"
    ]


def test_action_delete_removes_an_action_of_an_open_round(open_round):
    action_delete(action=make_action(round=open_round))

    assert not ImprovementAction.objects.exists()
