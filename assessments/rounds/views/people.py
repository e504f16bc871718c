"""The coordinator's control over the round's list: correcting or removing someone before
they answered, and reminders with a confirmation, a log and an interval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ...common.views import refusal_shown
from ..forms import RemindConfirmForm, RespondentCorrectForm, RespondentGemeenteForm
from ..freeze import frozen_error
from ..invitations import respondent_correct, respondent_gemeente_set, respondent_remove
from ..reminders import reminder_plan
from ..selectors import (
    gemeente_choices,
    get_respondent_for_coordinator,
    get_round_for_coordinator,
)
from ..services import round_remind
from .rounds import questionnaire_url_for


@login_required
def respondent_correct_view(request, pk, respondent_pk):
    round = get_round_for_coordinator(request, pk)
    respondent = get_respondent_for_coordinator(request, round, respondent_pk)
    rollen = round.model_texts().rollen
    initial = {"email": respondent.email, "name": respondent.name}
    initial["rol"], initial["gemeente"] = respondent.invited_rol_id, respondent.gemeente_id
    form = RespondentCorrectForm(
        request.POST or None, rollen=rollen, gemeenten=gemeente_choices(round), initial=initial
    )
    if round.answers_frozen:
        messages.error(request, frozen_error(round.status).messages[0])
        return redirect("assessments:round-detail", pk=round.pk)
    if request.method == "POST" and form.is_valid():
        try:
            respondent_correct(
                respondent=respondent,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                rol_id=form.cleaned_data["rol"],
                url_for=questionnaire_url_for(request),
                gemeente_id=form.cleaned_data.get("gemeente"),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    for message in errors:
                        form.add_error(field, message)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("De gegevens zijn aangepast."))
            return redirect("assessments:round-detail", pk=round.pk)
    return render(
        request,
        "assessments/respondent_correct.html",
        {"round": round, "respondent": respondent, "form": form},
    )


@login_required
def respondent_gemeente_view(request, pk, respondent_pk):
    """The gemeente of someone invited as bestuur, also after they answered: until answering
    closes, then it is frozen with them."""
    round = get_round_for_coordinator(request, pk)
    respondent = get_respondent_for_coordinator(request, round, respondent_pk)
    if round.answers_frozen:
        messages.error(request, frozen_error(round.status).messages[0])
        return redirect("assessments:round-detail", pk=round.pk)
    form = RespondentGemeenteForm(
        request.POST or None,
        gemeenten=gemeente_choices(round),
        initial={"gemeente": respondent.gemeente_id},
    )
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request):
            try:
                respondent_gemeente_set(
                    respondent=respondent, gemeente_id=form.cleaned_data["gemeente"]
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    raise  # a round closed meanwhile: a message
                form.add_error("gemeente", error.messages[0])
            else:
                messages.success(request, _("De gemeente is aangepast."))
                return redirect("assessments:round-detail", pk=round.pk)
    return render(
        request,
        "assessments/respondent_gemeente.html",
        {"round": round, "respondent": respondent, "form": form},
    )


@login_required
@require_POST
def respondent_remove_view(request, pk, respondent_pk):
    round = get_round_for_coordinator(request, pk)
    respondent = get_respondent_for_coordinator(request, round, respondent_pk)
    with refusal_shown(request):
        respondent_remove(respondent=respondent)
        messages.success(
            request, _("%(email)s staat niet meer op de lijst.") % {"email": respondent.email}
        )
    return redirect("assessments:round-detail", pk=round.pk)


@login_required
def round_remind_view(request, pk):
    """First a page that says who gets a reminder and who was reminded recently; the
    reminders go only when that page is confirmed."""
    round = get_round_for_coordinator(request, pk)
    form = RemindConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request):
            result = round_remind(
                round=round, url_for=questionnaire_url_for(request), user=request.user
            )
            _report_reminded(request, result)
        return redirect("assessments:round-detail", pk=round.pk)
    plan = reminder_plan(round) if round.is_open else None
    return render(
        request, "assessments/round_remind.html", {"round": round, "plan": plan, "form": form}
    )


def _report_reminded(request, result):
    if result.sent:
        messages.success(
            request,
            ngettext(
                "%(count)d herinnering verstuurd.",
                "%(count)d herinneringen verstuurd.",
                result.sent,
            )
            % {"count": result.sent},
        )
    if result.skipped:
        messages.info(
            request,
            ngettext(
                "%(count)d persoon kreeg kort geleden al een herinnering en kreeg er nu geen.",
                "%(count)d mensen kregen kort geleden al een herinnering en kregen er nu geen.",
                result.skipped,
            )
            % {"count": result.skipped},
        )
    if not result.sent and not result.skipped:
        messages.info(request, _("Iedereen heeft al verstuurd. Er is geen herinnering gestuurd."))


urlpatterns = [
    path("rondes/<int:pk>/herinneren/", round_remind_view, name="round-remind"),
    path(
        "rondes/<int:pk>/respondenten/<int:respondent_pk>/corrigeren/",
        respondent_correct_view,
        name="respondent-correct",
    ),
    path(
        "rondes/<int:pk>/respondenten/<int:respondent_pk>/gemeente/",
        respondent_gemeente_view,
        name="respondent-gemeente",
    ),
    path(
        "rondes/<int:pk>/respondenten/<int:respondent_pk>/verwijderen/",
        respondent_remove_view,
        name="respondent-remove",
    ),
]
