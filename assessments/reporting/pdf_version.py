"""Whether a stored PDF is still current, in a constant number of small queries.

The report key is a hash of everything the PDF shows, taken from what changes it rather than
from the answers themselves: a closed round's answers are frozen, and an open round shows
only its released tussenstand. So the key is made of
- the round's own fields, its organisation's name and its part's (loaded with the round: no
  query);
- the respondent counts per rol (one grouped query over the respondents, no answers);
- an open round's latest tussenstand, and whether a new one is due (two queries);
- the previous closed round (one query): the comparison and the look back;
- the consensus of the round and the actions the report shows (frozen at closing for a
  closed round, else live, of both rounds: a few queries over a few rows, read rather than
  tracked, so even a bulk update changes the key);
- the language and the report's templates and stylesheets.
"""

import hashlib
import json

from django.db.models import Count, Q

from ..actions.selectors import report_action_values
from ..common.stored_pdf import layout_version
from ..rounds.models import Respondent, Round
from ..rounds.selectors import sent_since
from ..rounds.tussenstanden import Tussenstand
from .disclosure import group_size
from .models import Consensus
from .sources import report_date


def respondent_state(round: Round) -> list:
    """The respondent counts the report shows, grouped by rol: one query, a few rows."""
    active = Q(revoked_at__isnull=True)
    return list(
        Respondent.objects.filter(round=round)
        .values_list("rol_id", "invited_rol_id")
        .annotate(
            revoked=Count("pk", filter=~active),
            opened=Count("pk", filter=active & (~Q(last_step="") | Q(submitted_at__isnull=False))),
            submitted=Count("pk", filter=active & Q(submitted_at__isnull=False)),
            people=Count("pk"),
        )
        .order_by("rol_id", "invited_rol_id")
    )


def tussenstand_state(round: Round) -> list:
    """An open round's latest tussenstand and whether the next read releases a new one (see
    tussenstand.py): three queries, over respondent ids and addresses only."""
    latest = Tussenstand.objects.filter(round=round).values_list("pk", "respondent_ids").first()
    released = set(latest[1]) if latest else set()
    new = sent_since(round, released)
    return [latest[0] if latest else None, len(new) >= group_size(round.min_group_size)]


def report_key(round: Round, language: str) -> str:
    """A hash of what the PDF of `round` (loaded with its organisation) shows in `language`:
    the same key means the same PDF. Four queries for a closed round, six for an open one."""
    previous = round.previous_closed()
    consensus = Consensus.objects.filter(round=round).order_by("bouwsteen_id")
    # A closed round's report shows its actions as frozen at closing, an open one's the live
    # actions of both rounds (actions/selectors.py): read the same way here.
    actions = report_action_values(round, previous)
    data = [
        layout_version(),
        language,
        [round.pk, round.name, round.status, round.min_group_size, round.framework_id],
        [str(round.opened_at), str(round.closed_at), str(report_date(round))],
        [round.report_appendix, round.organisation.name],
        # the part it is about, by name (a renamed part renames the headings), and what it asked
        [round.onderdeel.name if round.onderdeel_id else None, round.asked_bouwstenen],
        hashlib.sha256(json.dumps(round.snapshot, sort_keys=True).encode()).hexdigest(),
        respondent_state(round),
        tussenstand_state(round) if round.is_open else None,
        [previous.pk, previous.name, str(previous.closed_at)] if previous else None,
        list(consensus.values_list("bouwsteen_id", "level", "toelichting")),
        actions,
    ]
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()
