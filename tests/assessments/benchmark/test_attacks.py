"""The organisation-level attack suite: what an observer who keeps every release can learn
about one organisation. In every scenario the number of organisations whose figure can be
singled out is 0."""

from assessments.benchmark.disclosure import GroupKey

from .attack import ALL, Publisher, exposed, org

K = 5


def test_one_organisation_joining_between_releases_is_not_readable():
    publisher = Publisher(K)
    base = {n: org(figure=float(1 + n % 5)) for n in range(8)}
    assert publisher.run(base) is not None
    # one joins: no new release at all (fewer than K joined, left or changed)
    assert publisher.run({**base, 99: org(figure=5.0)}) is None
    assert exposed(publisher.releases, K) == set()


def test_one_organisation_leaving_between_releases_is_not_readable():
    publisher = Publisher(K)
    base = {n: org(figure=float(1 + n % 5)) for n in range(8)}
    publisher.run(base)
    left = {n: c for n, c in base.items() if n != 3}
    assert publisher.run(left) is None
    assert exposed(publisher.releases, K) == set()


def test_k_joining_in_one_type_while_one_changes_in_another_hides_that_type():
    publisher = Publisher(K)
    gemeenten = {n: org("gemeente", "m", float(1 + n % 5)) for n in range(6)}
    waterschappen = {n: org("waterschap", "m", 3.0) for n in range(10, 16)}
    first = publisher.run({**gemeenten, **waterschappen})
    assert GroupKey("waterschap") in first[1]
    # five gemeenten join, one waterschap changes its figure
    joined = {n: org("gemeente", "m", 4.0) for n in range(20, 25)}
    changed = {**waterschappen, 10: org("waterschap", "m", 5.0)}
    second = publisher.run({**gemeenten, **joined, **changed})
    assert second is not None
    assert GroupKey("waterschap") not in second[1]  # 1 of its 6 changed
    assert exposed(publisher.releases, K) == set()


def test_overlapping_groups_do_not_single_out_anyone():
    publisher = Publisher(K)
    contributions = {
        **{n: org("gemeente", "m", float(1 + n % 5)) for n in range(5)},
        **{n: org("gemeente", "l", 3.0) for n in range(5, 11)},
        20: org("gemeente", "s", 1.0),  # alone in its size class
    }
    release = publisher.run(contributions)
    shown = set(release[1])
    # gemeente (12) and gemeente/l (6) and gemeente/m (5): the remainder of gemeente after
    # its shown size classes would be the one small municipality
    assert not ({GroupKey("gemeente", "m"), GroupKey("gemeente", "l")} <= shown)
    assert exposed(publisher.releases, K) == set()


def test_an_organisation_alone_in_its_size_class_is_never_shown_apart():
    publisher = Publisher(K)
    contributions = {n: org("provincie", "l", 3.0 + (n % 3) / 2) for n in range(7)}
    contributions[50] = org("provincie", "s", 1.0)
    release = publisher.run(contributions)
    assert GroupKey("provincie", "s") not in release[1]
    assert exposed(publisher.releases, K) == set()


def test_a_model_with_few_users_shows_nothing_of_it():
    publisher = Publisher(K)
    borgingshuis = {n: org(figure=3.0, bouwstenen=(("bh", 1),)) for n in range(8)}
    democratie = {n: org(figure=float(n), bouwstenen=(("dw", 1),)) for n in range(100, 103)}
    release = publisher.run({**borgingshuis, **democratie})
    assert ("bh", 1) in release and ("dw", 1) not in release
    assert exposed(publisher.releases, K) == set()


def test_leave_then_rejoin_with_another_figure_over_many_releases():
    publisher = Publisher(K)
    base = {n: org(figure=float(1 + n % 5)) for n in range(10)}
    publisher.run(base)
    state = dict(base)
    for step in range(6):
        # each step: five others change, and organisation 0 toggles in and out
        for n in range(5):
            state[100 + step * 5 + n] = org(figure=float(1 + (step + n) % 5))
        if 0 in state:
            del state[0]
        else:
            state[0] = org(figure=5.0)
        publisher.run(dict(state))
    assert len(publisher.releases) > 1
    assert exposed(publisher.releases, K) == set()


def test_the_attacker_does_find_a_naive_release():
    """The attacker is not blind: showing all and all-but-one is caught."""
    everyone = {n: float(n % 5 + 1) for n in range(9)}
    naive = [{1: {ALL: everyone, GroupKey("gemeente"): {n: everyone[n] for n in range(8)}}}]
    assert exposed(naive, K) == {8}
