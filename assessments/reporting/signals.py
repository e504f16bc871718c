"""Keep the stored PDF in step with the round: a write to what a report shows queues a new
render (pdf.py), so the PDF is ready before anyone asks. (Whether a stored PDF is current
does not depend on this: pdf_version.py reads what the report is made of.)

Signals rather than calls in each service, so a write from any path (a service, the admin,
a later feature) is caught; services that write in bulk call report_changed() themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..actions.models import ActionsAtClose, ImprovementAction
from ..organisations.models import Organisation
from ..rounds.models import Round
from ..rounds.signals import round_answers_closed
from .models import Consensus
from .pdf import pdf_renders_request
from .releases import final_release


def report_changed(round_id: int) -> None:
    """What the report of the round shows changed: a new PDF on its way."""
    pdf_renders_request(round_id)


@receiver([post_save, post_delete], sender=Consensus)
@receiver([post_save, post_delete], sender=ImprovementAction)
def _part_changed(sender, instance, origin=None, **kwargs):
    # deleted with its round: there is nothing left to render
    if isinstance(origin, Round) or getattr(origin, "model", None) is Round:
        return
    # Actions live on after closing, but a closed round's report shows those it had then as
    # they were (ActionsAtClose): a change to one of them leaves its PDF as it is. An action
    # recorded after closing is in the report as it is now. (A consensus cannot change.)
    if sender is ImprovementAction and _frozen_in_report(instance):
        return
    report_changed(instance.round_id)


def _frozen_in_report(action: ImprovementAction) -> bool:
    """The action is in its closed round's report as frozen at closing (one query)."""
    frozen = (
        ActionsAtClose.objects.filter(round_id=action.round_id)
        .values_list("actions", flat=True)
        .first()
    )
    return frozen is not None and any(item["id"] == action.pk for item in frozen)


@receiver(post_save, sender=Round)
def _round_saved(sender, instance, created, **kwargs):
    # A closed round is saved once, when it closes: its final report is rendered then. An
    # open round's PDF is made when someone asks for it (its counts change with every
    # send); its fields are in the report key either way.
    if instance.status == Round.Status.CLOSED:
        pdf_renders_request(instance.pk)


@receiver(post_save, sender=Organisation)
def _organisation_saved(sender, instance, created, **kwargs):
    if not created:
        for round_id in (
            Round.objects.closed().filter(organisation=instance).values_list("pk", flat=True)
        ):
            pdf_renders_request(round_id)


@receiver(round_answers_closed)
def _answers_closed(sender, round, **kwargs):
    # the final figures are released now: stored once, read by every output (releases.py)
    final_release(round)
