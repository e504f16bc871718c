"""The privacy check of one round: the exact attacker (attacker.py) run on everything its
outputs have shown so far (observations.py), per bouwsteen. What `manage.py privacy_check`
prints."""

import time
from dataclasses import dataclass

from ..rounds.models import Round
from .attacker import possible_levels, question_pins
from .observations import FIELDS, known_answers, round_observations


@dataclass(frozen=True)
class QuestionCheck:
    """One bouwsteen's current or desired level: how many people's level the outputs pin
    down (`pinned`, leaks), how many only because their whole group gave that level
    (`unanimous`, by design), and whether the solver decided everything in time."""

    number: int
    title: str
    field: str
    people: int
    pinned: int
    unanimous: int
    decided: bool


@dataclass(frozen=True)
class RoundCheck:
    questions: list[QuestionCheck]
    releases: int  # tussenstanden, plus the final figures once answering closed
    seconds: float

    @property
    def pinned(self) -> int:
        return sum(item.pinned for item in self.questions)

    @property
    def decided(self) -> bool:
        return all(item.decided for item in self.questions)


def round_check(round: Round) -> RoundCheck:
    """Run the attacker on every question of `round` (bouwsteen by bouwsteen: the questions
    share no unknowns, so each is a small solve of its own)."""
    started = time.monotonic()
    observations = round_observations(round)
    known = known_answers(round)
    texts = round.model_texts()
    results = []
    for bouwsteen in texts.bouwstenen:
        for field in FIELDS:
            question = (bouwsteen.id, field)
            items = [item for item in observations if item.question == question]
            finding = possible_levels(question, items, known.get(question, {}))
            found = question_pins(finding, items)
            exempt = sum(pin.exempt for pin in found)
            results.append(
                QuestionCheck(
                    number=bouwsteen.number,
                    title=bouwsteen.short_title or bouwsteen.title,
                    field=field,
                    people=len(finding.possible),
                    pinned=len(found) - exempt,
                    unanimous=exempt,
                    decided=finding.decided,
                )
            )
    sources = {item.source.split(" (")[0].split(",")[0] for item in observations}
    return RoundCheck(questions=results, releases=len(sources), seconds=time.monotonic() - started)
