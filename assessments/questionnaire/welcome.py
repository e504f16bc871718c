"""The pages around the questions: the introduction before the first one, and for an old
link after closing a plain message with, if the coordinator shares it, the outcome."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse

from ..organisations.selectors import get_respondent_by_token
from ..reporting.disclosure import group_size
from ..reporting.report import build_report
from ..rounds.mail_texts import round_message

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
            "bouwstenen_count": len(texts.bouwstenen),
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


def questionnaire_outcome(request, token):
    """The outcome of a closed round as a respondent may see it, when the coordinator shares
    it: the house and the table of figures of the report (build_report: the same disclosure
    rules), without toelichtingen. 404 otherwise."""
    respondent = get_respondent_by_token(token)
    round = respondent.round
    if not (round.is_closed and round_message(round).outcome_shared):
        raise Http404
    report = build_report(round)
    return render(
        request,
        "assessments/questionnaire/outcome.html",
        {**report.context(), "respondent": respondent},
    )


urlpatterns = [
    path("vragenlijst/<str:token>/welkom/", questionnaire_intro, name="questionnaire-intro"),
    path("vragenlijst/<str:token>/uitkomst/", questionnaire_outcome, name="questionnaire-outcome"),
]
