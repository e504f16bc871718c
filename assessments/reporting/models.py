"""What the report adds to a round: the consensus the team agreed, and the cached PDF (on
common/models.py's RenderedPdf, which the action plan's PDF shares)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bouwstenen import scale
from bouwstenen.models import Bouwsteen

from ..common.models import RenderedPdf
from ..questionnaire.models import toelichting_field
from ..rounds.freeze import RoundPart, RoundPartQuerySet
from ..rounds.models import Round


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
