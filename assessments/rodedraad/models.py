"""The rode draad: what recurs across several closed rounds of one organisation (the scans of
its teams, vraagstukken or gemeenten), stored once when it is made (figures.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..common.models import RenderedPdf
from ..organisations.models import Organisation
from ..reporting.models import AppendOnly, AppendOnlyQuerySet
from ..rounds.models import Round


class RodeDraadQuerySet(AppendOnlyQuerySet):
    def of_organisation(self, organisation):
        return self.filter(organisation=organisation)


class RodeDraad(AppendOnly):
    """A release over released figures: the name, the rounds and the figures as they were
    when it was made (services.rode_draad_create). Never changed or deleted on its own: what
    was shown stays what was shown."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="rode_draden",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=120)
    rounds = models.ManyToManyField(Round, related_name="rode_draden", verbose_name=_("rondes"))
    # {"version", "model": the newest round's snapshot, "parts": [...], "knelpunten": [...],
    # "differences": [...]}: services.py and figures.py
    figures = models.JSONField(_("cijfers"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemaakt door"),
    )
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)

    objects = RodeDraadQuerySet.as_manager()

    class Meta:
        verbose_name = _("rode draad")
        verbose_name_plural = _("rode draden")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class RenderedRodeDraad(RenderedPdf):
    """The stored PDF of a rode draad in one language (pdf.py)."""

    rode_draad = models.ForeignKey(
        RodeDraad, on_delete=models.CASCADE, related_name="rendered_pdfs"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rode_draad", "language"], name="rendered_rode_draad_unique"
            )
        ]

    def __str__(self):
        return f"PDF {self.rode_draad} ({self.language})"
