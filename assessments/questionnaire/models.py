"""A respondent's answers: the current and desired level of each bouwsteen and a toelichting."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bouwstenen import scale
from bouwstenen.models import Bouwsteen

from ..rounds.freeze import ANSWERS_FROZEN, RoundPart, RoundPartQuerySet
from ..rounds.models import Respondent

TOELICHTING_MAX_LENGTH = 2000


def toelichting_field() -> models.TextField:
    """A free-text explanation (of an answer, or of the level a team agreed), not required."""
    return models.TextField(
        _("toelichting"),
        max_length=TOELICHTING_MAX_LENGTH,
        validators=[MaxLengthValidator(TOELICHTING_MAX_LENGTH)],
        blank=True,
    )


class AnswerQuerySet(RoundPartQuerySet):
    round_path = "respondent__round"

    def for_report(self, round):
        """The answers in the round's figures: once answering is closed, those of the people
        counted then (rounds/counting.py), revoked since or not; before that, those of active
        respondents who sent."""
        if round.answers_frozen:
            return self.filter(respondent__round=round, respondent__counted=True)
        return self.filter(
            respondent__round=round,
            respondent__revoked_at__isnull=True,
            respondent__submitted_at__isnull=False,
        )


class Answer(RoundPart):
    frozen_from = ANSWERS_FROZEN
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    bouwsteen = models.ForeignKey(Bouwsteen, on_delete=models.PROTECT, related_name="+")
    current_level = models.PositiveSmallIntegerField(
        _("huidige situatie"), choices=scale.STORED_CHOICES, null=True, blank=True
    )
    desired_level = models.PositiveSmallIntegerField(
        _("gewenste situatie"), choices=scale.STORED_CHOICES, null=True, blank=True
    )
    toelichting = toelichting_field()
    updated_at = models.DateTimeField(auto_now=True)
    # Rises with every save of this answer. A save names the version it was based on and is
    # refused when the stored one is newer (services.answers_save): an old tab cannot erase it.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["respondent", "bouwsteen"], name="answer_unique"),
            models.CheckConstraint(
                condition=models.Q(current_level__lte=scale.HIGHEST),
                name="answer_current_level_on_scale",
            ),
            models.CheckConstraint(
                condition=models.Q(desired_level__lte=scale.HIGHEST),
                name="answer_desired_level_on_scale",
            ),
        ]

    def __str__(self):
        return f"{self.respondent} – {self.bouwsteen_id}"

    def get_round(self):
        return self.respondent.round

    def get_round_id(self):
        return self.respondent.round_id
