"""The record of a released tussenstand: what was released of an open round, frozen then
(the release itself: reporting/tussenstand.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Round


class Tussenstand(models.Model):
    """A released interim result of an open round, frozen when released (see tussenstand.py).
    It holds levels only: no person, no role, no toelichting, sorted so the order says nothing.
    Not a RoundPart: closing the round does not change what was released."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="tussenstanden")
    released_at = models.DateTimeField(default=timezone.now)
    # who is in it, only to count who sent since: never shown
    respondent_ids = models.JSONField(default=list)
    # [bouwsteen id, current level, desired level] per answer, sorted
    rows = models.JSONField(default=list)

    class Meta:
        verbose_name = _("tussenstand")
        verbose_name_plural = _("tussenstanden")
        ordering = ["round", "-released_at", "-id"]

    def __str__(self):
        return f"{_('Tussenstand')} {self.round} {self.released_at:%Y-%m-%d %H:%M}"
