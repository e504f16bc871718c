"""The demo's action plan: the actions each round closed with, and the year after closing as
the updates that moved them on. An action is a tuple as in `timeline`."""

import datetime

from django.contrib.auth.models import AbstractBaseUser

from assessments.demo.backdate import moment
from assessments.models import ActionUpdate, ImprovementAction, Round
from bouwstenen.models import Bouwsteen, Rol


def actions_at_closing(
    *,
    round: Round,
    actions: list,
    bouwstenen: dict[int, Bouwsteen],
    rollen: dict[str, Rol],
    carried: dict[int, ImprovementAction],
    author: AbstractBaseUser,
    closed_on: datetime.date,
) -> dict[int, ImprovementAction]:
    """Create the round's `actions` as they stood at closing, each with its first update dated
    `closed_on`; an action on a bouwsteen in `carried` continues that earlier action. Returns
    them by bouwsteen number."""
    created = {}
    for number, title, line, owner, owner_name, due, status, _steps in actions:
        created[number] = ImprovementAction.objects.create(
            round=round,
            bouwsteen=bouwstenen[number],
            title=title,
            line=line,
            owner_rol=rollen[owner],
            owner_name=owner_name,
            due_date=due,
            status=status,
            carried_from=carried.get(number),
        )
        ActionUpdate.objects.create(
            action=created[number], status=status, author=author, created_at=moment(closed_on)
        )
    return created


def actions_progress(
    *, actions: list, created: dict[int, ImprovementAction], author: AbstractBaseUser
) -> None:
    """Record the year after closing: each step of `actions` an update on its day; an action
    ends at the status of its last step that sets one."""
    for number, *_fields, steps in actions:
        action = created[number]
        for day, new_status, note in steps:
            ActionUpdate.objects.create(
                action=action,
                status=new_status,
                note=note,
                author=author,
                created_at=moment(day),
            )
            if new_status:
                action.status = new_status
        action.save(update_fields=["status"])
