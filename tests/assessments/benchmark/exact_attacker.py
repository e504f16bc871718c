"""The exact attacker of the leernetwerk figures: from everything an observer can see (every
release it could keep, the figures it legitimately knows, who was in which group), which
organisations' figures have a single possible value? A constraint solver (OR-Tools CP-SAT)
answers exactly, over the figures the scale allows (its half steps 1 to 5).

What a shown group says is a list of `Statement`s: "the figure at rank r (1 = lowest) of these
n figures lies between low and high" (disclosure.summary: the median's band, and from 10
organisations the bands of P25 and P75). That is exactly "at least r of them are at most
high, and at least n - r + 1 at least low", which is how the solver reads it.

The attacker is stronger than any real observer, so that 0 for it means 0 for them: it knows
every member of every group it sees (a report shows only the count), and for every
organisation whether its figure stayed the same or changed between any two releases."""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from assessments.benchmark.disclosure import band_bounds, rank

# figures as whole numbers of half steps: 1.0 -> 2, 5.0 -> 10
LOWEST, HIGHEST = 2, 10


def half_steps(figure: float) -> int:
    return round(figure * 2)


@dataclass(frozen=True)
class Statement:
    """The figure at rank `rank` of the figures `keys` lies in [low, high]."""

    keys: tuple[Hashable, ...]
    rank: int
    low: float
    high: float


def statements_of(keys: Iterable[Hashable], shown: Mapping) -> list[Statement]:
    """What one shown group's summary (disclosure.summary) says about its figures `keys`."""
    keys = tuple(keys)
    assert shown["count"] == len(keys)
    result = []
    for statistic in ("p25", "median", "p75"):
        if statistic in shown:
            low, high = band_bounds(shown[statistic])
            result.append(Statement(keys, rank(statistic, len(keys)), low, high))
    return result


@dataclass(frozen=True)
class Pin:
    """A figure the observer can read: one organisation's (`key`), or in the group `group`
    the `position`-th lowest of the figures it does not know (as "the other four are 2, 2, 2
    and 4", which pins every position without saying who is who)."""

    figure: float
    key: Hashable = None
    group: tuple = ()
    position: int = 0


def pinned(
    statements: Iterable[Statement],
    truth: Mapping[Hashable, float],
    *,
    known: Iterable[Hashable] = (),
    same: Iterable[tuple[Hashable, Hashable, bool]] = (),
) -> list[Pin]:
    """Every figure with a single possible value that the observer does not know already:
    each organisation's, and in each group (the keys of a statement) each position of the
    sorted figures it does not know. `truth` holds every figure (one solution the observer
    cannot tell from the others: the real one); `known` the keys the observer knows (its own
    figures); `same` links two keys (one organisation in two releases) as equal (True) or
    different (False)."""
    statements = list(statements)
    known = set(known)
    model = cp_model.CpModel()
    keys = sorted(truth, key=repr)
    figure = {
        key: model.new_int_var(LOWEST, HIGHEST, f"x{index}") for index, key in enumerate(keys)
    }
    for key in known:
        model.add(figure[key] == half_steps(truth[key]))
    for a, b, equal in same:
        if equal:
            model.add(figure[a] == figure[b])
        else:
            model.add(figure[a] != figure[b])
    at_most: dict = {}
    at_least: dict = {}

    def is_at_most(key, bound):
        if (key, bound) not in at_most:
            flag = model.new_bool_var("")
            model.add(figure[key] <= bound).only_enforce_if(flag)
            model.add(figure[key] > bound).only_enforce_if(~flag)
            at_most[key, bound] = flag
        return at_most[key, bound]

    def is_at_least(key, bound):
        if (key, bound) not in at_least:
            flag = model.new_bool_var("")
            model.add(figure[key] >= bound).only_enforce_if(flag)
            model.add(figure[key] < bound).only_enforce_if(~flag)
            at_least[key, bound] = flag
        return at_least[key, bound]

    for statement in statements:
        low, high = half_steps(statement.low), half_steps(statement.high)
        count = len(statement.keys)
        model.add(sum(is_at_most(key, high) for key in statement.keys) >= statement.rank)
        model.add(
            sum(is_at_least(key, low) for key in statement.keys) >= count - statement.rank + 1
        )
    solutions = [{key: half_steps(value) for key, value in truth.items()}]
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1

    def another_solution(probe) -> bool:
        model.clear_assumptions()
        model.add_assumptions([probe])
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solutions.append({key: solver.value(variable) for key, variable in figure.items()})
            return True
        assert status == cp_model.INFEASIBLE, solver.status_name(status)
        return False

    pins = []
    for key in keys:
        value = solutions[0][key]
        if key in known or any(solution[key] != value for solution in solutions):
            continue
        probe = model.new_bool_var("")
        model.add(figure[key] != value).only_enforce_if(probe)
        if not another_solution(probe):
            pins.append(Pin(truth[key], key=key))
    groups = {tuple(sorted(set(statement.keys) - known, key=repr)) for statement in statements}
    for group in sorted(groups, key=repr):
        for position in range(1, len(group) + 1):

            def lowest(solution, group=group, position=position):
                return sorted(solution[key] for key in group)[position - 1]

            value = lowest(solutions[0])
            if any(lowest(solution) != value for solution in solutions):
                continue
            # another value at this position: fewer than `position` at most `value`, or at
            # least `position` below it
            probe, fewer, more = (model.new_bool_var("") for _ in range(3))
            model.add(sum(is_at_most(key, value) for key in group) < position).only_enforce_if(
                fewer
            )
            model.add(sum(is_at_most(key, value - 1) for key in group) >= position).only_enforce_if(
                more
            )
            model.add_bool_or([fewer, more]).only_enforce_if(probe)
            if not another_solution(probe):
                pins.append(Pin(value / 2, group=group, position=position))
    return pins
