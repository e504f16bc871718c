"""Rounds: the list, creating one, the coordinator's dashboard, opening and closing."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ...common.sorting import natural_key
from ...common.views import refusal_shown
from ...organisations.models import Membership, Onderdeel
from ...organisations.selectors import (
    coordinated_organisations,
    coordinated_organisations_for_request,
)
from ..counting import group_size
from ..forms import RoundForm
from ..models import Respondent, Round
from ..scope import asked_of
from ..selectors import (
    RoundScopeFilter,
    answers_close_count,
    bouwsteen_total,
    get_round_for_coordinator,
    get_round_for_user,
    is_coordinator,
    response_by_rol,
    role_visibility,
)
from ..services import round_answers_close, round_close, round_open_and_invite
from ..start_keys import round_create_once


def questionnaire_url_for(request):
    """Turns a token into the absolute link that goes into the e-mail."""

    def url_for(token):
        return request.build_absolute_uri(reverse("assessments:questionnaire", args=[token]))

    return url_for


@login_required
def round_list(request):
    active = Q(respondents__revoked_at__isnull=True)
    # a begeleider's organisations are on their own overview (begeleider/views.py)
    colleagues = [Membership.Role.COORDINATOR, Membership.Role.VIEWER]
    rounds = (
        Round.objects.for_user(request.user, roles=colleagues)
        .select_related("organisation", "onderdeel")
        .annotate(
            bouwsteen_total=bouwsteen_total(),
            people=Count("respondents", filter=active, distinct=True),
            answered=Count(
                "respondents",
                filter=active & Q(respondents__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .distinct()
        .order_by("-created_at", "-pk")  # Meta.ordering does not apply to grouped queries
    )
    # The same list the nav shows, so it costs no extra query.
    coordinated = coordinated_organisations_for_request(request)
    rounds = list(rounds)
    scopes = RoundScopeFilter(rounds, request.GET.get("onderdeel"))
    # a rode draad lays two or more closed rounds side by side (rodedraad/)
    closed = Counter(round.organisation_id for round in rounds if round.is_closed)
    rode_draad = [organisation for organisation in coordinated if closed[organisation.pk] >= 2]
    context = {
        "rounds": scopes.rounds,
        "scopes": scopes,
        "can_create": bool(coordinated),
        "rode_draad": rode_draad,
    }
    return render(request, "assessments/round_list.html", context)


@login_required
def round_create_view(request):
    organisations = coordinated_organisations(request.user)
    if not organisations.exists():
        raise Http404
    form = RoundForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round, created = round_create_once(
                key=data["start_key"],
                organisation=data["organisation"],
                framework=data["framework"],
                name=data["name"],
                deadline=data["deadline"],
                created_by=request.user,
                onderdeel=data["onderdeel"],
                asked_bouwstenen=data["asked_bouwstenen"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(
                    request,
                    _("De ronde ‘%(name)s’ is aangemaakt. Nodig nu mensen uit.") % {"name": round},
                )
            return redirect("assessments:round-invite", pk=round.pk)
    return render(request, "assessments/round_form.html", {"form": form})


@login_required
def round_detail(request, pk):
    round = get_round_for_user(request, pk)
    user_coordinates = is_coordinator(request, round)
    respondents = list(
        Respondent.objects.filter(round=round)
        .select_related("rol", "invited_rol", "gemeente")
        .annotate(
            last_reminded=Max("reminders__sent_at"),
            # whether a bestuur respondent may be marked with a gemeente (in the same query)
            gemeenten_available=Exists(
                Onderdeel.objects.filter(
                    organisation_id=OuterRef("round__organisation_id"),
                    kind=Onderdeel.Kind.GEMEENTE,
                )
            ),
            # distinct: the join with the reminders would count each answer once per reminder
            answered=Count(
                "answers", filter=Q(answers__current_level__isnull=False), distinct=True
            ),
        )
    )
    # As the list shows them (name, else address), numbers by value: 2 before 10.
    respondents.sort(key=lambda respondent: natural_key(respondent.name or respondent.email))
    active = [r for r in respondents if not r.is_revoked]
    texts = round.model_texts()
    by_rol = response_by_rol(respondents, texts.rollen)
    # Complete but not sent: every asked bouwsteen has a current level, the last step is
    # missing.
    asked = len(asked_of(round, texts.bouwstenen))
    for respondent in respondents:
        respondent.is_complete = respondent.answered >= asked
    total = by_rol[-1]
    today = timezone.localdate()
    context = {
        "round": round,
        "is_coordinator": user_coordinates,
        "by_rol": by_rol,
        "total": total["total"],
        "submitted": total["submitted"],
        "rate": total["rate"],
        # Who has and has not answered is for the coordinator's eyes only.
        "respondents": respondents if user_coordinates else None,
        "waiting": sum(1 for r in active if r.invited_at and not r.is_submitted),
        "personal_data_left": any(not r.is_erased for r in respondents),
        "deadline_passed": round.is_open and round.deadline is not None and round.deadline < today,
        # before answering closes: will the role figures show with the people invited?
        "visibility": (
            role_visibility(round, respondents, texts.rollen)
            if user_coordinates and not round.answers_frozen
            else None
        ),
        "visibility_group_size": group_size(round.min_group_size),
        "bouwsteen_total": len(texts.bouwstenen),
    }
    return render(request, "assessments/round_detail.html", context)


@require_POST
@login_required
def round_open_view(request, pk):
    round = get_round_for_coordinator(request, pk)
    with refusal_shown(request):
        sent = round_open_and_invite(round=round, url_for=questionnaire_url_for(request))
        messages.success(
            request,
            ngettext(
                "De ronde is open. %(count)d uitnodiging verstuurd.",
                "De ronde is open. %(count)d uitnodigingen verstuurd.",
                sent,
            )
            % {"count": sent},
        )
    return redirect("assessments:round-detail", pk=round.pk)


@require_http_methods(["GET", "POST"])
@login_required
def round_answers_close_view(request, pk):
    """GET asks to confirm, saying exactly whose answers will count (selectors.
    answers_close_count): closing answering cannot be undone and releases the figures. It
    shows counts of people only, which the round page shows too, and no figure: the release
    it announces is the next link of the chain (counting.py), the same whenever it is read."""
    round = get_round_for_coordinator(request, pk)
    if request.method == "GET":
        if not round.is_open:
            return redirect("assessments:round-detail", pk=round.pk)
        count = answers_close_count(round)
        context = {
            "round": round,
            "total": count.people,
            "counted": len(count.counted),
            "left_out": len(count.left_out),
            "kept": len(count.kept),
            "own": len(count.own),
            "group_size": group_size(round.min_group_size),
        }
        return render(request, "assessments/round_answers_close.html", context)
    with refusal_shown(request):
        round_answers_close(round=round)
        messages.success(
            request,
            _(
                "Invullen is gesloten. De cijfers liggen vast; je kunt nu de "
                "consensusbijeenkomst houden en daarna de ronde sluiten."
            ),
        )
    return redirect("assessments:round-detail", pk=round.pk)


@require_http_methods(["GET", "POST"])
@login_required
def round_close_view(request, pk):
    """GET asks to confirm: after closing the consensus is final too. An open round first
    has its answering closed (round_answers_close_view); a concept round is never closed
    (it would become the previous round of the next one)."""
    round = get_round_for_coordinator(request, pk)
    if round.is_open:
        return redirect("assessments:round-answers-close", pk=round.pk)
    if request.method == "GET":
        if round.status != Round.Status.ANSWERS_CLOSED:
            return redirect("assessments:round-detail", pk=round.pk)
        context = {
            "round": round,
            "consensus": round.consensus.count(),
            "actions": round.actions.count(),
        }
        return render(request, "assessments/round_close.html", context)
    with refusal_shown(request):
        round_close(round=round)
        messages.success(request, _("De ronde is gesloten. Het rapport ligt nu vast."))
    return redirect("assessments:round-detail", pk=round.pk)


urlpatterns = [
    path("rondes/", round_list, name="round-list"),
    path("rondes/nieuw/", round_create_view, name="round-create"),
    path("rondes/<int:pk>/", round_detail, name="round-detail"),
    path("rondes/<int:pk>/openen/", round_open_view, name="round-open"),
    path(
        "rondes/<int:pk>/invullen-sluiten/",
        round_answers_close_view,
        name="round-answers-close",
    ),
    path("rondes/<int:pk>/sluiten/", round_close_view, name="round-close"),
]
