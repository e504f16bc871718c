"""What the report adds to a round: the consensus the team agreed, the cached PDF (on
common/models.py's RenderedPdf, which the action plan's PDF shares), and each release's
figures, stored once and append-only (releases.py)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bouwstenen import scale
from bouwstenen.models import Bouwsteen

from ..common.models import RenderedPdf
from ..questionnaire.models import Answer, toelichting_field
from ..rounds.freeze import RoundPart, RoundPartQuerySet
from ..rounds.models import Round
from ..rounds.tussenstanden import Tussenstand


class ConsensusQuerySet(RoundPartQuerySet):
    pass


class Consensus(RoundPart):
    """The level a team agreed on for one bouwsteen after looking at the spread."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="consensus")
    bouwsteen = models.ForeignKey(Bouwsteen, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("afgesproken niveau"),
        validators=[MinValueValidator(scale.LOWEST), MaxValueValidator(scale.HIGHEST)],
    )
    toelichting = toelichting_field()
    decided_at = models.DateTimeField(auto_now=True)

    objects = ConsensusQuerySet.as_manager()

    class Meta:
        verbose_name = _("consensus")
        verbose_name_plural = _("consensus")
        constraints = [
            models.UniqueConstraint(fields=["round", "bouwsteen"], name="consensus_unique")
        ]

    def __str__(self):
        return f"{self.round} – {self.bouwsteen_id}: {self.level}"


class RenderedReport(RenderedPdf):
    """The stored PDF of a round's report in one language (reporting/pdf.py); its key is the
    report key (pdf_version.py). Not a RoundPart: it only stores what the (possibly frozen)
    round renders to."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="rendered_pdfs")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "language"], name="rendered_report_unique")
        ]

    def __str__(self):
        return f"PDF {self.round} ({self.language})"


class AppendOnlyQuerySet(models.QuerySet):
    """A released figure is never changed or removed on its own: only its round's cascade
    (Django's collector deletes without this queryset) takes it away."""

    def update(self, **kwargs):
        raise RuntimeError("A stored release is append-only.")

    def delete(self):
        raise RuntimeError("A stored release is append-only.")


class AppendOnly(models.Model):
    """Saved once, never changed; deleted only with its round."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("A stored release is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("A stored release is append-only.")


class StoredRelease(AppendOnly):
    """The figures of one release of a round, stored when released (releases.py): per
    bouwsteen what the disclosure rules let the report show, computed once. A tussenstand's
    release points to it; the final release (when answering closed) has none. Each is stored
    for the group size it was computed with: raising the group size later stores a new one
    beside it, the old stays."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="stored_releases")
    tussenstand = models.ForeignKey(
        Tussenstand, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(_("vrijgegeven op"), default=timezone.now)
    min_group_size = models.PositiveSmallIntegerField(_("minimale groepsgrootte"))
    # {"version": 1, "bouwstenen": [{"bouwsteen": id, "current": figures, ...}]}: releases.py
    figures = models.JSONField(_("cijfers"), default=dict)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("vrijgegeven cijfers")
        verbose_name_plural = _("vrijgegeven cijfers")
        ordering = ["-released_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "min_group_size"],
                condition=models.Q(tussenstand__isnull=True),
                name="stored_release_final_unique",
            ),
            models.UniqueConstraint(
                fields=["tussenstand", "min_group_size"],
                condition=models.Q(tussenstand__isnull=False),
                name="stored_release_tussenstand_unique",
            ),
        ]

    def __str__(self):
        kind = _("Tussenstand") if self.tussenstand_id else _("Eindcijfers")
        return f"{kind} {self.round} ({self.min_group_size})"


class ReleasedToelichting(AppendOnly):
    """One toelichting a release may show (releases.py): the answer it is read from (by id,
    the text stays the answer's), at its place in the bouwsteen's alphabetical list, with how
    many respondents wrote exactly this. Read a page at a time."""

    release = models.ForeignKey(
        StoredRelease, on_delete=models.CASCADE, related_name="toelichtingen"
    )
    bouwsteen_id = models.IntegerField()  # the release's own key: no join, no protection
    position = models.PositiveIntegerField()
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("vrijgegeven toelichting")
        verbose_name_plural = _("vrijgegeven toelichtingen")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "bouwsteen_id", "position"],
                name="released_toelichting_unique",
            )
        ]

    def __str__(self):
        return f"{self.release} – {self.bouwsteen_id}.{self.position}"
