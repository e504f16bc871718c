"""What a report is made of, read from the database once: the answers, the consensus, the
respondent counts and the actions of a round and of the round before it.

Both the fingerprint (is the cached PDF still right?) and build_report work from one Sources,
so a report is read in a fixed number of queries whatever the number of respondents.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Q
from django.utils import timezone

from bouwstenen.snapshot import ModelTexts

from ..actions.models import ImprovementAction
from ..questionnaire.models import Answer
from ..rounds.models import Respondent, Round
from .models import Consensus
from .stats import AnswerRow

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


class Agreed(NamedTuple):
    """The consensus on one bouwsteen: the level the team agreed and its toelichting."""

    level: int
    toelichting: str


class RolCount(NamedTuple):
    invited: int
    submitted: int


@dataclass
class Inputs:
    """The answers and the consensus of one round."""

    rows: list[AnswerRow]
    consensus: dict[int, Agreed]  # by bouwsteen id

    def consensus_levels(self) -> dict[int, int]:
        return {key: agreed.level for key, agreed in self.consensus.items()}


@dataclass
class Sources:
    """Everything read from the database for one report; its hash is the fingerprint."""

    texts: ModelTexts
    inputs: Inputs
    respondents: dict[str | None, RolCount]  # by rol code, see respondent_counts
    actions: list[dict]  # values of ACTION_FIELDS, by due date
    previous: Round | None
    previous_texts: ModelTexts | None
    previous_inputs: Inputs | None
    previous_actions: list[dict]  # values of PREVIOUS_ACTION_FIELDS, by due date


def read_inputs(round: Round, texts: ModelTexts) -> Inputs:
    """Answers of submitted, active respondents (one query) and the consensus (one query).
    Roles are named by the codes in `texts`; a role not in them has code None."""
    codes = texts.rol_codes()
    rows = [
        AnswerRow(bouwsteen, codes.get(rol_id), current, desired, toelichting)
        for bouwsteen, rol_id, current, desired, toelichting in Answer.objects.for_report(round)
        .filter(respondent__submitted_at__isnull=False)
        .order_by("bouwsteen_id", "respondent_id")
        .values_list(
            "bouwsteen_id", "respondent__rol_id", "current_level", "desired_level", "toelichting"
        )
    ]
    consensus = {
        bouwsteen: Agreed(level, toelichting)
        for bouwsteen, level, toelichting in Consensus.objects.filter(round=round).values_list(
            "bouwsteen_id", "level", "toelichting"
        )
    }
    return Inputs(rows=rows, consensus=consensus)


def respondent_counts(round: Round, texts: ModelTexts) -> dict[str | None, RolCount]:
    """Per role code in `texts` (None: role not chosen yet, or not in the texts) the invited and
    submitted active respondents. One query."""
    codes = texts.rol_codes()
    counts: dict[str | None, RolCount] = {}
    for row in (
        Respondent.objects.filter(round=round)
        .active()
        .values("rol_id")
        .annotate(invited=Count("id"), submitted=Count("id", filter=Q(submitted_at__isnull=False)))
        .order_by()
    ):
        code = codes.get(row["rol_id"])
        before = counts.get(code, RolCount(0, 0))
        counts[code] = RolCount(
            before.invited + row["invited"], before.submitted + row["submitted"]
        )
    return counts


def read_sources(round: Round) -> Sources:
    """Read the round's data: answers, consensus, respondent counts, actions and the previous
    closed round (five queries), plus that round's answers, consensus and actions when there
    is one (three more). The texts come from the round's snapshot, so no query once opened."""
    texts = round.model_texts()
    actions = list(
        ImprovementAction.objects.filter(round=round)
        .order_by("due_date", "id")
        .values(*ACTION_FIELDS)
    )
    previous = round.previous_closed()
    previous_texts = previous_inputs = None
    previous_actions = []
    if previous:
        previous_texts = previous.model_texts()
        previous_inputs = read_inputs(previous, previous_texts)
        previous_actions = list(
            ImprovementAction.objects.filter(round=previous)
            .order_by("due_date", "id")
            .values(*PREVIOUS_ACTION_FIELDS)
        )
    return Sources(
        texts=texts,
        inputs=read_inputs(round, texts),
        respondents=respondent_counts(round, texts),
        actions=actions,
        previous=previous,
        previous_texts=previous_texts,
        previous_inputs=previous_inputs,
        previous_actions=previous_actions,
    )


def report_date(round: Round):
    """The local date the report is of: the closing date, or today while the round runs."""
    return timezone.localdate(round.closed_at) if round.closed_at else timezone.localdate()
