"""Improvement actions (verbeteracties): the organisation's action plan. An action is born in
a round and lives on after it closes: its status and progress notes change all year (each
change kept in ActionUpdate), while the closed round's report keeps the list as it was at
closing (ActionsAtClose)."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bouwstenen.models import Bouwsteen, Rol

from ..common.models import RenderedPdf
from ..organisations.models import Organisation
from ..rounds.freeze import protect_closed_else_set_null
from ..rounds.models import Round


class ImprovementActionQuerySet(models.QuerySet):
    def of_organisation(self, organisation):
        return self.filter(round__organisation=organisation)

    def live(self):
        """The actions of the plan as it stands: an action carried into a later round lives
        on in its copy there, so the original is left out."""
        return self.filter(carried_to__isnull=True)


class ImprovementAction(models.Model):
    class Line(models.TextChoices):
        ACTIEF_LEREN = "actief_leren", _("Actief leren")
        SAMEN_ERVAREN = "samen_ervaren", _("Samen ervaren")
        ONTWIKKELEN = "ontwikkelen", _("Ontwikkelen")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        IN_PROGRESS = "in_progress", _("Bezig")
        DONE = "done", _("Klaar")
        DROPPED = "dropped", _("Vervallen")

    UNFINISHED = (Status.PLANNED, Status.IN_PROGRESS)

    # the round the action was born in (its bouwsteen and owner role are of that round's model)
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
    # when it was last saved: part of the action plan PDF's key (plan_pdf.py)
    changed_at = models.DateTimeField(auto_now=True)

    objects = ImprovementActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("verbeteractie")
        verbose_name_plural = _("verbeteracties")
        ordering = ["round", "bouwsteen__number", "due_date", "id"]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None) -> bool:
        """Past its due date and not done or dropped."""
        today = today or timezone.localdate()
        return bool(self.due_date and self.due_date < today and self.status in self.UNFINISHED)


class ActionUpdate(models.Model):
    """One step in an action's history: a status it was set to and/or a progress note, with
    who and when. Never changed afterwards."""

    action = models.ForeignKey(ImprovementAction, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(
        _("status"), max_length=20, choices=ImprovementAction.Status, blank=True
    )
    note = models.TextField(_("voortgang"), max_length=2000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("voortgang van een actie")
        verbose_name_plural = _("voortgang van acties")
        ordering = ["action", "-created_at", "-id"]

    def __str__(self):
        return f"{self.action} {self.created_at:%Y-%m-%d}: {self.status}"


class ActionsAtClose(models.Model):
    """A round's action list as it was when the round closed, so its report and PDF stay as
    they were while the live actions move on. `actions` holds the values the report reads
    (reporting/sources.ACTION_FIELDS), `previous_actions` those of the round before it for the
    look back (PREVIOUS_ACTION_FIELDS). Written once, by round_close."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="actions_at_close")
    # blank: a round may close with no actions, or with no round before it
    actions = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    previous_actions = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    frozen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("actielijst bij sluiten")
        verbose_name_plural = _("actielijsten bij sluiten")

    def __str__(self):
        return f"{self.round}"


class RenderedActionPlan(RenderedPdf):
    """The stored PDF of an organisation's action plan in one language (plan_pdf.py); it is
    current while `fingerprint` equals the plan key, which has today's date in it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="rendered_plans"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "language"], name="rendered_action_plan_unique"
            )
        ]

    def __str__(self):
        return f"PDF {_('Actieplan')} {self.organisation} ({self.language})"
