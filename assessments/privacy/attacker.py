"""The exact attacker: what everything a coordinator has seen of a round's figures pins down
about one person's answer. Plain Python over a well-kept solver (OR-Tools CP-SAT).

**The invariant it checks** (rounds/counting.py, README "Privacy van de cijfers"): no
sequence of a coordinator's actions lets them derive one respondent's level on a bouwsteen,
except what a figure gives away by design: **a group of at least the group size who all
gave the same level shows that level for each of them**, where the group is a release, the
difference between two releases (at the group size in force when it joined), or people whom
no figure tells apart (the same releases, the same shown role or gemeente). Every other
pinned level is a leak.

The attacker is the strongest one: it knows exactly who is in every release (who sent when,
which the round page shows), the role of each person, and the answers of the coordinators
themselves (`known`). Each figure an output showed is taken as the whole distribution of
its people over the levels (stronger than the medians and spreads the outputs show), and a
hidden figure as what hiding says (fewer than the group size of them answered, or scored).
Toelichtingen and a role's being hidden are not used.

Per question (one bouwsteen's current or desired level) people who are in the same
observations are interchangeable, so the solver works on counts per such group of people,
not on people: a round of thousands of people is a few dozen variables per level.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

UNANSWERED = -1  # no level given (a desired level left open)
LEVELS = (UNANSWERED, 0, 1, 2, 3, 4, 5)  # 0 is "weet ik niet"
SOLVE_SECONDS = 20.0  # per solve; a question not decided within it is reported as such


class Inconsistent(Exception):
    """The observations contradict each other: the model of what was shown is wrong."""


@dataclass(frozen=True)
class Observation:
    """What one output showed about one question for a set of people: how many gave each
    level (`counts`, levels 0-5; the rest of `people` gave none), or None when the figure was
    hidden. `group_size` is the one in force; `known` people (coordinators) do not count
    towards it, as in reporting/disclosure.py."""

    question: Hashable
    people: frozenset[int]
    counts: Mapping[int, int] | None
    group_size: int
    source: str = ""

    def level_counts(self) -> dict[int, int]:
        """Every level of LEVELS with its count, UNANSWERED included."""
        counts = {level: self.counts.get(level, 0) for level in LEVELS if level != UNANSWERED}
        counts[UNANSWERED] = len(self.people) - sum(counts.values())
        return counts


@dataclass(frozen=True)
class Pin:
    """One person's level on one question, derived from the observations; `exempt` when a
    unanimous group of at least the group size gives it away by design."""

    question: Hashable
    person: int
    level: int
    exempt: bool


@dataclass
class Finding:
    """The attacker's result for one question: the levels still possible per person (not the
    known ones), and whether the solver decided every one within its time."""

    question: Hashable
    possible: dict[int, frozenset[int]] = field(default_factory=dict)
    decided: bool = True
    # per person: how many people no observation tells apart from them (them included), and
    # the largest group size in force where they were seen
    together: dict[int, int] = field(default_factory=dict)
    group_size: dict[int, int] = field(default_factory=dict)


def possible_levels(
    question: Hashable, observations: Iterable[Observation], known: Mapping[int, int]
) -> Finding:
    """For every person in the `observations` of `question` whose level is not `known`, the
    levels consistent with all of them. Raises Inconsistent when no answers fit at all."""
    from ortools.sat.python import cp_model  # a dev dependency; imported where it is needed

    observations = [item for item in observations if item.question == question]
    people = sorted(set().union(*(item.people for item in observations)))
    signature = {
        person: tuple(i for i, item in enumerate(observations) if person in item.people)
        for person in people
    }
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for person in people:
        groups[("known", person) if person in known else signature[person]].append(person)

    model = cp_model.CpModel()
    count = {
        (key, level): model.new_int_var(0, len(members), f"n{index}_{level}")
        for index, (key, members) in enumerate(groups.items())
        for level in LEVELS
    }
    for key, members in groups.items():
        model.add(sum(count[key, level] for level in LEVELS) == len(members))
        if key[0] == "known":
            model.add(count[key, known[key[1]]] == 1)
    for item in observations:
        inside = [key for key, members in groups.items() if members[0] in item.people]
        if item.counts is not None:
            for level, number in item.level_counts().items():
                model.add(sum(count[key, level] for key in inside) == number)
            continue
        # Hidden: 0 < answered < group size, or 0 < scored < group size (not the known).
        others = [key for key in inside if key[0] != "known"]
        answered = sum(count[key, level] for key in others for level in LEVELS if level >= 0)
        scored = sum(count[key, level] for key in others for level in LEVELS if level >= 1)
        reasons = []
        for total in (answered, scored):
            reason = model.new_bool_var("")
            model.add(total >= 1).only_enforce_if(reason)
            model.add(total <= item.group_size - 1).only_enforce_if(reason)
            reasons.append(reason)
        model.add_bool_or(reasons)

    # Find every (group, level) some solution allows: each solve maximises how many of the
    # ones not seen yet it shows at once, until none is left (or the best is none).
    can = {pair: model.new_bool_var("") for pair in count if pair[0][0] != "known"}
    for pair, literal in can.items():
        model.add(count[pair] >= 1).only_enforce_if(literal)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = SOLVE_SECONDS
    seen: set = set()
    decided = True
    while True:
        unseen = [pair for pair in can if pair not in seen]
        model.maximize(sum(can[pair] for pair in unseen))
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if not seen:
                raise Inconsistent(question)
            decided = status != cp_model.UNKNOWN
            break
        found = {pair for pair in unseen if solver.value(count[pair]) >= 1}
        seen |= found | {pair for pair in can if solver.value(count[pair]) >= 1}
        if not found:
            decided = status == cp_model.OPTIMAL
            break
    result = Finding(question=question, decided=decided)
    for key, members in groups.items():
        if key[0] == "known":
            continue
        levels = frozenset(level for level in LEVELS if (key, level) in seen)
        size = max(observations[index].group_size for index in key)
        for person in members:
            result.possible[person] = levels
            result.together[person] = len(members)
            result.group_size[person] = size
    return result


def unanimous_groups(observations: Iterable[Observation]) -> list[tuple[frozenset[int], int]]:
    """The groups whose figures are known and who all gave one level, with that level: the
    people of a shown observation, or the difference between two nested ones, each at least
    the group size."""
    shown = [item for item in observations if item.counts is not None]
    candidates = [(item.people, item.level_counts(), item.group_size) for item in shown]
    for small in shown:
        for large in shown:
            if small.people < large.people:
                low, high = small.level_counts(), large.level_counts()
                difference = {level: high[level] - low[level] for level in LEVELS}
                # the difference joined as a batch under the group size in force then: at least
                # the earlier release's (a size raised later re-judges nothing already shown)
                size = min(small.group_size, large.group_size)
                candidates.append((large.people - small.people, difference, size))
    found = []
    for people, counts, size in candidates:
        levels = [level for level, number in counts.items() if number]
        if len(people) >= size and len(levels) == 1:
            found.append((people, levels[0]))
    return found


def pins(
    observations: Iterable[Observation], known: Mapping[Hashable, Mapping[int, int]] | None = None
) -> list[Pin]:
    """Every level the observations pin down for a person whose answers are not known (per
    question: person to level, the coordinators' own), each marked exempt when a unanimous
    group gives it away by design (unanimous_groups). Raises Inconsistent as
    possible_levels does."""
    known = known or {}
    by_question = defaultdict(list)
    for item in observations:
        by_question[item.question].append(item)
    result = []
    for question, items in by_question.items():
        result += question_pins(possible_levels(question, items, known.get(question, {})), items)
    return result


def question_pins(finding: Finding, observations: Iterable[Observation]) -> list[Pin]:
    """The people of `finding` with one possible level left, each marked exempt when that is
    given away by design: a unanimous group of the `observations` holds them, or at least
    the group size of people whom no observation tells apart all gave that level."""
    unanimous = unanimous_groups(observations)
    result = []
    for person, levels in sorted(finding.possible.items()):
        if len(levels) == 1:
            (level,) = levels
            exempt = finding.together[person] >= finding.group_size[person] or any(
                person in people and level == agreed for people, agreed in unanimous
            )
            result.append(Pin(finding.question, person, level, exempt))
    return result
