"""The respondent's questionnaire as one object: the steps in order (the role page, one
page per niveau, the summary), the answers so far, and whether anything may be saved now."""

from django.urls import reverse

from bouwstenen.scale import UNKNOWN, UNKNOWN_LABEL

from ..rounds.freeze import AnswersClosedError, RoundClosedError
from ..rounds.scope import asked_of
from .services import AnswersSentError

STEP_ROL = "rol"
STEP_SUMMARY = "overzicht"


class Questionnaire:
    """The respondent's view of the round: the steps in order and their answers so far."""

    def __init__(self, respondent):
        self.respondent = respondent
        self.round = respondent.round
        self.texts = self.round.model_texts()
        # Only what the round asks (rounds/scope.py): a niveau none of whose bouwstenen are
        # asked has no page.
        self.asked = asked_of(self.round, self.texts.bouwstenen)
        asked_niveaus = {item.niveau for item in self.asked}
        self.niveaus = tuple(n for n in self.texts.niveaus if n.code in asked_niveaus)
        self.scale = self.texts.scale_by_value()
        self.steps = [STEP_ROL] + [f"niveau:{n.code}" for n in self.niveaus] + [STEP_SUMMARY]
        # One query for all of the respondent's answers.
        self.answers = {a.bouwsteen_id: a for a in respondent.answers.all()}

    def bouwstenen(self, niveau_code=None):
        """The asked bouwstenen of one niveau, or all asked ones."""
        return [item for item in self.asked if niveau_code in (None, item.niveau)]

    @property
    def refusal(self) -> RoundClosedError | None:
        """Why nothing on these pages can be saved now (closed, answering closed, or sent),
        or None."""
        if self.round.is_closed:
            return RoundClosedError()
        if not self.round.is_open:
            return AnswersClosedError()
        if self.respondent.is_submitted:
            return AnswersSentError()
        return None

    @property
    def total(self):
        return len(self.asked)

    @property
    def answered(self):
        return self.answered_of(self.asked)

    def answered_of(self, bouwstenen):
        return sum(1 for b in bouwstenen if self._has_current(b.id))

    def _has_current(self, bouwsteen_id):
        answer = self.answers.get(bouwsteen_id)
        return answer is not None and answer.current_level is not None

    def url(self, step):
        token = self.respondent.token
        if step == STEP_ROL:
            return reverse("assessments:questionnaire-rol", args=[token])
        if step == STEP_SUMMARY:
            return reverse("assessments:questionnaire-summary", args=[token])
        return reverse("assessments:questionnaire-niveau", args=[token, step.split(":", 1)[1]])

    def neighbours(self, step):
        index = self.steps.index(step)
        previous = self.steps[index - 1] if index > 0 else None
        following = self.steps[index + 1] if index + 1 < len(self.steps) else None
        return previous, following

    def resume_step(self):
        if self.respondent.rol_id is None:
            return STEP_ROL
        step = self.respondent.last_step
        return step if step in self.steps else self.steps[1]

    def level_label(self, level):
        if level is None:
            return ""
        if level == UNKNOWN:
            return str(UNKNOWN_LABEL)
        step = self.scale.get(level)
        return f"{level} {step.label}" if step else str(level)

    def context(self, step, **extra):
        return {
            "q": self,
            "respondent": self.respondent,
            "round": self.round,
            "step": step,
            "step_number": self.steps.index(step) + 1,
            "step_count": len(self.steps),
            "answered": self.answered,
            "total": self.total,
            "read_only": self.refusal is not None,
            **extra,
        }
