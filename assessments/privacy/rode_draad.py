"""A rode draad as the exact attacker (attacker.py) sees it, and the check of everything a
coordinator has seen across several rounds: each round's own outputs, the rode draad over
them, and the organisation's other closed rounds (the organisation-wide one).

What a rode draad shows per part and bouwsteen (a median now and desired, hidden, not
asked, and what follows from those: knelpunten, differences) is read from that round's
stored final release (rodedraad/services.py). So each shown figure is taken here as the
whole distribution of that release over the round's counted people (stronger than the
medians the rode draad shows), and a hidden one as hidden; a figure that does not match its
release is an error (NotFromRelease), never skipped. Nothing is pooled across rounds, so
these observations are those the rounds' own final figures already made
(observations.final_observations): the check shows that laying them side by side pins
nobody.

People are respondents: someone who answered two scans (the same address twice) is two
respondents, whose answers about two parts need not be the same. The stronger attacker
(`linked=True`) takes them for one person who gave the same answers in every scan: then
laying the scans' own figures side by side can pin someone already, without any rode draad
(the intersection of what each scan allows); the check then shows what the rode draad adds
to that, which must be nothing."""

import time
from collections import defaultdict
from dataclasses import replace

from ..common.addresses import address_key
from ..reporting.disclosure import group_size
from ..reporting.models import StoredRelease
from ..reporting.releases import figures_from
from ..rodedraad.models import RodeDraad
from ..rounds.models import Respondent, Round
from .attacker import Observation, possible_levels, question_pins
from .check import QuestionCheck, RoundCheck
from .observations import FIELDS, _counts, known_answers, round_observations


class NotFromRelease(Exception):
    """A rode draad shows a figure its round's stored release does not hold."""


def rode_draad_observations(rode_draad: RodeDraad) -> list[Observation]:
    """What `rode_draad` showed, per part, bouwsteen and field, as observations of the
    counted people of the part's round. Three queries."""
    parts = rode_draad.figures["parts"]
    rounds = {item.pk: item for item in Round.objects.filter(pk__in=[p["round"] for p in parts])}
    releases = {
        item.pk: item for item in StoredRelease.objects.filter(pk__in=[p["release"] for p in parts])
    }
    people = defaultdict(set)
    for round_id, pk in Respondent.objects.filter(round__in=list(rounds), counted=True).values_list(
        "round_id", "pk"
    ):
        people[round_id].add(pk)
    observations = []
    for part in parts:
        round = rounds[part["round"]]
        ids = {item.number: item.id for item in round.model_texts().bouwstenen}
        release = releases[part["release"]]
        stored = {item["bouwsteen"]: item for item in release.figures["bouwstenen"]}
        size = group_size(release.min_group_size)
        for number, shown in part["figures"].items():
            if not shown["asked"]:
                continue  # "niet gevraagd" is the round's setting, not a figure about answers
            released = stored[ids[int(number)]]
            current = figures_from(released["current"])
            if shown["hidden"] != current.hidden or (
                not shown["hidden"] and shown["current"] != current.median
            ):
                raise NotFromRelease(f"{rode_draad} {part['name']} {number}")
            for field in FIELDS:
                observations.append(
                    Observation(
                        (ids[int(number)], field),
                        frozenset(people[round.pk]),
                        _counts(figures_from(released[field])),
                        size,
                        f"rode draad {rode_draad.pk}, {part['name']} ({field})",
                    )
                )
    return observations


def organisation_rounds(rode_draad: RodeDraad) -> list[Round]:
    """The rode draad's rounds and the organisation's other closed rounds of the same model
    (the organisation-wide scan among them): what one coordinator can lay side by side."""
    lineage = rode_draad.figures["lineage"]
    return list(
        Round.objects.filter(organisation_id=rode_draad.organisation_id)
        .filter(framework__lineage=lineage)
        .filter(status__in=[Round.Status.ANSWERS_CLOSED, Round.Status.CLOSED])
        .select_related("organisation")
        .order_by("pk")
    )


def same_people(rounds: list[Round]) -> dict[int, int]:
    """Per respondent of `rounds`, the first respondent with the same address: one person
    who answered several of the scans. One query."""
    first: dict[str, int] = {}
    result = {}
    respondents = Respondent.objects.filter(round__in=rounds).order_by("pk")
    for pk, email in respondents.values_list("pk", "email"):
        key = address_key(email) or f"#{pk}"
        result[pk] = first.setdefault(key, pk)
    return result


def _linked(observations: list[Observation], people: dict[int, int]) -> list[Observation]:
    return [
        replace(item, people=frozenset(people.get(pk, pk) for pk in item.people))
        for item in observations
    ]


def rode_draad_check(
    rode_draad: RodeDraad,
    extra: list[Observation] = (),
    *,
    linked: bool = False,
    with_rode_draad: bool = True,
) -> RoundCheck:
    """Run the attacker on every question over all of organisation_rounds' outputs, the
    rode draad's (unless not `with_rode_draad`) and `extra` (a test's leaky figure)
    together; with `linked`, one person per address (same_people). Raises
    attacker.Inconsistent when `linked` and someone answered two scans differently."""
    started = time.monotonic()
    rounds = organisation_rounds(rode_draad)
    observations, releases = [], 1  # the rode draad, and every release of every round
    for round in rounds:
        found = round_observations(round)
        # a bouwsteen the round did not ask is shown as "niet gevraagd": no figure at all
        unasked = {
            item.id for item in round.model_texts().bouwstenen if not round.asks(item.number)
        }
        observations += [item for item in found if item.question[0] not in unasked]
        releases += len({item.source.split(" (")[0].split(",")[0] for item in found})
    if with_rode_draad:
        observations += rode_draad_observations(rode_draad)
    observations += list(extra)
    people = same_people(rounds) if linked else {}
    observations = _linked(observations, people)
    known = defaultdict(dict)
    for round in rounds:
        for question, answers in known_answers(round).items():
            known[question].update({people.get(pk, pk): level for pk, level in answers.items()})
    titles = {}
    for round in rounds:
        for item in round.model_texts().bouwstenen:
            titles[item.id] = (item.number, item.short_title or item.title)
    by_question = defaultdict(list)
    for item in observations:
        by_question[item.question].append(item)
    results = []
    for question in sorted(by_question):
        items = by_question[question]
        finding = possible_levels(question, items, known.get(question, {}))
        found = question_pins(finding, items)
        exempt = sum(pin.exempt for pin in found)
        number, title = titles.get(question[0], (question[0], ""))
        results.append(
            QuestionCheck(
                number=number,
                title=title,
                field=question[1],
                people=len(finding.possible),
                pinned=len(found) - exempt,
                unanimous=exempt,
                decided=finding.decided,
            )
        )
    return RoundCheck(
        questions=results,
        releases=releases,
        seconds=time.monotonic() - started,
    )
