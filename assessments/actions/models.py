"""Improvement actions (verbeteracties): the action plan a team agrees after a round."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bouwstenen.models import Bouwsteen, Rol

from ..rounds.freeze import RoundPart, RoundPartQuerySet, protect_closed_else_set_null
from ..rounds.models import Round


class ImprovementAction(RoundPart):
    class Line(models.TextChoices):
        ACTIEF_LEREN = "actief_leren", _("Actief leren")
        SAMEN_ERVAREN = "samen_ervaren", _("Samen ervaren")
        ONTWIKKELEN = "ontwikkelen", _("Ontwikkelen")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        IN_PROGRESS = "in_progress", _("Bezig")
        DONE = "done", _("Klaar")
        DROPPED = "dropped", _("Vervallen")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="actions")
    bouwsteen = models.ForeignKey(
        Bouwsteen, on_delete=models.PROTECT, related_name="+", verbose_name=_("bouwsteen")
    )
    title = models.CharField(_("actie"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    line = models.CharField(_("lijn"), max_length=20, choices=Line, default=Line.ACTIEF_LEREN)
    owner_rol = models.ForeignKey(
        Rol, on_delete=models.PROTECT, related_name="+", verbose_name=_("eigenaar (rol)")
    )
    owner_name = models.CharField(_("eigenaar (naam)"), max_length=120, blank=True)
    due_date = models.DateField(_("klaar op"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    carried_from = models.ForeignKey(
        "self",
        on_delete=protect_closed_else_set_null,
        null=True,
        blank=True,
        related_name="carried_to",
    )

    objects = RoundPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("verbeteractie")
        verbose_name_plural = _("verbeteracties")
        ordering = ["round", "bouwsteen__number", "due_date", "id"]

    def __str__(self):
        return self.title
