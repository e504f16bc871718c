"""The actions' part in a round's life (rounds/signals.py): when a round closes, its actions
are kept as they are, for its report (ActionsAtClose). Connected in AppConfig.ready."""

from django.dispatch import receiver

from ..rounds.signals import round_closing
from .services import actions_freeze


@receiver(round_closing, dispatch_uid="assessments-actions-freeze")
def _round_closing(sender, round, **kwargs):
    actions_freeze(round=round)
