"""The pages around the questions: the introduction before the first one, and for an old
link after closing a plain message with, if the coordinator shares it, a link to the outcome
(reporting/views/outcome.py)."""

from django.shortcuts import render
from django.urls import path, reverse

from ..rounds.counting import group_size
from ..rounds.mail_texts import round_message
from ..rounds.scope import asked_of
from ..rounds.selectors import get_respondent_by_token

# What the introduction says the questionnaire takes, in minutes (also in the invitation).
MINUTES_NEEDED = 20


def questionnaire_intro(request, token):
    """Purpose, time needed, who sees what, how anonymity works and the five steps of the
    scale, before the first question."""
    respondent = get_respondent_by_token(token)
    round = respondent.round
    if round.is_closed:
        return questionnaire_closed(request, respondent)
    texts = round.model_texts()
    return render(
        request,
        "assessments/questionnaire/intro.html",
        {
            "respondent": respondent,
            "round": round,
            "scale": texts.scale,
            "bouwstenen_count": len(asked_of(round, texts.bouwstenen)),
            "minutes": MINUTES_NEEDED,
            "min_group_size": group_size(round.min_group_size),
            "start_url": reverse("assessments:questionnaire-rol", args=[token]),
            "not_open": round.status == round.Status.CONCEPT,
        },
    )


def questionnaire_closed(request, respondent):
    """What an old link shows once the round is closed."""
    message = round_message(respondent.round)
    outcome_url = None
    if message.outcome_shared:
        outcome_url = reverse("assessments:questionnaire-outcome", args=[respondent.token])
    return render(
        request,
        "assessments/questionnaire/closed.html",
        {"respondent": respondent, "round": respondent.round, "outcome_url": outcome_url},
    )


urlpatterns = [
    path("vragenlijst/<str:token>/welkom/", questionnaire_intro, name="questionnaire-intro"),
]
