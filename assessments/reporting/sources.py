"""What a report is made of, read from the database once: the released figures (releases.py),
the consensus, the respondent counts and the actions of a round and of the round before it.

build_report works from one Sources, so a report is read in a fixed number of small queries
whatever the number of respondents: no answer is read on a request (a toelichting only where
it is shown, releases.py).
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import timezone

from bouwstenen.snapshot import ModelTexts

from ..actions.selectors import report_action_values
from ..rounds.models import Respondent, Round
from ..rounds.selectors import response_by_rol_grouped, response_groups
from .models import Consensus
from .releases import ReleaseFigures, round_release
from .stats import BouwsteenStats
from .tussenstand import Released, tussenstand_released


class Agreed(NamedTuple):
    """The consensus on one bouwsteen: the level the team agreed and its toelichting."""

    level: int
    toelichting: str


@dataclass
class Inputs:
    """The released figures and the consensus of one round."""

    figures: ReleaseFigures
    consensus: dict[int, Agreed]  # by bouwsteen id

    def consensus_levels(self) -> dict[int, int]:
        return {key: agreed.level for key, agreed in self.consensus.items()}

    def stats(self, texts: ModelTexts) -> dict[int, BouwsteenStats]:
        """What may be shown per bouwsteen id of `texts`, in their order, with the consensus."""
        return self.figures.stats(
            [item.id for item in texts.bouwstenen],
            [rol.code for rol in texts.rollen],
            self.consensus_levels(),
        )


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
    tussenstand: Released | None = None  # an open round's tussenstand (its inputs.figures)
    # a closed round's actions recorded after it closed, as they are now (ACTION_FIELDS)
    actions_after_close: list[dict] = field(default_factory=list)


def read_inputs(round: Round, tussenstand: Released | None = None) -> Inputs:
    """The round's released figures (releases.round_release: one query once stored; an open
    round's are those of its `tussenstand`) and the consensus (one query)."""
    figures = round_release(round, tussenstand.tussenstand_id if tussenstand else None)
    consensus = {
        bouwsteen: Agreed(level, toelichting)
        for bouwsteen, level, toelichting in Consensus.objects.filter(round=round).values_list(
            "bouwsteen_id", "level", "toelichting"
        )
    }
    return Inputs(figures=figures, consensus=consensus)


def respondent_counts(round: Round, texts: ModelTexts) -> list[dict]:
    """The exact response per rol of `texts` and in total, counted as the dashboard counts it
    (rounds.selectors.response_by_rol), in one grouped query: a row per role, not per
    person."""
    groups = response_groups(Respondent.objects.filter(round=round))
    return response_by_rol_grouped(groups, texts.rollen)


def read_sources(round: Round) -> Sources:
    """Read the round's data: released figures, consensus, respondent counts, actions and the
    previous closed round (five queries), plus that round's released figures and consensus
    when there is one (two more). The texts come from the round's snapshot, so no query once opened.
    An open round's answers are those of its released tussenstand (see tussenstand.py). A
    closed round's actions, and the previous round's for the look back, are those frozen at
    closing (one query for both), with those recorded after closing apart (one more); an open
    round's are live."""
    texts = round.model_texts()
    tussenstand = tussenstand_released(round) if round.is_open else None
    previous = round.previous_closed()
    previous_texts = previous_inputs = None
    if previous:
        previous_texts = previous.model_texts()
        previous_inputs = read_inputs(previous)
    actions, previous_actions, actions_after_close = report_action_values(round, previous)
    return Sources(
        texts=texts,
        inputs=read_inputs(round, tussenstand),
        respondents=respondent_counts(round, texts),
        actions=actions,
        previous=previous,
        previous_texts=previous_texts,
        previous_inputs=previous_inputs,
        previous_actions=previous_actions,
        tussenstand=tussenstand,
        actions_after_close=actions_after_close,
    )


def report_date(round: Round):
    """The local date the report is of: the closing date, or today while the round runs."""
    return timezone.localdate(round.closed_at) if round.closed_at else timezone.localdate()
