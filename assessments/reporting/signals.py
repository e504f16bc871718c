"""Keep the stored PDF in step with the round: a write to what a report shows queues a new
render (pdf.py), so the PDF is ready before anyone asks. (Whether a stored PDF is current
does not depend on this: pdf_version.py reads what the report is made of.)

Signals rather than calls in each service, so a write from any path (a service, the admin,
a later feature) is caught; services that write in bulk call report_changed() themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..actions.models import ImprovementAction
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
    # Actions live on after closing, but a closed round's report shows them as they were
    # then (ActionsAtClose): its PDF stays as it is. (A consensus cannot change after it.)
    if sender is ImprovementAction and Round.objects.closed().filter(pk=instance.round_id).exists():
        return
    report_changed(instance.round_id)


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
