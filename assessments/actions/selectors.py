"""Reads of the action plan that the report, the plan page and closing a round share, and
the scoping helper of an action (404 to whoever may not see it)."""

import datetime
from typing import NamedTuple

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from ..rounds.models import Round
from .models import ActionsAtClose, ActionUpdate, ImprovementAction


def get_action_for_coordinator(request, round, pk):
    """An action born in a round the user coordinates (round from get_round_for_coordinator),
    with its bouwsteen and owner role."""
    return get_object_or_404(
        ImprovementAction.objects.select_related("bouwsteen", "owner_rol", "round"),
        round=round,
        pk=pk,
    )


def model_history(round: Round):
    """The rounds whose open actions `round` may take over: the organisation's closed rounds
    on a version of the same model (the framework's lineage) about the same part
    (Round.objects.same_history), other than `round`, and closed before it when it is closed
    itself. A round of another model never counts: its bouwsteen numbers mean other things;
    nor does a round of another part: its actions belong to that part. A queryset (no query
    until read)."""
    history = Round.objects.closed().same_history(round)
    if round.closed_at:
        history = history.filter(closed_at__lt=round.closed_at)
    return history


def is_latest_of_model(round: Round) -> bool:
    """No round of the organisation on the same model about the same part was created after
    `round`: a closed round that is still the latest is where the plan goes on (one
    query)."""
    return not Round.objects.same_history(round).filter(created_at__gt=round.created_at).exists()


def carry_over_candidates(round: Round):
    """The open actions of the model's history (model_history) that `round` may take over:
    not done or dropped, and not already carried into any round (the copy is the live one).
    So an action of year 1 that nobody carried into year 2 still reaches year 3. A queryset,
    by the order of the rounds they are in."""
    return (
        ImprovementAction.objects.filter(
            round__in=model_history(round), status__in=ImprovementAction.UNFINISHED
        )
        .live()
        .order_by("round__closed_at", "bouwsteen__number", "due_date", "id")
    )


def carry_over_offer(round: Round) -> dict:
    """What the action list offers to carry over into `round`: `count` open actions of
    `rounds` (their names, oldest first), and `allowed`, false for a closed round that is no
    longer its model's latest (the plan goes on in the newer round). Two queries, three for a
    closed round."""
    allowed = not round.is_closed or is_latest_of_model(round)
    names = list(carry_over_candidates(round).values_list("round__name", flat=True))
    has_history = bool(names) or model_history(round).exists()
    return {
        "allowed": allowed,
        "count": len(names),
        "rounds": list(dict.fromkeys(names)),
        "has_history": has_history,
    }


# What the report shows of a round's actions, and of the previous round's for the look back.
ACTION_FIELDS = [
    "id",
    "bouwsteen_id",
    "title",
    "description",
    "line",
    "owner_rol_id",
    "owner_name",
    "due_date",
    "status",
    "carried_from_id",
]
PREVIOUS_ACTION_FIELDS = ["id", "bouwsteen_id", "title", "status"]


def live_action_values(round: Round, fields=ACTION_FIELDS) -> list[dict]:
    """The round's actions as they stand now, by due date (one query)."""
    return list(
        ImprovementAction.objects.filter(round=round).order_by("due_date", "id").values(*fields)
    )


class ReportActions(NamedTuple):
    """The actions a report of a round shows."""

    actions: list[dict]  # as frozen at closing for a closed round, else live
    previous_actions: list[dict]  # the previous round's, for the look back
    # A closed round's actions recorded after it closed (a consensus meeting's agreements
    # written down afterwards, actions carried in), as they are now: the report and its PDF
    # show them apart, so what the team agreed is in its borgingsrapport. [] for a round
    # that is not closed.
    after_close: list[dict]


def report_action_values(round: Round, previous: Round | None) -> ReportActions:
    """The actions a report of `round` shows, and those of `previous` for its look back: as
    frozen at closing for a closed round, plus those recorded after closing (two queries),
    live otherwise (one query each)."""
    if round.is_closed:
        frozen = ActionsAtClose.objects.filter(round=round).first()
        if frozen is not None:
            at_close = {action["id"] for action in frozen.actions}
            after_close = [a for a in live_action_values(round) if a["id"] not in at_close]
            return ReportActions(
                [_with_date(action) for action in frozen.actions],
                frozen.previous_actions,
                after_close,
            )
    previous_actions = live_action_values(previous, PREVIOUS_ACTION_FIELDS) if previous else []
    return ReportActions(live_action_values(round), previous_actions, [])


def _with_date(action: dict) -> dict:
    """JSON keeps the due date as text; the report reads a date."""
    due = action.get("due_date")
    return {**action, "due_date": datetime.date.fromisoformat(due) if due else None}


def organisation_plan(organisation) -> list[ImprovementAction]:
    """The organisation's live action plan over all its rounds (carried originals left out),
    with bouwsteen, owner, round, origin and the history newest first, and on each action
    `began_in`: the name of the round it began in, before any carrying over. Three queries,
    four when an action was carried over."""
    actions = list(
        ImprovementAction.objects.of_organisation(organisation)
        .live()
        .select_related("bouwsteen", "owner_rol", "round", "carried_from__round")
        .prefetch_related(
            "carried_to",
            Prefetch("updates", queryset=ActionUpdate.objects.select_related("author")),
        )
        .order_by("line", "due_date", "bouwsteen__number", "id")
    )
    origins = _origin_rounds(organisation) if any(a.carried_from_id for a in actions) else {}
    for action in actions:
        action.began_in = origins.get(action.pk, action.round.name)
    return actions


def _origin_rounds(organisation) -> dict[int, str]:
    """The name of the round each of the organisation's actions began in, by action id,
    following carried_from back to the first (one query)."""
    rows = list(
        ImprovementAction.objects.of_organisation(organisation).values_list(
            "id", "carried_from_id", "round__name"
        )
    )
    origin = {pk: carried_from for pk, carried_from, _name in rows}
    names = {pk: name for pk, _carried_from, name in rows}
    began = {}
    for pk in names:
        first, seen = pk, {pk}
        while origin.get(first) and origin[first] not in seen:  # a cycle cannot loop
            first = origin[first]
            seen.add(first)
        began[pk] = names[first]
    return began


def plan_overview(organisation, today: datetime.date) -> dict:
    """What the plan page and its PDF show on `today`: the live actions by line, marked
    overdue, and their counts. Three or four queries (organisation_plan)."""
    actions = organisation_plan(organisation)
    return {
        "organisation": organisation,
        "lines": by_line(actions),
        "action_count": len(actions),
        "overdue_count": mark_overdue(actions, today),
        "today": today,
    }


def mark_overdue(actions, today) -> int:
    """Set `overdue` on each action (read by the templates); returns how many are."""
    for action in actions:
        action.overdue = action.is_overdue(today)
    return sum(action.overdue for action in actions)


def by_line(actions) -> list[dict]:
    """The actions grouped by focus line, in the order of the lines; every line is listed,
    also an empty one."""
    return [
        {"value": value, "line": label, "actions": [a for a in actions if a.line == value]}
        for value, label in ImprovementAction.Line.choices
    ]
