"""Rounds: the list, creating one, the coordinator's dashboard, opening and closing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ...common.sorting import natural_key
from ...common.views import refusal_shown
from ...organisations.models import Membership
from ...organisations.selectors import (
    coordinated_organisations,
    coordinated_organisations_for_request,
    get_round_for_coordinator,
    get_round_for_user,
    is_coordinator,
)
from ...reporting.disclosure import group_size
from ...reporting.tussenstand import sent_since_release
from ..forms import RoundForm
from ..models import Respondent, Round
from ..selectors import response_by_rol
from ..services import round_close, round_create, round_open_and_invite


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
        .select_related("organisation")
        .annotate(
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
    can_create = bool(coordinated_organisations_for_request(request))
    return render(
        request, "assessments/round_list.html", {"rounds": rounds, "can_create": can_create}
    )


@login_required
def round_create_view(request):
    organisations = coordinated_organisations(request.user)
    if not organisations.exists():
        raise Http404
    form = RoundForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round = round_create(
                organisation=data["organisation"],
                framework=data["framework"],
                name=data["name"],
                deadline=data["deadline"],
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
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
        .select_related("rol", "invited_rol")
        .annotate(last_reminded=Max("reminders__sent_at"))
    )
    # As the list shows them (name, else address), numbers by value: 2 before 10.
    respondents.sort(key=lambda respondent: natural_key(respondent.name or respondent.email))
    active = [r for r in respondents if not r.is_revoked]
    by_rol = response_by_rol(respondents, round.model_texts().rollen)
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
def round_close_view(request, pk):
    """GET asks to confirm, with the response so far: closing cannot be undone. A concept
    round is never closed (it would become the previous round of the next one)."""
    round = get_round_for_coordinator(request, pk)
    if round.status == Round.Status.CONCEPT:
        return redirect("assessments:round-detail", pk=round.pk)
    if request.method == "GET":
        if not round.is_open:
            return redirect("assessments:round-detail", pk=round.pk)
        active = Respondent.objects.active().filter(round=round)
        late = sent_since_release(round)
        context = {
            "round": round,
            "total": active.count(),
            "submitted": active.submitted().count(),
            # 1..N-1 people since the last tussenstand: the final report minus that
            # tussenstand would be about them alone
            "few_since_release": late if late and late < group_size(round.min_group_size) else 0,
            "group_size": group_size(round.min_group_size),
        }
        return render(request, "assessments/round_close.html", context)
    with refusal_shown(request):
        round_close(round=round)
        messages.success(request, _("De ronde is gesloten. Antwoorden liggen nu vast."))
    return redirect("assessments:round-detail", pk=round.pk)


urlpatterns = [
    path("rondes/", round_list, name="round-list"),
    path("rondes/nieuw/", round_create_view, name="round-create"),
    path("rondes/<int:pk>/", round_detail, name="round-detail"),
    path("rondes/<int:pk>/openen/", round_open_view, name="round-open"),
    path("rondes/<int:pk>/sluiten/", round_close_view, name="round-close"),
]
