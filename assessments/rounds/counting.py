"""Who counts in a round's figures: decided once, when answering closes. Plain Python.

While a round is open its figures are released only as tussenstanden, each adding at least
the group size of people to the one before (reporting/tussenstand.py). When answering closes,
the full figures (with roles and toelichtingen) are released once, from the people counted at
that moment. Comparing them with a tussenstand must never single anyone out, so:

- **Everyone who sent counts** (active links), when that set equals every released
  tussenstand's set or differs from each by at least the group size of people (joined,
  left by a revoke, or both).
- **Otherwise the last tussenstand's people count**, exactly: the few who sent after it are
  left out (their answers are kept, never shown), and a revoked person who was in it stays
  in. The coordinator sees this on the "Invullen sluiten" page before deciding.

Insiders: a coordinator of the organisation who fills in the questionnaire (or an address of
one) counts in the whole but never in a role group, so their own answers cannot be used to
narrow a small group down to one colleague (reporting/sources.py reads their role as None).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from ..common.addresses import address_key

MIN_GROUP_FLOOR = 2  # the smallest group size any round or organisation may use


def group_size(min_group_size: int) -> int:
    """The group size the disclosure rules use: the round's, but never below MIN_GROUP_FLOOR."""
    return max(min_group_size, MIN_GROUP_FLOOR)


@dataclass(frozen=True)
class Count:
    """The outcome: who is counted, and how it differs from everyone who sent."""

    counted: frozenset[int]
    left_out: frozenset[int]  # sent with a working link, not counted
    kept: frozenset[int]  # counted although their link was revoked after a tussenstand

    @property
    def follows_last_tussenstand(self) -> bool:
        return bool(self.left_out or self.kept)


def far_enough(people: frozenset[int], released: frozenset[int], group_size: int) -> bool:
    """True when releasing figures of `people` after those of `released` singles nobody out:
    the same people, or at least `group_size` of them differ."""
    return people == released or len(people ^ released) >= group_size


def people_counted(
    sent: Iterable[int], releases: Iterable[Iterable[int]], group_size: int
) -> Count:
    """Who counts when answering closes. `sent`: respondents with a working link who sent;
    `releases`: the people of each released tussenstand (each adds to the one before, so
    the largest is the latest); `group_size`: the round's (at least two)."""
    sent = frozenset(sent)
    releases = [frozenset(people) for people in releases]
    if all(far_enough(sent, released, group_size) for released in releases):
        return Count(counted=sent, left_out=frozenset(), kept=frozenset())
    latest = max(releases, key=len)
    return Count(counted=latest, left_out=sent - latest, kept=latest - sent)


def insiders(people: dict[int, str], coordinator_emails: Iterable[str]) -> set[int]:
    """The respondents (id: e-mail address) whose address is a coordinator's, compared as
    address_key (common/addresses.py: a look-alike address is nobody's)."""
    coordinators = {address_key(email) for email in coordinator_emails} - {None}
    return {pk for pk, email in people.items() if address_key(email) in coordinators}
