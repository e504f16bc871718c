"""The figures of an open round: never live, only a released tussenstand.

While a round is open, every figure about answers (page, PDF, CSV, consensus page) comes from
the latest tussenstand: the answers of the people who had sent when it was released, frozen
then. A new tussenstand is released (on the next read of a report) only when at least the
round's group size of people other than the coordinators sent since the last one, and it adds
exactly their answers to the frozen ones: a link in the chain of releases whose invariant
rounds/counting.py states (nobody leaves, nobody joins alone, the coordinators' own answers
count nowhere). So one more send, revoking or reinstating a link, or erasing personal data never
changes a figure: the figures change only by a batch of at least the group size, together.
A tussenstand shows no role figures and no toelichtingen (disclosure.py, with_roles=False):
those come with the final report when the round closes.
"""

from dataclasses import dataclass

from django.db import transaction

from ..questionnaire.models import Answer
from ..rounds.counting import group_size, next_release
from ..rounds.locking import lock_round
from ..rounds.models import Round
from ..rounds.selectors import sent_since
from ..rounds.tussenstanden import Tussenstand
from .releases import tussenstand_release_store


@dataclass(frozen=True)
class Released:
    """Which tussenstand the round shows (its figures: releases.py) and when it was released;
    `respondents` is how many people are in it."""

    tussenstand_id: int | None  # None before the first release
    released_at: object  # a datetime, None before the first release
    respondents: int


def tussenstand_released(round: Round) -> Released:
    """The latest tussenstand of the open `round`, releasing a new one first when at least
    its group size of active respondents other than the coordinators (rounds/selectors.
    sent_since) sent since the last one (or since opening): counting.next_release. Four
    queries, two more to release (and the release's figures stored, releases.py); the same
    whatever the number of respondents. The released answers themselves are read only to
    release a new one."""
    with transaction.atomic():
        # one release at a time per round: a second reader waits and then finds it
        lock_round(round.pk)
        latest = Tussenstand.objects.filter(round=round).defer("rows").first()
        released_ids = set(latest.respondent_ids) if latest else set()
        people = next_release(
            released_ids, sent_since(round, released_ids), group_size(round.min_group_size)
        )
        new = people - released_ids
        if new:
            rows = list(latest.rows) if latest else []
            rows += [
                list(values)
                for values in Answer.objects.filter(respondent_id__in=new).values_list(
                    "bouwsteen_id", "current_level", "desired_level"
                )
            ]
            latest = Tussenstand.objects.create(
                round=round,
                respondent_ids=sorted(people),
                rows=sorted(
                    rows, key=lambda row: [-1 if value is None else value for value in row]
                ),
            )
            tussenstand_release_store(round, latest)
    if latest is None:
        return Released(tussenstand_id=None, released_at=None, respondents=0)
    return Released(
        tussenstand_id=latest.pk,
        released_at=latest.released_at,
        respondents=len(latest.respondent_ids),
    )
