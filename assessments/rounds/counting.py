"""Who counts in a round's figures: one growing chain of releases. Plain Python.

A round's figures about answers are released as a chain: a tussenstand now and then while the
round is open (reporting/tussenstand.py), then once the full figures, with roles and
toelichtingen, when answering closes (selectors.answers_close_count, services.
round_answers_close). Each release is computed from a set of people whose answers count.

**The invariant** (README "Privacy van de cijfers"; privacy/attacker.py checks it):

1. **Nobody leaves.** Every release's set contains every earlier release's set. A revoke,
   a reinstate or erasing personal data after a release changes links and names, never who
   counts: a revoked person whose answers were released stays counted ("kept").
2. **Nobody joins alone.** Each release adds nobody, or at least the group size of people,
   the first one too. Those who sent after the last release, fewer than the group size, are
   left out at the close: their answers are kept, never shown ("left_out"). (Even an empty
   figure says something: that nobody of its people gave a desired level.)
3. **The coordinators' own answers count nowhere.** A respondent whose address is that of
   someone who coordinates the organisation or created the round ("Zelf invullen", an
   insider) is in no release: they know their own answers, so those could pad a batch to the
   group size around one colleague, or be subtracted from a difference.

So laying any two releases side by side gives the figures of a group of at least the group
size of people who are not coordinators, never of one person. Given away by design: a
group whose people all gave the same level shows that level for each of them.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from ..common.addresses import address_key

MIN_GROUP_FLOOR = 2  # the smallest group size any round or organisation may use
# The code of the role whose people a gemeente splits (Respondent.gemeente): the bestuur.
BESTUUR = "bestuur"


def group_size(min_group_size: int) -> int:
    """The group size the disclosure rules use: the round's, but never below MIN_GROUP_FLOOR."""
    return max(min_group_size, MIN_GROUP_FLOOR)


def next_release(
    released: Iterable[int], candidates: Iterable[int], group_size: int
) -> frozenset[int]:
    """The people of the next release after one of `released` (empty before the first):
    `released` plus the `candidates` (people who sent and may count: not insiders) not in it
    when they are at least `group_size`, else `released` unchanged."""
    released = frozenset(released)
    new = frozenset(candidates) - released
    return released | new if len(new) >= group_size else released


@dataclass(frozen=True)
class Count:
    """Who counts when answering closes, and how that differs from who sent."""

    counted: frozenset[int]
    left_out: frozenset[int]  # sent after the last release, too few to count
    kept: frozenset[int]  # counted although their link was revoked after a release
    own: frozenset[int] = frozenset()  # insiders who sent: their answers count nowhere

    @property
    def follows_last_tussenstand(self) -> bool:
        return bool(self.left_out or self.kept)


def people_counted(
    sent: Iterable[int],
    released: Iterable[int],
    group_size: int,
    insiders: Iterable[int] = (),
) -> Count:
    """Who counts when answering closes (next_release). `sent`: respondents with a
    working link who sent; `released`: the people of the latest tussenstand (it holds
    everyone of the ones before); `insiders`: respondents whose address is a coordinator's;
    `group_size`: the round's (at least two)."""
    sent, released, insiders = frozenset(sent), frozenset(released), frozenset(insiders)
    candidates = sent - insiders
    counted = next_release(released, candidates, group_size)
    return Count(
        counted=counted,
        left_out=candidates - counted,
        kept=counted - sent,
        own=sent & insiders,
    )


def insiders(people: dict[int, str], coordinator_emails: Iterable[str]) -> set[int]:
    """The respondents (id: e-mail address) whose address is a coordinator's, compared as
    address_key (common/addresses.py: a look-alike address is nobody's)."""
    coordinators = {address_key(email) for email in coordinator_emails} - {None}
    return {pk for pk, email in people.items() if address_key(email) in coordinators}
