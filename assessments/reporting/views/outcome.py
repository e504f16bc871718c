"""The outcome of a closed round for its respondents, through their own link, when the
coordinator shares it (the closed link's page, questionnaire/welcome.py, links here)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path

from ...rounds.mail_texts import round_message
from ...rounds.selectors import get_respondent_by_token
from ..report import build_report


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
    path("vragenlijst/<str:token>/uitkomst/", questionnaire_outcome, name="questionnaire-outcome"),
]
