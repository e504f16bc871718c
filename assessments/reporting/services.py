"""The report side's writes: the level the team agreed per bouwsteen, and the smallest group
whose figures the report shows, and whether the PDF has the toelichtingen as an appendix."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit.models import AuditEntry
from ..audit.services import audit_record
from ..organisations.models import Organisation
from ..rounds.freeze import lock_editable_round
from ..rounds.models import Respondent, Round
from .disclosure import MIN_GROUP_FLOOR
from .models import Consensus
from .pdf import pdf_renders_request
from .signals import report_changed
from .stats import INDICATIVE_BELOW


def consensus_record(*, round: Round, bouwsteen, level: int | None, toelichting: str = ""):
    """Record the level the team agreed on for one bouwsteen (see consensus_record_many).
    Returns the consensus, or None when it was removed."""
    recorded = consensus_record_many(round=round, decisions={bouwsteen: (level, toelichting)})
    return recorded[0] if recorded else None


@transaction.atomic
def consensus_record_many(*, round: Round, decisions: dict) -> list:
    """Record agreed levels: `decisions` maps a bouwsteen to (level, toelichting); a level of
    None removes that bouwsteen's consensus. The meeting works on the figures released when
    answering closed: refused (ValidationError) before that, and for a closed round
    (RoundClosedError), and for a bouwsteen the round did not ask (ValidationError, nothing
    recorded). Uses a fixed number of queries whatever the number of bouwstenen."""
    stored = lock_editable_round(round.pk)
    if stored.status != Round.Status.ANSWERS_CLOSED:
        raise ValidationError(
            _("De consensus leg je vast nadat het invullen is gesloten."), code="not_yet"
        )
    if any(not stored.asks(bouwsteen.number) for bouwsteen in decisions):
        raise ValidationError(
            _("Deze ronde vroeg niet naar deze bouwsteen: er is geen consensus over."),
            code="not_asked",
        )
    existing = {
        consensus.bouwsteen_id: consensus
        for consensus in Consensus.objects.filter(round=round, bouwsteen__in=list(decisions))
    }
    removed = [
        bouwsteen.pk
        for bouwsteen, (level, _toelichting) in decisions.items()
        if level is None and bouwsteen.pk in existing
    ]
    if removed:
        Consensus.objects.filter(round=round, bouwsteen_id__in=removed).delete()
    now = timezone.now()
    to_create, to_update = [], []
    for bouwsteen, (level, toelichting) in decisions.items():
        if level is None:
            continue
        consensus = existing.get(bouwsteen.pk) or Consensus(round=round, bouwsteen=bouwsteen)
        consensus.level, consensus.toelichting, consensus.decided_at = level, toelichting, now
        # The round and bouwsteen are the caller's; one consensus per bouwsteen is ensured
        # by `existing`, so no per-row queries are needed to validate.
        consensus.full_clean(
            exclude=["round", "bouwsteen"], validate_unique=False, validate_constraints=False
        )
        (to_update if consensus.pk else to_create).append(consensus)
    Consensus.objects.bulk_create(to_create)
    Consensus.objects.bulk_update(to_update, ["level", "toelichting", "decided_at"])
    if to_create or to_update:
        report_changed(round.pk)  # bulk writes send no signals
    return to_create + to_update


def round_report_appendix_set(*, round: Round, appendix: bool) -> None:
    """Whether the round's PDF ends with the toelichtingen, grouped per bouwsteen. Allowed
    on a closed round too: it changes how the report is printed, not what was answered (a
    plain queryset update, past the freeze). Queues the new PDF."""
    models.QuerySet.update(Round.objects.filter(pk=round.pk), report_appendix=appendix)
    round.report_appendix = appendix
    pdf_renders_request(round.pk)


def _group_size_check(min_group_size: int, small_confirmed: bool) -> None:
    if min_group_size < MIN_GROUP_FLOOR:
        raise ValidationError(
            _("Een groep is minstens %(count)s mensen.") % {"count": MIN_GROUP_FLOOR},
            code="below_floor",
        )
    if min_group_size < INDICATIVE_BELOW and not small_confirmed:
        raise ValidationError(
            _("Een groep kleiner dan %(count)s kan alleen als je dit aanvinkt.")
            % {"count": INDICATIVE_BELOW},
            code="small_group_unconfirmed",
        )


def group_size_only_up(round: Round) -> bool:
    """Someone has sent answers: the round's group size can only go up (one query)."""
    return Respondent.objects.filter(round=round, submitted_at__isnull=False).exists()


def round_group_size_set(
    *, round: Round, min_group_size: int, small_confirmed: bool = False
) -> Round:
    """Set the smallest group whose figures the round's report shows, and return the round
    as saved (`round` gets the new size too); a logboek entry says who changed it from what.
    A size below INDICATIVE_BELOW makes figures traceable to one or two people, so it needs
    `small_confirmed`. Once anyone has sent their answers the size can only go up: a lower
    one would release a small batch or group at the next read. Refused with a
    ValidationError (then, out of the field's range or below MIN_GROUP_FLOOR), and for a
    closed round (RoundClosedError). Only this round changes: the organisation's default for
    new rounds is set on its settings page (organisation_group_size_set)."""
    _group_size_check(min_group_size, small_confirmed)
    with transaction.atomic():
        stored = lock_editable_round(round.pk)
        before = stored.min_group_size
        if min_group_size < before and group_size_only_up(stored):
            raise ValidationError(
                _(
                    "Er zijn al antwoorden verstuurd. De minimale groepsgrootte kan nu alleen "
                    "nog omhoog, niet omlaag (nu %(count)s)."
                )
                % {"count": before},
                code="only_up",
            )
        if min_group_size != before:
            stored.min_group_size = min_group_size
            stored.full_clean(exclude=["organisation", "framework", "created_by"])
            stored.save(update_fields=["min_group_size"])
            audit_record(
                action=AuditEntry.Action.GROUP_SIZE_CHANGE,
                round=stored,
                subject=f"{before} → {min_group_size}",
            )
    round.min_group_size = min_group_size
    return stored


def organisation_group_size_set(
    *, organisation: Organisation, min_group_size: int, small_confirmed: bool = False
) -> Organisation:
    """Set the group size new rounds of the organisation start with (rounds already made
    keep theirs), with a logboek entry. The same limits as round_group_size_set
    (ValidationError)."""
    _group_size_check(min_group_size, small_confirmed)
    with transaction.atomic():
        stored = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = stored.min_group_size
        if min_group_size != before:
            stored.min_group_size = min_group_size
            stored.full_clean()
            stored.save(update_fields=["min_group_size"])
            audit_record(
                action=AuditEntry.Action.GROUP_SIZE_CHANGE,
                organisation=stored,
                subject=_("standaard voor nieuwe rondes: %(before)s → %(after)s")
                % {"before": before, "after": min_group_size},
            )
    organisation.min_group_size = min_group_size
    return stored
