"""Reads about a round that views and services share: the scoping helpers of a round and
its respondents (each gives 404 to whoever may not see it, as organisations/selectors.py),
the response per role, the reminder audience and the people of the previous round."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from bouwstenen.models import Bouwsteen

from ..organisations.begeleider_access import begeleider_gate, note_access_ended
from ..organisations.models import Membership, Onderdeel
from ..organisations.selectors import coordinated_organisations_for_request
from .counting import Count, group_size, insiders, people_counted
from .invitations import Invitee
from .models import Respondent, Round
from .tussenstanden import Tussenstand
from .visibility import role_outlook


def get_round_for_user(request, pk) -> Round:
    """A round of one of the user's organisations (any role). A begeleider gets it only on
    the pages they may open, and each is in the logboek (organisations/begeleider_access.py)."""
    round = (
        Round.objects.for_user(request.user)
        .select_related("organisation", "framework", "onderdeel")
        .annotate(member_role=F("organisation__memberships__role"))
        .distinct()
        .filter(pk=pk)
        .first()
    )
    if round is None:
        note_access_ended(request, rounds__pk=pk)
        raise Http404
    begeleider_gate(request, role=round.member_role, organisation=round.organisation, round=round)
    return round


def get_round_for_coordinator(request, pk) -> Round:
    """A round of an organisation the user coordinates; `has_gemeenten` says whether its
    organisation has gemeenten (for gemeente_choices, in the same query)."""
    return get_object_or_404(
        Round.objects.coordinated_by(request.user)
        .select_related("organisation", "framework", "onderdeel")
        .annotate(has_gemeenten=Exists(_gemeenten(OuterRef("organisation_id"))))
        .distinct(),
        pk=pk,
    )


def _gemeenten(organisation_id) -> QuerySet:
    return Onderdeel.objects.filter(organisation_id=organisation_id, kind=Onderdeel.Kind.GEMEENTE)


def gemeente_choices(round: Round) -> list[tuple[int, str]]:
    """(id, name) of the round's organisation's gemeenten (onderdelen of kind gemeente), by
    name: what a bestuur respondent may be marked with. One query, none when the round was
    read knowing there are none (get_round_for_coordinator)."""
    if getattr(round, "has_gemeenten", True) is False:
        return []
    return list(_gemeenten(round.organisation_id).order_by("name", "pk").values_list("pk", "name"))


def get_respondent_for_coordinator(request, round, pk) -> Respondent:
    """A respondent of a round the user coordinates (round from get_round_for_coordinator)."""
    return get_object_or_404(Respondent.objects.select_related("round"), round=round, pk=pk)


def get_respondent_by_token(token) -> Respondent:
    """The respondent with this personal link, with round, organisation and role. Revoked or
    unknown tokens give 404, and so does one with a NUL byte (PostgreSQL refuses it in a
    query)."""
    if not token or len(token) > 64 or "\x00" in token:
        raise Http404
    return get_object_or_404(
        Respondent.objects.active().select_related("round__organisation", "rol"), token=token
    )


def is_coordinator(request, round) -> bool:
    """Whether the current user coordinates the round's organisation. Reads the request's
    list of coordinated organisations, which the nav needs anyway."""
    return any(
        organisation.pk == round.organisation_id
        for organisation in coordinated_organisations_for_request(request)
    )


def get_round_for_member_coordinator(request, pk) -> Round:
    """A round of one of the user's organisations that the user coordinates. A member who is
    only a viewer gets 403 (they may know the round exists, not change it); others get 404."""
    round = get_round_for_user(request, pk)
    if not is_coordinator(request, round):
        raise PermissionDenied
    return round


def round_percent(part: int, whole: int) -> int:
    """`part` of `whole` in whole percents; 0 when `whole` is 0."""
    return round(100 * part / whole) if whole else 0


def response_by_rol(respondents, rollen) -> list[dict]:
    """The exact response, the one count the dashboard, the report, the consensus page, the
    PDF and the CSV all show. `respondents`: everyone on the round's list, revoked included
    (Respondent objects, or anything with their rol_id, invited_rol_id, revoked_at,
    submitted_at and last_step). Per role: "total" (invited, with a working link), "opened"
    (of those, who started the questionnaire), "submitted" (of those, who sent), "revoked"
    (links withdrawn; their answers count nowhere) and "rate" (submitted of total, whole
    percents). A respondent counts under the role they answer from, or else the role they were
    invited as ("Rol nog onbekend" if neither, a row shown only when someone is in it). The
    last row is the total ("is_total")."""
    return response_by_rol_grouped(
        (
            {
                "rol_id": respondent.rol_id,
                "invited_rol_id": respondent.invited_rol_id,
                "people": 1,
                "revoked": int(respondent.revoked_at is not None),
                "opened": int(
                    respondent.revoked_at is None
                    and bool(respondent.last_step or respondent.submitted_at)
                ),
                "submitted": int(
                    respondent.revoked_at is None and respondent.submitted_at is not None
                ),
            }
            for respondent in respondents
        ),
        rollen,
    )


def response_groups(respondents: QuerySet[Respondent]) -> list[dict]:
    """The people of `respondents` counted per rol_id and invited_rol_id, as
    response_by_rol_grouped takes them: one grouped query, a row per role pair."""
    active = Q(revoked_at__isnull=True)
    return list(
        respondents.order_by()
        .values("rol_id", "invited_rol_id")
        .annotate(
            people=models.Count("pk"),
            revoked=models.Count("pk", filter=~active),
            opened=models.Count(
                "pk", filter=active & (~Q(last_step="") | Q(submitted_at__isnull=False))
            ),
            submitted=models.Count("pk", filter=active & Q(submitted_at__isnull=False)),
        )
    )


def response_by_rol_grouped(groups, rollen) -> list[dict]:
    """response_by_rol from people counted in groups (response_groups): each with rol_id,
    invited_rol_id, people (revoked included), revoked, opened and submitted."""
    rows = {rol.id: _response_row(rol.name) for rol in rollen}
    unknown = _response_row(_("Rol nog onbekend"))
    total = _response_row(_("Totaal"), is_total=True)
    for group in groups:
        row = rows.get(group["rol_id"] or group["invited_rol_id"], unknown)
        for counted in (row, total):
            counted["revoked"] += group["revoked"]
            counted["total"] += group["people"] - group["revoked"]
            counted["opened"] += group["opened"]
            counted["submitted"] += group["submitted"]
    result = list(rows.values()) + ([unknown] if unknown["total"] or unknown["revoked"] else [])
    result.append(total)
    for row in result:
        row["rate"] = round_percent(row["submitted"], row["total"])
    return result


def _response_row(name: str, is_total: bool = False) -> dict:
    return {
        "name": name,
        "total": 0,
        "opened": 0,
        "submitted": 0,
        "revoked": 0,
        "is_total": is_total,
    }


def pending_invitations(round: Round) -> QuerySet[Respondent]:
    """People with a working link who have not had their invitation yet (added while the
    round was in concept), with round and organisation for the e-mail."""
    return (
        Respondent.objects.active()
        .filter(round=round, invited_at__isnull=True)
        .select_related("round__organisation")
    )


def reminder_audience(round: Round) -> QuerySet[Respondent]:
    """Who gets a reminder: people with a working link who were invited and have not sent
    their answers yet, with round and organisation for the e-mail."""
    return (
        Respondent.objects.active()
        .filter(round=round, invited_at__isnull=False, submitted_at__isnull=True)
        .select_related("round__organisation")
    )


def returning_people(round: Round, rollen) -> tuple[Round | None, list[Invitee]]:
    """The organisation's previous closed round and its people with a working link (and
    their personal data not erased) who are not in this round yet, with the role they
    answered from (or were invited as), matched by code to this round's `rollen`. (None, [])
    when there is no previous closed round."""
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
            rol_id=rol_ids.get(getattr(person.shown_rol, "code", None)),
            language=person.language,
        )
        for person in people
        if person.email.lower() not in taken
    ]


@dataclass(frozen=True)
class AnswersCloseCount(Count):
    """counting.Count for one round, with its insiders (coordinators who filled it in) and
    how many people have a working link or count (the close page's "van")."""

    insiders: frozenset[int] = frozenset()
    people: int = 0


def coordinator_emails(round: Round) -> QuerySet:
    """The addresses of the round's insiders: whoever coordinates its organisation, and who
    created it (a lazy query)."""
    return (
        get_user_model()
        .objects.filter(
            Q(pk=round.created_by_id)
            | Q(
                memberships__organisation_id=round.organisation_id,
                memberships__role=Membership.Role.COORDINATOR,
            )
        )
        .values_list("email", flat=True)
    )


def sent_since(round: Round, released_ids: set[int]) -> set[int]:
    """The active respondents who sent, are not in `released_ids` and are not insiders: a
    new tussenstand adds exactly them once they are at least the group size (counting.py).
    A coordinator's own answers (their self-fill) are never released. Two queries."""
    people = Respondent.objects.active().submitted().filter(round=round)
    new = {pk: email for pk, email in people.values_list("pk", "email") if pk not in released_ids}
    inside = insiders(new, coordinator_emails(round)) if new else set()
    return set(new) - inside


def answers_close_count(round: Round) -> AnswersCloseCount:
    """Who would count if answering closed now (counting.people_counted, the last link of
    the chain of releases), who sent but are insiders (coordinators or who created the round,
    counting.insiders), and how many people the count is out of: those with a working link
    and those counted although revoked, so the counted are never more. Three queries: the
    people, the latest tussenstand, the coordinators' addresses."""
    people = list(
        Respondent.objects.filter(round=round).values_list(
            "pk", "email", "revoked_at", "submitted_at"
        )
    )
    sent = [pk for pk, _email, revoked, submitted in people if revoked is None and submitted]
    latest = Tussenstand.objects.filter(round=round).values_list("respondent_ids", flat=True)
    inside = insiders({pk: email for pk, email, *_rest in people}, coordinator_emails(round))
    count = people_counted(
        sent, latest.first() or (), group_size(round.min_group_size), insiders=inside
    )
    active = {pk for pk, _email, revoked, _submitted in people if revoked is None}
    return AnswersCloseCount(
        counted=count.counted,
        left_out=count.left_out,
        kept=count.kept,
        own=count.own,
        insiders=frozenset(inside & (count.counted | count.own)),
        people=len(active | count.counted),
    )


def role_visibility(round: Round, respondents, rollen) -> list:
    """The forecast of which roles' figures will show with the people on the round's list
    (visibility.role_outlook), for the coordinator while inviting and before opening.
    `respondents`: the round's Respondent objects (rol_id, invited_rol_id, email,
    revoked_at); `rollen`: the model's roles (texts.rollen). Revoked links and the round's
    insiders (coordinators' addresses) count in no role. One query (the insiders)."""
    active = {r.pk: r for r in respondents if r.revoked_at is None}
    inside = insiders({pk: r.email for pk, r in active.items()}, coordinator_emails(round))
    codes = {rol.id: rol.code for rol in rollen}
    people: dict[str, int] = {}
    unknown_role = 0
    for pk, respondent in active.items():
        if pk in inside:
            continue
        code = codes.get(respondent.rol_id or respondent.invited_rol_id)
        if code is None:
            unknown_role += 1
        else:
            people[code] = people.get(code, 0) + 1
    return role_outlook(
        [(rol.code, rol.name) for rol in rollen],
        people,
        unknown_role,
        group_size(round.min_group_size),
    )


def bouwsteen_total():
    """An annotation: how many bouwstenen the round's model has (the "van 11" of "7 van 11
    bouwstenen"), inside the round's own query."""
    per_framework = (
        Bouwsteen.objects.filter(framework=OuterRef("framework"))
        .order_by()
        .values("framework")
        .annotate(total=models.Count("pk"))
        .values("total")
    )
    return Subquery(per_framework, output_field=models.IntegerField())


WHOLE_ORGANISATION = "heel"  # the filter's value for the rounds about a whole organisation


class RoundScopeFilter:
    """The round list's filter by scope, from the rounds already read (no query): the
    choices are the whole organisation and the parts the rounds are about; `rounds` are the
    ones the chosen value keeps (all for an empty or unknown value)."""

    def __init__(self, rounds: list[Round], value: str | None):
        parts = {r.onderdeel_id: r.onderdeel for r in rounds if r.onderdeel_id is not None}
        self.parts = sorted(parts.values(), key=lambda part: (part.name.lower(), part.pk))
        self.has_whole = any(r.onderdeel_id is None for r in rounds)
        known = {str(pk) for pk in parts} | {WHOLE_ORGANISATION}
        self.value = value if value in known else ""
        self.whole_value = WHOLE_ORGANISATION
        if self.value == WHOLE_ORGANISATION:
            rounds = [r for r in rounds if r.onderdeel_id is None]
        elif self.value:
            rounds = [r for r in rounds if str(r.onderdeel_id) == self.value]
        self.rounds = rounds

    @property
    def offered(self) -> bool:
        """Worth a filter: rounds about more than one scope."""
        return len(self.parts) + self.has_whole > 1 or bool(self.value)
