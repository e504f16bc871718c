"""The invariant of disclosure.summary, attacked: whatever an observer can see of the
leernetwerk (every release it could keep, its own figures, a begeleider's clients' figures,
who was in which group), no other organisation's figure has a single possible value, nor does
any position of a group's figures it does not know ("the other four are 2, 2, 2 and 4").
Hypothesis generates leernetwerken (sizes, types and size classes, profile changes, joins,
leaves, withdrawals, several releases) played through the real rules (plan_release, summary);
the solver (exact_attacker.py) reads every figure it can. Breaks if a shown group says more
than the bands of a few ranks.

Legitimately known, so never counted as read: the observer's own figures, and a begeleider's
clients' figures (a begeleider reads their reports)."""

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from assessments.benchmark.disclosure import (
    ALL,
    DEFAULT_K,
    MIN_K,
    Contribution,
    groups_of,
    summary,
)

from .attack import Publisher
from .exact_attacker import Statement, pinned, statements_of

FIGURES = [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]
TYPES = ["gemeente", "waterschap"]
SIZES = ["s", "m", None]
BOUWSTENEN = (("borgingshuis", 1), ("borgingshuis", 2))


@st.composite
def organisation(draw):
    return {
        "type": draw(st.sampled_from(TYPES)),
        "size": draw(st.sampled_from(SIZES)),
        "figures": {b: draw(st.sampled_from(FIGURES)) for b in BOUWSTENEN},
        "in": draw(st.booleans().map(lambda drop: not drop) | st.just(True)),
    }


EVENT = st.tuples(
    st.integers(0, 19),  # which organisation (one not there yet joins)
    st.sampled_from(["join", "leave", "profile", "figure", "withdraw"]),
    st.sampled_from(FIGURES),
    st.sampled_from(TYPES),
    st.sampled_from(SIZES),
    st.sampled_from(BOUWSTENEN),
)


@st.composite
def leernetwerk(draw, k):
    """A sequence of states (each: who contributes what) with the releases the real rules
    made of them: [(planned groups, contributions)]."""
    world = {n: draw(organisation()) for n in range(draw(st.integers(k, 16)))}
    publisher = Publisher(k)
    releases = []
    for step in range(draw(st.integers(1, 4))):
        if step:
            for who, kind, figure, type_, size, bouwsteen in draw(
                st.lists(EVENT, min_size=k, max_size=14)
            ):
                org = world.setdefault(
                    who,
                    {
                        "type": type_,
                        "size": size,
                        "in": False,
                        "figures": dict.fromkeys(BOUWSTENEN, figure),
                    },
                )
                if kind == "join":
                    org["in"] = True
                elif kind == "leave":
                    org["in"] = False
                elif kind == "profile":
                    org["type"], org["size"] = type_, size
                elif kind == "figure":
                    org["figures"][bouwsteen] = figure
                else:  # its round's report no longer shows this figure
                    org["figures"][bouwsteen] = None
        contributions = {
            n: Contribution(
                org["type"],
                org["size"],
                {b: f for b, f in org["figures"].items() if f is not None},
            )
            for n, org in world.items()
            if org["in"] and any(f is not None for f in org["figures"].values())
        }
        planned = publisher.run(contributions)
        if planned is not None:
            releases.append((planned, contributions))
    return releases


def observe(releases, observer: set, *, public: bool):
    """Per bouwsteen what the observer (the organisations whose figures it knows: a member,
    or a begeleider's clients; none for an outsider) can see: the statements of every group
    shown to it, the figures (keyed (organisation, release)), and how each organisation's
    figure compares between releases."""
    seen = {}
    for index, (planned, contributions) in enumerate(releases):
        visible = {ALL} if public else set()
        for org in observer & contributions.keys():
            visible |= set(groups_of(contributions[org].type, contributions[org].size))
        for bouwsteen, groups in planned.items():
            statements, truth = seen.setdefault(bouwsteen, ([], {}))
            for key, content in groups.items():
                if key in visible:
                    keys = [(org, index) for org in sorted(content)]
                    statements.extend(statements_of(keys, summary(content.values())))
                    truth.update({(org, index): figure for org, figure in content.items()})
    for bouwsteen, (statements, truth) in seen.items():
        known = {key for key in truth if key[0] in observer}
        same = [
            (a, b, truth[a] == truth[b])
            for a in truth
            for b in truth
            if a[0] == b[0] and a[1] < b[1]
        ]
        yield bouwsteen, statements, truth, known, same


def read_figures(releases, observer: set, *, public: bool) -> list:
    return [
        (bouwsteen, pin)
        for bouwsteen, statements, truth, known, same in observe(releases, observer, public=public)
        for pin in pinned(statements, truth, known=known, same=same)
    ]


def observers(draw, releases):
    ever = sorted({org for _planned, contributions in releases for org in contributions})
    member = {draw(st.sampled_from(ever))} if ever else set()
    clients = set(draw(st.lists(st.sampled_from(ever), min_size=2, max_size=4))) if ever else set()
    return {"member": member, "begeleider": clients, "outsider": set()}


@pytest.mark.parametrize("k", [DEFAULT_K, MIN_K])
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_observer_reads_a_figure_of_another_organisation(k, data):
    releases = data.draw(leernetwerk(k))
    public = data.draw(st.booleans())
    event(f"releases: {len(releases)}")
    shown = [
        content for planned, _c in releases for g in planned.values() for content in g.values()
    ]
    event(f"largest group shown: {max((len(c) for c in shown), default=0) // 5 * 5}+")
    for name, observer in observers(data.draw, releases).items():
        read = read_figures(releases, observer, public=public or name == "outsider")
        assert read == [], (name, observer, read)


def test_the_attacker_reads_a_group_of_three_shown_as_lowest_middle_highest():
    """The solver is not blind: the old display (P25, median and P75 of three are their
    lowest, middle and highest figure) gives a member both others' figures."""
    truth = {"own": 3.0, "a": 2.0, "b": 4.0}
    keys = tuple(truth)
    exact = [
        Statement(keys, rank, figure, figure) for rank, figure in ((1, 2.0), (2, 3.0), (3, 4.0))
    ]
    read = pinned(exact, truth, known={"own"})
    assert sorted(pin.figure for pin in read) == [2.0, 4.0]


def test_the_attacker_reads_the_others_when_a_median_band_holds_one_figure():
    """A band of one figure would pin: the median of three at exactly 5, seen by a member at
    1, says both others are 5."""
    truth = {"own": 1.0, "a": 5.0, "b": 5.0}
    read = pinned([Statement(tuple(truth), 2, 5.0, 5.0)], truth, known={"own"})
    assert {pin.key for pin in read if pin.key} == {"a", "b"}


def test_the_attacker_links_an_organisation_over_releases():
    """Knowing that a figure stayed the same carries a pin from one release to the next."""
    truth = {("a", 0): 2.0, ("a", 1): 2.0, ("own", 0): 3.0, ("b", 1): 4.0}
    statements = [
        Statement((("a", 0), ("own", 0)), 1, 2.0, 2.0),  # exact lowest of two
        Statement((("a", 1), ("b", 1)), 2, 4.0, 4.0),
    ]
    read = pinned(statements, truth, known={("own", 0)}, same=[(("a", 0), ("a", 1), True)])
    assert {pin.key for pin in read if pin.key} == {("a", 0), ("a", 1), ("b", 1)}


def test_a_median_band_of_three_pins_nothing_even_for_a_begeleider_of_two():
    truth = {"own": 1.0, "client": 1.0, "other": 5.0}
    shown = summary(truth.values())
    assert pinned(statements_of(tuple(truth), shown), truth, known={"own", "client"}) == []
