"""Inviting respondents to a round, and resending, revoking or reinstating their personal
link (reminders: people.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ...common.views import refusal_shown
from ..counting import group_size
from ..forms import InviteListForm, InviteOneForm
from ..freeze import frozen_error
from ..invitations import (
    respondent_link_resend,
    respondent_reinstate,
    respondent_revoke,
    respondents_invite,
)
from ..models import Respondent
from ..selectors import (
    gemeente_choices,
    get_respondent_for_coordinator,
    get_round_for_coordinator,
    returning_people,
    role_visibility,
)
from ..services import respondent_self_invite
from .rounds import questionnaire_url_for


@login_required
def round_invite(request, pk):
    """Two forms on one page: paste a list, or add one person. The valid lines of a list are
    added even when other lines are refused; every refused line is reported."""
    round = get_round_for_coordinator(request, pk)
    rollen = round.model_texts().rollen
    gemeenten = gemeente_choices(round)
    which = request.POST.get("form") if request.method == "POST" else None
    list_form = InviteListForm(
        request.POST if which == "list" else None, rollen=rollen, gemeenten=gemeenten
    )
    one_form = InviteOneForm(
        request.POST if which == "one" else None, rollen=rollen, gemeenten=gemeenten
    )
    line_errors = []
    # Closed, deleted or its model changed since the page was read: a message, or 404.
    with refusal_shown(request) as outcome:
        if round.answers_frozen:
            if which:
                raise frozen_error(round.status)
        elif which == "list" and list_form.is_valid():
            line_errors = list(list_form.line_errors)
            result = respondents_invite(
                round=round, invitees=list_form.invitees, url_for=questionnaire_url_for(request)
            )
            for invitee in result.duplicates:
                line_errors.append(
                    (
                        invitee.line,
                        _("%(email)s is al uitgenodigd voor deze ronde.")
                        % {"email": invitee.email},
                    )
                )
            line_errors.sort()
            _report_added(request, round, len(result.created))
            if not line_errors:
                return redirect("assessments:round-detail", pk=round.pk)
            list_form = InviteListForm(
                initial={"people": _refused_lines(list_form.cleaned_data["people"], line_errors)},
                rollen=rollen,
                gemeenten=gemeenten,
            )
        elif which == "previous" and (returning := returning_people(round, rollen)[1]):
            result = respondents_invite(
                round=round, invitees=returning, url_for=questionnaire_url_for(request)
            )
            _report_added(request, round, len(result.created))
            return redirect("assessments:round-detail", pk=round.pk)
        elif which == "one" and one_form.is_valid():
            try:
                result = respondents_invite(
                    round=round,
                    invitees=[one_form.invitee()],
                    url_for=questionnaire_url_for(request),
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    raise
                one_form.add_error(None, error)  # the gemeente, changed since the page was read
            else:
                if not result.duplicates:
                    _report_added(request, round, 1)
                    return redirect("assessments:round-detail", pk=round.pk)
                one_form.add_error("email", _("Dit e-mailadres is al uitgenodigd voor deze ronde."))
    status = 409 if outcome.refused else 200
    previous, returning = returning_people(round, rollen)
    visibility = None
    if not round.answers_frozen:
        visibility = role_visibility(round, list(Respondent.objects.filter(round=round)), rollen)
    return render(
        request,
        "assessments/round_invite.html",
        {
            "round": round,
            "list_form": list_form,
            "one_form": one_form,
            "line_errors": line_errors,
            "previous": previous,
            "returning": returning,
            "visibility": visibility,
            "visibility_group_size": group_size(round.min_group_size),
        },
        status=status,
    )


def _report_added(request, round, count):
    if round.is_open:
        text = ngettext(
            "%(count)d persoon toegevoegd en uitgenodigd per e-mail.",
            "%(count)d mensen toegevoegd en uitgenodigd per e-mail.",
            count,
        )
    else:
        text = ngettext(
            "%(count)d persoon toegevoegd. Die krijgt de uitnodiging als je de ronde opent.",
            "%(count)d mensen toegevoegd. Ze krijgen hun uitnodiging als je de ronde opent.",
            count,
        )
    messages.success(request, text % {"count": count})


def _refused_lines(text, line_errors):
    """The refused lines only, so the coordinator can fix and send them again."""
    numbers = {number for number, _message in line_errors}
    lines = text.splitlines()
    return "\n".join(lines[n - 1] for n in sorted(numbers) if 0 < n <= len(lines))


def _link_view(change, done_message, *, sends=False):
    """A POST-only view that does `change` to one respondent's link (resend, revoke,
    reinstate; `sends` passes it the link maker); a refusal, such as a closed round, is shown
    as a message."""

    @require_POST
    @login_required
    def view(request, pk, respondent_pk):
        round = get_round_for_coordinator(request, pk)
        respondent = get_respondent_for_coordinator(request, round, respondent_pk)
        extra = {"url_for": questionnaire_url_for(request)} if sends else {}
        with refusal_shown(request):
            change(respondent=respondent, **extra)
            messages.success(request, done_message % {"email": respondent.email})
        return redirect("assessments:round-detail", pk=round.pk)

    return view


respondent_resend = _link_view(
    respondent_link_resend,
    gettext_lazy("De link is opnieuw gestuurd naar %(email)s."),
    sends=True,
)
_respondent_revoke_post = _link_view(
    respondent_revoke,
    gettext_lazy("De link van %(email)s werkt niet meer. Deze antwoorden tellen niet mee."),
)


@require_http_methods(["GET", "POST"])
@login_required
def respondent_revoke_view(request, pk, respondent_pk):
    """Revoking a link asks first: the list links here (GET, a page that says what happens),
    and the button on that page revokes (POST). Works without JavaScript."""
    if request.method == "POST":
        return _respondent_revoke_post(request, pk, respondent_pk)
    round = get_round_for_coordinator(request, pk)
    respondent = get_respondent_for_coordinator(request, round, respondent_pk)
    return render(
        request, "assessments/respondent_revoke.html", {"round": round, "respondent": respondent}
    )


respondent_reinstate_view = _link_view(
    respondent_reinstate,
    gettext_lazy("De link van %(email)s werkt weer. Deze antwoorden tellen weer mee."),
)


@require_POST
@login_required
def round_fill_in_myself(request, pk):
    """The coordinator answers too: as a respondent under their own e-mail address, added
    (and sent their link) the first time, and taken to the questionnaire, told that these
    answers count in no figure (rounds/counting.py)."""
    round = get_round_for_coordinator(request, pk)
    with refusal_shown(request):
        respondent = respondent_self_invite(
            round=round, user=request.user, url_for=questionnaire_url_for(request)
        )
        # counting.py: a coordinator's own answers count in no figure
        messages.info(request, OWN_ANSWERS_COUNT_NOWHERE)
        return redirect("assessments:questionnaire", token=respondent.token)
    return redirect("assessments:round-detail", pk=round.pk)


OWN_ANSWERS_COUNT_NOWHERE = gettext_lazy(
    "Je eigen antwoorden tellen niet mee in de cijfers: je kent ze zelf, dus ze zouden helpen "
    "uitrekenen wat een collega antwoordde. Breng ze in bij de consensusbijeenkomst."
)

urlpatterns = [
    path("rondes/<int:pk>/uitnodigen/", round_invite, name="round-invite"),
    path("rondes/<int:pk>/zelf-invullen/", round_fill_in_myself, name="round-fill-in-myself"),
    path(
        "rondes/<int:pk>/respondenten/<int:respondent_pk>/opnieuw-sturen/",
        respondent_resend,
        name="respondent-resend",
    ),
    path(
        "rondes/<int:pk>/respondenten/<int:respondent_pk>/intrekken/",
        respondent_revoke_view,
        name="respondent-revoke",
    ),
    path(
        "rondes/<int:pk>/respondenten/<int:respondent_pk>/terugzetten/",
        respondent_reinstate_view,
        name="respondent-reinstate",
    ),
]
