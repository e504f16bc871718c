"""What a report is made of, read from the database once: the answers, the consensus, the
respondent counts and the actions of a round and of the round before it.

Both the fingerprint (is the cached PDF still right?) and build_report work from one Sources,
so a report is read in a fixed number of queries whatever the number of respondents.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.utils import timezone

from bouwstenen.snapshot import ModelTexts

from ..actions.selectors import report_action_values
from ..questionnaire.models import Answer
from ..rounds.models import Respondent, Round, Tussenstand
from ..rounds.selectors import response_by_rol
from .disclosure import INSIDER
from .models import Consensus
from .stats import AnswerRow
from .tussenstand import Released, tussenstand_released


class Agreed(NamedTuple):
    """The consensus on one bouwsteen: the level the team agreed and its toelichting."""

    level: int
    toelichting: str


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
    respondents: list[dict]  # per rol and in total, see respondent_counts
    actions: list[dict]  # values of ACTION_FIELDS, by due date (as at closing once closed)
    previous: Round | None
    previous_texts: ModelTexts | None
    previous_inputs: Inputs | None
    previous_actions: list[dict]  # values of PREVIOUS_ACTION_FIELDS, by due date
    tussenstand: Released | None = None  # an open round's released figures (its inputs.rows)

    @property
    def with_roles(self) -> bool:
        """Role figures and toelichtingen are shown, except in a tussenstand."""
        return self.tussenstand is None


def release_batches(round: Round) -> dict[int, int]:
    """Per respondent in a released tussenstand of `round`, the batch they joined in (0 for
    the first); anyone counted later is in none (None: the batch of the close). One query."""
    batches: dict[int, int] = {}
    releases = Tussenstand.objects.filter(round=round).order_by("released_at", "pk")
    for index, people in enumerate(releases.values_list("respondent_ids", flat=True)):
        for person in people:
            batches.setdefault(person, index)
    return batches


def read_inputs(round: Round, texts: ModelTexts, rows: list[AnswerRow] | None = None) -> Inputs:
    """The answers in the round's figures (Answer.objects.for_report; one query, none when
    given the `rows`) and the consensus (one query). Roles are named by the codes in `texts`;
    a role not in them has code None. A coordinator of the organisation (an insider, see
    rounds/counting.py) has INSIDER: their answers count in the whole, never in a role, and
    never towards a group's size (disclosure.py). Once answering is closed each row says in
    which batch of the releases its person came (release_batches; one more query), so role
    figures never cut a batch (disclosure.batch_suppressed)."""
    codes = texts.rol_codes()
    if rows is None:
        answers = Answer.objects.for_report(round).order_by("bouwsteen_id", "respondent_id")
        batch = release_batches(round) if round.answers_frozen else {}
        rows = [
            AnswerRow(
                bouwsteen,
                INSIDER if insider else codes.get(rol_id),
                current,
                desired,
                text,
                batch.get(person),
            )
            for bouwsteen, person, rol_id, insider, current, desired, text in answers.values_list(
                "bouwsteen_id",
                "respondent_id",
                "respondent__rol_id",
                "respondent__insider",
                "current_level",
                "desired_level",
                "toelichting",
            )
        ]
    consensus = {
        bouwsteen: Agreed(level, toelichting)
        for bouwsteen, level, toelichting in Consensus.objects.filter(round=round).values_list(
            "bouwsteen_id", "level", "toelichting"
        )
    }
    return Inputs(rows=rows, consensus=consensus)


def respondent_counts(round: Round, texts: ModelTexts) -> list[dict]:
    """The exact response per rol of `texts` and in total, counted as the dashboard counts it
    (rounds.selectors.response_by_rol). One query."""
    people = Respondent.objects.filter(round=round).only(
        "rol_id", "invited_rol_id", "revoked_at", "submitted_at", "last_step"
    )
    return response_by_rol(people, texts.rollen)


def read_sources(round: Round) -> Sources:
    """Read the round's data: answers, consensus, respondent counts, actions and the previous
    closed round (five queries), plus that round's answers, consensus and actions when there
    is one (three more). The texts come from the round's snapshot, so no query once opened.
    An open round's answers are those of its released tussenstand (see tussenstand.py). A
    closed round's actions, and the previous round's for the look back, are those frozen at
    closing (one query for both); an open round's are live."""
    texts = round.model_texts()
    tussenstand = tussenstand_released(round) if round.is_open else None
    previous = round.previous_closed()
    previous_texts = previous_inputs = None
    if previous:
        previous_texts = previous.model_texts()
        previous_inputs = read_inputs(previous, previous_texts)
    actions, previous_actions = report_action_values(round, previous)
    return Sources(
        texts=texts,
        inputs=read_inputs(round, texts, tussenstand.rows if tussenstand else None),
        respondents=respondent_counts(round, texts),
        actions=actions,
        previous=previous,
        previous_texts=previous_texts,
        previous_inputs=previous_inputs,
        previous_actions=previous_actions,
        tussenstand=tussenstand,
    )


def report_date(round: Round):
    """The local date the report is of: the closing date, or today while the round runs."""
    return timezone.localdate(round.closed_at) if round.closed_at else timezone.localdate()
