"""Inviting respondents to a round, reminding them, and resending, revoking or reinstating
their personal link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ...organisations.selectors import get_respondent_for_coordinator, get_round_for_coordinator
from ..forms import InviteListForm, InviteOneForm
from ..freeze import RoundClosedError
from ..invitations import (
    Invitee,
    invitations_send,
    respondent_reinstate,
    respondent_revoke,
    respondents_invite,
)
from ..models import Respondent, Round
from .rounds import questionnaire_url_for


@login_required
def round_invite(request, pk):
    """Two forms on one page: paste a list, or add one person. The valid lines of a list are
    added even when other lines are refused; every refused line is reported."""
    round = get_round_for_coordinator(request, pk)
    rollen = round.model_texts().rollen
    which = request.POST.get("form") if request.method == "POST" else None
    list_form = InviteListForm(request.POST if which == "list" else None, rollen=rollen)
    one_form = InviteOneForm(request.POST if which == "one" else None, rollen=rollen)
    line_errors = []
    status = 200
    if round.is_closed:
        if which:
            messages.error(request, RoundClosedError().messages[0])
            status = 409
    elif which == "list" and list_form.is_valid():
        line_errors = list(list_form.line_errors)
        result = respondents_invite(
            round=round, invitees=list_form.invitees, url_for=questionnaire_url_for(request)
        )
        for invitee in result.duplicates:
            line_errors.append(
                (
                    invitee.line,
                    _("%(email)s is al uitgenodigd voor deze ronde.") % {"email": invitee.email},
                )
            )
        line_errors.sort()
        _report_added(request, round, len(result.created))
        if not line_errors:
            return redirect("assessments:round-detail", pk=round.pk)
        list_form = InviteListForm(
            initial={"people": _refused_lines(list_form.cleaned_data["people"], line_errors)},
            rollen=rollen,
        )
    elif which == "previous" and (returning := _returning_people(round, rollen)[1]):
        result = respondents_invite(
            round=round, invitees=returning, url_for=questionnaire_url_for(request)
        )
        _report_added(request, round, len(result.created))
        return redirect("assessments:round-detail", pk=round.pk)
    elif which == "one" and one_form.is_valid():
        result = respondents_invite(
            round=round, invitees=[one_form.invitee()], url_for=questionnaire_url_for(request)
        )
        if result.duplicates:
            one_form.add_error("email", _("Dit e-mailadres is al uitgenodigd voor deze ronde."))
        else:
            _report_added(request, round, 1)
            return redirect("assessments:round-detail", pk=round.pk)
    previous, returning = _returning_people(round, rollen)
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
        },
        status=status,
    )


def _returning_people(round, rollen) -> tuple[Round | None, list[Invitee]]:
    """The organisation's previous closed round and its people with a working link (and
    their personal data not erased) who are not in this round yet, with the role they
    answered from (or were invited as), matched by code to this round's model."""
    previous = round.previous_closed()
    if previous is None:
        return None, []
    rol_ids = {rol.code: rol.id for rol in rollen}
    taken = {email.lower() for email in round.respondents.values_list("email", flat=True)}
    people = (
        Respondent.objects.active()
        .not_erased()
        .filter(round=previous)
        .select_related("rol", "invited_rol")
    )
    return previous, [
        Invitee(
            email=person.email,
            name=person.name,
            rol_id=rol_ids.get(getattr(person.rol or person.invited_rol, "code", None)),
        )
        for person in people
        if person.email.lower() not in taken
    ]


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


@require_POST
@login_required
def respondent_resend(request, pk, respondent_pk):
    round = get_round_for_coordinator(request, pk)
    respondent = get_respondent_for_coordinator(request, round, respondent_pk)
    if respondent.is_revoked or not round.is_open:
        messages.error(
            request, _("Alleen in een open ronde kun je een actieve link opnieuw sturen.")
        )
    else:
        invitations_send(respondents=[respondent], url_for=questionnaire_url_for(request))
        messages.success(
            request, _("De link is opnieuw gestuurd naar %(email)s.") % {"email": respondent.email}
        )
    return redirect("assessments:round-detail", pk=round.pk)


@require_POST
@login_required
def respondent_revoke_view(request, pk, respondent_pk):
    return _change_link(
        request,
        pk,
        respondent_pk,
        respondent_revoke,
        _("De link van %(email)s werkt niet meer. Deze antwoorden tellen niet mee."),
    )


def _change_link(request, pk, respondent_pk, change, done_message):
    """Revoke or reinstate one respondent's link; a closed round refuses with a message."""
    round = get_round_for_coordinator(request, pk)
    respondent = get_respondent_for_coordinator(request, round, respondent_pk)
    try:
        change(respondent=respondent)
    except RoundClosedError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, done_message % {"email": respondent.email})
    return redirect("assessments:round-detail", pk=round.pk)


@require_POST
@login_required
def round_remind(request, pk):
    """Remind everyone with a working link who has not sent their answers yet."""
    round = get_round_for_coordinator(request, pk)
    if not round.is_open:
        messages.error(request, _("Herinneringen kun je alleen sturen als de ronde open is."))
        return redirect("assessments:round-detail", pk=round.pk)
    waiting = Respondent.objects.active().filter(
        round=round, invited_at__isnull=False, submitted_at__isnull=True
    )
    sent = invitations_send(
        respondents=waiting.select_related("round__organisation"),
        url_for=questionnaire_url_for(request),
        reminder=True,
    )
    if sent:
        messages.success(
            request,
            ngettext("%(count)d herinnering verstuurd.", "%(count)d herinneringen verstuurd.", sent)
            % {"count": sent},
        )
    else:
        messages.info(request, _("Iedereen heeft al verstuurd. Er is geen herinnering gestuurd."))
    return redirect("assessments:round-detail", pk=round.pk)


@require_POST
@login_required
def round_fill_in_myself(request, pk):
    """The coordinator answers too: as a respondent under their own e-mail address, added
    (and sent their link) the first time, and taken to the questionnaire."""
    round = get_round_for_coordinator(request, pk)
    email = request.user.email
    if not round.is_open:
        messages.error(request, _("Invullen kan pas als de ronde open is."))
        return redirect("assessments:round-detail", pk=round.pk)
    if not email:
        messages.error(
            request,
            _("Je account heeft geen e-mailadres. Vraag de beheerder om het toe te voegen."),
        )
        return redirect("assessments:round-detail", pk=round.pk)
    respondent = round.respondents.filter(email__iexact=email).first()
    if respondent is None:
        invitee = Invitee(email=email, name=request.user.get_full_name())
        result = respondents_invite(
            round=round, invitees=[invitee], url_for=questionnaire_url_for(request)
        )
        respondent = result.created[0]
    elif respondent.is_revoked:
        messages.error(
            request, _("Je eigen link is ingetrokken. Laat hem eerst weer werken, hieronder.")
        )
        return redirect("assessments:round-detail", pk=round.pk)
    return redirect("assessments:questionnaire", token=respondent.token)


@require_POST
@login_required
def respondent_reinstate_view(request, pk, respondent_pk):
    return _change_link(
        request,
        pk,
        respondent_pk,
        respondent_reinstate,
        _("De link van %(email)s werkt weer. Deze antwoorden tellen weer mee."),
    )


urlpatterns = [
    path("rondes/<int:pk>/uitnodigen/", round_invite, name="round-invite"),
    path("rondes/<int:pk>/herinneren/", round_remind, name="round-remind"),
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
