"""The consensus meeting's writes: the level the team agreed per bouwsteen."""

from django.db import transaction
from django.utils import timezone

from ..rounds.models import Round
from .models import Consensus


def consensus_record(*, round: Round, bouwsteen, level: int | None, note: str = ""):
    """Record the level the team agreed on for one bouwsteen (see consensus_record_many).
    Returns the consensus, or None when it was removed."""
    recorded = consensus_record_many(round=round, decisions={bouwsteen: (level, note)})
    return recorded[0] if recorded else None


@transaction.atomic
def consensus_record_many(*, round: Round, decisions: dict) -> list:
    """Record agreed levels: `decisions` maps a bouwsteen to (level, note); a level of None
    removes that bouwsteen's consensus. Refused for a closed round. Uses a fixed number of
    queries whatever the number of bouwstenen."""
    round.ensure_editable()
    existing = {
        consensus.bouwsteen_id: consensus
        for consensus in Consensus.objects.filter(round=round, bouwsteen__in=list(decisions))
    }
    removed = [
        bouwsteen.pk
        for bouwsteen, (level, _note) in decisions.items()
        if level is None and bouwsteen.pk in existing
    ]
    if removed:
        Consensus.objects.filter(round=round, bouwsteen_id__in=removed).delete()
    now = timezone.now()
    to_create, to_update = [], []
    for bouwsteen, (level, note) in decisions.items():
        if level is None:
            continue
        consensus = existing.get(bouwsteen.pk) or Consensus(round=round, bouwsteen=bouwsteen)
        consensus.level, consensus.note, consensus.decided_at = level, note, now
        # The round and bouwsteen are the caller's; one consensus per bouwsteen is ensured
        # by `existing`, so no per-row queries are needed to validate.
        consensus.full_clean(
            exclude=["round", "bouwsteen"], validate_unique=False, validate_constraints=False
        )
        (to_update if consensus.pk else to_create).append(consensus)
    Consensus.objects.bulk_create(to_create)
    Consensus.objects.bulk_update(to_update, ["level", "note", "decided_at"])
    return to_create + to_update
