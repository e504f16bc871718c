"""The begeleider's overview: per linked organisation its current round (stage, response per
role, deadline), its last closed round's headline figures and its overdue actions. A constant
number of queries, whatever the number of organisations (seven to nine)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from bouwstenen.models import Rol

from ..actions.models import ImprovementAction
from ..benchmark.selectors import round_stats
from ..organisations.models import Organisation
from ..reporting import stats
from ..reporting.text import level_text, signed_text
from ..rounds.models import Respondent, Round
from ..rounds.selectors import response_by_rol


@dataclass(frozen=True)
class OrganisationOverview:
    organisation: Organisation
    current: Round | None  # the newest round that is not closed
    response: list[dict]  # response_by_rol of the current round ([] without one)
    last_closed: Round | None
    level: float | None  # the borgingsniveau, the ambition and the gap, as the report has them
    desired: float | None
    gap: float | None
    overdue: int

    @property
    def level_text(self) -> str:
        return level_text(self.level)

    @property
    def desired_text(self) -> str:
        return level_text(self.desired)

    @property
    def gap_text(self) -> str:
        return signed_text(self.gap)


def begeleider_overview(
    organisations: list[Organisation], today: datetime.date
) -> list[OrganisationOverview]:
    """The overview rows of `organisations`, in their order."""
    ids = [organisation.pk for organisation in organisations]
    rounds = list(Round.objects.filter(organisation_id__in=ids).order_by("-created_at", "-pk"))
    current, last_closed = {}, {}
    for round in rounds:
        if round.is_closed and round.onderdeel_id is None:
            # the organisation's borgingsniveau: of its whole-organisation scans, never a
            # part's (rounds/scope.py)
            best = last_closed.get(round.organisation_id)
            if best is None or (round.closed_at or round.created_at) > (
                best.closed_at or best.created_at
            ):
                last_closed[round.organisation_id] = round
        else:
            current.setdefault(round.organisation_id, round)
    people: dict[int, list] = {round.pk: [] for round in current.values()}
    for respondent in Respondent.objects.filter(round__in=list(current.values())).only(
        "round_id", "rol_id", "invited_rol_id", "revoked_at", "submitted_at", "last_step"
    ):
        people[respondent.round_id].append(respondent)
    # a concept round has no snapshot yet: its model's roles, read once for all of them
    rollen: dict[int, list] = {}
    for rol in Rol.objects.filter(
        framework_id__in={r.framework_id for r in current.values() if not r.snapshot}
    ):
        rollen.setdefault(rol.framework_id, []).append(rol)
    figures = round_stats(Round.objects.filter(pk__in=[r.pk for r in last_closed.values()]))
    overdue = dict(
        Organisation.objects.filter(pk__in=ids)
        .annotate(
            late=Count(
                "rounds__actions",
                filter=Q(
                    rounds__actions__carried_to__isnull=True,
                    rounds__actions__due_date__lt=today,
                    rounds__actions__status__in=ImprovementAction.UNFINISHED,
                ),
            )
        )
        .values_list("pk", "late")
    )
    result = []
    for organisation in organisations:
        round = current.get(organisation.pk)
        closed = last_closed.get(organisation.pk)
        overall = stats.group_figures(figures.get(closed.pk, {}).values()) if closed else None
        result.append(
            OrganisationOverview(
                organisation=organisation,
                current=round,
                response=response_by_rol(
                    people[round.pk],
                    round.model_texts().rollen
                    if round.snapshot
                    else rollen.get(round.framework_id, []),
                )
                if round
                else [],
                last_closed=closed,
                level=overall.level if overall else None,
                desired=overall.desired if overall else None,
                gap=overall.gap if overall else None,
                overdue=overdue.get(organisation.pk, 0),
            )
        )
    return result
