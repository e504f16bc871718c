"""The questionnaire a respondent fills in through their personal link (no account).

Steps: the role page, one page per niveau, and the summary. Texts come from the round's
snapshot, so a page needs no query for the model: only the respondent (with round and role)
and their answers, each in one query.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..rounds.freeze import RoundClosedError
from ..rounds.selectors import get_respondent_by_token
from .forms import AutosaveError, NiveauAnswersForm, RolForm, autosave_inputs
from .services import (
    IncompleteAnswersError,
    answers_save,
    answers_save_by_token,
    in_released_tussenstand,
    respondent_reopen,
    respondent_set_rol,
    respondent_submit,
)
from .steps import STEP_ROL, STEP_SUMMARY, Questionnaire
from .welcome import questionnaire_closed


def _not_open(request, q):
    return render(request, "assessments/questionnaire/not_open.html", q.context(STEP_ROL))


def _refuse_closed(request, q, step, template, error=None, **extra):
    """A write that is refused (round not open, or answers sent): say why, save nothing,
    show the page again."""
    error = error or q.refusal or RoundClosedError()
    messages.error(request, error.messages[0])
    return render(request, template, q.context(step, **extra), status=409)


def questionnaire_start(request, token):
    """The link in the e-mail: sends the respondent to the introduction the first time, then
    to where they stopped; once the round is closed it says so (welcome.py)."""
    respondent = get_respondent_by_token(token)
    if respondent.round.is_closed:
        return questionnaire_closed(request, respondent)
    q = Questionnaire(respondent)
    if q.round.status == q.round.Status.CONCEPT:
        return _not_open(request, q)
    if respondent.rol_id is None and not respondent.last_step:
        # someone new reads the introduction first
        return redirect("assessments:questionnaire-intro", token=token)
    return redirect(q.url(q.resume_step()))


@require_http_methods(["GET", "POST"])
def questionnaire_rol(request, token):
    q = Questionnaire(get_respondent_by_token(token))
    if q.round.status == q.round.Status.CONCEPT:
        return _not_open(request, q)
    template = "assessments/questionnaire/rol.html"
    initial = {"rol": q.respondent.rol_id or q.respondent.invited_rol_id}
    initial["function"] = q.respondent.function
    form = RolForm(request.POST or None, rollen=q.texts.rollen, initial=initial)
    _previous, following = q.neighbours(STEP_ROL)
    if request.method == "POST":
        if q.refusal:
            return _refuse_closed(request, q, STEP_ROL, template, form=form)
        if form.is_valid():
            try:
                respondent_set_rol(
                    respondent=q.respondent,
                    rol_id=form.cleaned_data["rol"],
                    function=form.cleaned_data["function"].strip(),
                    last_step=following,
                )
            except RoundClosedError as error:  # closed or sent since the page was read
                return _refuse_closed(request, q, STEP_ROL, template, error, form=form)
            return redirect(q.url(following))
    return render(request, template, q.context(STEP_ROL, form=form))


@require_http_methods(["GET", "POST"])
def questionnaire_niveau(request, token, niveau):
    q = Questionnaire(get_respondent_by_token(token))
    step = f"niveau:{niveau}"
    if step not in q.steps:
        raise Http404
    if q.round.status == q.round.Status.CONCEPT:
        return _not_open(request, q)
    if q.respondent.rol_id is None:
        return redirect(q.url(STEP_ROL))
    template = "assessments/questionnaire/niveau.html"
    bouwstenen = q.bouwstenen(niveau)
    form = NiveauAnswersForm(
        request.POST if request.method == "POST" else None,
        bouwstenen=bouwstenen,
        scale=q.texts.scale,
        answers=q.answers,
    )
    previous, following = q.neighbours(step)
    niveau_texts = next(n for n in q.niveaus if n.code == niveau)
    # "Wijzigen" on the summary adds ?terug=overzicht; the page then offers the way back.
    back_to_summary = request.GET.get("terug") == "overzicht"
    extra = {
        "form": form,
        "niveau": niveau_texts,
        "scale": q.texts.scale,
        "bouwstenen": bouwstenen,
        "previous_url": q.url(previous),
        "summary_url": q.url(STEP_SUMMARY),
        "back_to_summary": back_to_summary,
        "autosave_url": reverse("assessments:questionnaire-autosave", args=[token]),
        # autosave.js counts this page's answers itself and adds the others.
        "answered_elsewhere": q.answered - q.answered_of(bouwstenen),
    }
    if request.method == "POST":
        if q.refusal:
            _disable(form)
            return _refuse_closed(request, q, step, template, **extra)
        if not form.is_valid():
            return render(request, template, q.context(step, **extra))
        target = previous if "previous" in request.POST else following
        if back_to_summary and "summary" in request.POST:
            target = STEP_SUMMARY
        try:
            result = answers_save(
                respondent=q.respondent, answers=form.answer_inputs(q.answers), last_step=target
            )
        except RoundClosedError as error:  # closed or sent in another tab meanwhile
            _disable(form)
            return _refuse_closed(request, q, step, template, error, **extra)
        except ValidationError as error:  # a bouwsteen the round does not ask: nothing saved
            messages.error(request, error.messages[0])
            return render(request, template, q.context(step, **extra), status=400)
        if result.conflicts:
            # Show what is stored now: the newer answers from the other window, and this
            # page's other answers as just saved.
            q.answers = {a.bouwsteen_id: a for a in q.respondent.answers.all()}
            extra["form"] = NiveauAnswersForm(
                bouwstenen=bouwstenen,
                scale=q.texts.scale,
                answers=q.answers,
                conflicts={a.bouwsteen_id for a in result.conflicts},
            )
            extra["conflicts"] = result.conflicts
            return render(request, template, q.context(step, **extra), status=409)
        return redirect(q.url(target))
    if q.refusal:
        _disable(form)
    return render(request, template, q.context(step, **extra))


# The link is the credential, not a cookie: a page on another site could only forge a save
# with the link, and whoever has it can post directly. So the CSRF check adds nothing here
# (the niveau pages keep it, for their forms).
@csrf_exempt
@require_POST
def questionnaire_autosave(request, token):
    """Autosave from a niveau page (static/js/autosave.js): JSON with only the answers that
    changed since the page's last acknowledged save, each with the version it was based on.
    Builds no page: one query resolves the link and locks the round's state, one
    conditional upsert stores the answers, one update records the page's mark (and one more
    reads the stored answers it refused). Answers 200 with the new versions; 409 when an
    answer was changed elsewhere (with the stored values) or the round is not open; 400 for
    a malformed body or a value off the scale, saving nothing."""
    try:
        niveau, answers, mark = autosave_inputs(request.body)
    except AutosaveError:
        return _autosave_refused(400)
    _check_token(token)
    try:
        result = answers_save_by_token(token=token, answers=answers, niveau=niveau, mark=mark)
    except RoundClosedError as error:
        return JsonResponse({"ok": False, "closed": True, "message": error.messages[0]}, status=409)
    except ValidationError as error:
        return _autosave_refused(400, errors=error.messages)
    conflicts = [
        {
            "bouwsteen": answer.bouwsteen_id,
            "version": answer.version,
            "current": answer.current_level,
            "desired": answer.desired_level,
            "toelichting": answer.toelichting,
        }
        for answer in result.conflicts
    ]
    body = {"ok": not conflicts, "saved": result.saved, "conflicts": conflicts}
    if conflicts:
        body["message"] = _("Dit antwoord is intussen in een ander venster gewijzigd.")
    return JsonResponse(body, status=409 if conflicts else 200)


def _autosave_refused(status, errors=()):
    message = _("Niet bewaard: verbeter de fouten op deze pagina.")
    return JsonResponse({"ok": False, "message": message, "errors": list(errors)}, status=status)


def _check_token(token):
    # The same rule as get_respondent_by_token, before the token reaches the database.
    if not token or len(token) > 64 or "\x00" in token:
        raise Http404


def _disable(form):
    for field in form.fields.values():
        field.disabled = True


@require_http_methods(["GET", "POST"])
def questionnaire_summary(request, token):
    q = Questionnaire(get_respondent_by_token(token))
    if q.round.status == q.round.Status.CONCEPT:
        return _not_open(request, q)
    if q.respondent.rol_id is None:
        return redirect(q.url(STEP_ROL))
    template = "assessments/questionnaire/summary.html"
    rows = []
    for niveau in q.niveaus:
        for bouwsteen in q.bouwstenen(niveau.code):
            answer = q.answers.get(bouwsteen.id)
            rows.append(
                {
                    "niveau": niveau,
                    "bouwsteen": bouwsteen,
                    "current": q.level_label(answer and answer.current_level),
                    "desired": q.level_label(answer and answer.desired_level),
                    "toelichting": answer.toelichting if answer else "",
                    "missing": answer is None or answer.current_level is None,
                    "url": q.url(f"niveau:{niveau.code}")
                    + f"?terug=overzicht#bouwsteen-{bouwsteen.number}",
                }
            )
    previous, _following = q.neighbours(STEP_SUMMARY)
    extra = {
        "rows": rows,
        "previous_url": q.url(previous),
        "missing": [],
        "reopen": _reopen_state(q),
    }
    if request.method == "POST":
        if not q.round.is_open:
            return _refuse_closed(request, q, STEP_SUMMARY, template, **extra)
        try:
            submitted = respondent_submit(respondent=q.respondent, last_step=STEP_SUMMARY)
        except RoundClosedError as error:  # closed since the page was read
            return _refuse_closed(request, q, STEP_SUMMARY, template, error, **extra)
        except IncompleteAnswersError as error:
            missing_ids = {bouwsteen.id for bouwsteen in error.missing}
            extra["missing"] = [row for row in rows if row["bouwsteen"].id in missing_ids]
            return render(request, template, q.context(STEP_SUMMARY, **extra), status=400)
        if submitted:
            messages.success(
                request,
                _(
                    "Bedankt, je antwoorden zijn verstuurd. Ze liggen nu vast. Wil je toch nog "
                    "iets veranderen? Kies dan ‘Antwoorden weer openen’, zolang ze nog niet in "
                    "een tussenstand meetellen."
                ),
            )
        else:
            messages.info(
                request,
                _(
                    "Je had de vragenlijst al verstuurd. Er is niets dubbel verstuurd; je "
                    "antwoorden zijn bewaard."
                ),
            )
        return redirect(q.url(STEP_SUMMARY))
    return render(request, template, q.context(STEP_SUMMARY, **extra))


def _reopen_state(q) -> str:
    """Whether the summary offers to reopen sent answers: "" (not sent, or the round is not
    open), "possible", or "released" (in a tussenstand: they stay as sent)."""
    if not (q.round.is_open and q.respondent.is_submitted):
        return ""
    return "released" if in_released_tussenstand(q.respondent) else "possible"


@require_POST
def questionnaire_reopen(request, token):
    """ "Antwoorden weer openen" on the summary: the sent questionnaire can be changed again
    and must be sent again to count (services.respondent_reopen)."""
    respondent = get_respondent_by_token(token)
    try:
        if respondent_reopen(respondent=respondent):
            messages.success(
                request,
                _(
                    "Je antwoorden staan weer open. Ze tellen pas weer mee als je ze opnieuw "
                    "verstuurt."
                ),
            )
    except ValidationError as error:  # not open any more, or in a tussenstand
        messages.error(request, error.messages[0])
    return redirect("assessments:questionnaire-summary", token=token)


urlpatterns = [
    path(  # first: most of the traffic (borgingshuis/urls.py)
        "vragenlijst/<str:token>/autosave/",
        questionnaire_autosave,
        name="questionnaire-autosave",
    ),
    path("vragenlijst/<str:token>/", questionnaire_start, name="questionnaire"),
    path("vragenlijst/<str:token>/rol/", questionnaire_rol, name="questionnaire-rol"),
    path(
        "vragenlijst/<str:token>/niveau/<slug:niveau>/",
        questionnaire_niveau,
        name="questionnaire-niveau",
    ),
    path(
        "vragenlijst/<str:token>/overzicht/",
        questionnaire_summary,
        name="questionnaire-summary",
    ),
    path(
        "vragenlijst/<str:token>/weer-openen/",
        questionnaire_reopen,
        name="questionnaire-reopen",
    ),
]
