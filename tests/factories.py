"""Small make_* helpers for test data. Every helper takes keyword arguments for what a test
cares about and fills in the rest."""

from itertools import count

from django.utils import timezone

from assessments.models import Answer, ImprovementAction, Onderdeel, Respondent, Round
from assessments.rounds.services import round_answers_close, round_close, round_open
from bouwstenen.models import Bouwsteen, Rol

_sequence = count(1)


def make_round(*, organisation, framework, name="Borgingsscan 2026", status="concept", **fields):
    """A round in the given status; a round that opened has its snapshot taken."""
    round = Round.objects.create(
        organisation=organisation, framework=framework, name=name, **fields
    )
    if status != Round.Status.CONCEPT:
        round = round_open(round=round)
    if status == Round.Status.ANSWERS_CLOSED:
        round = round_answers_close(round=round)
    if status == Round.Status.CLOSED:
        round = round_close(round=round)
    return round


def make_respondent(*, round, rol=None, email=None, **fields):
    """A respondent of the round; `rol` is a Rol or its code (bestuur, managers, adviseurs)."""
    if isinstance(rol, str):
        rol = Rol.objects.get(framework=round.framework, code=rol)
    email = email or f"respondent{next(_sequence)}@example.org"
    return Respondent.objects.create(round=round, email=email, rol=rol, **fields)


def make_answers(*, respondent, levels, desired=None, toelichting=""):
    """Answers for bouwstenen by number: `levels` maps number to current level (0 = weet ik
    niet); `desired` maps number to desired level."""
    desired = desired or {}
    bouwstenen = {
        bouwsteen.number: bouwsteen
        for bouwsteen in Bouwsteen.objects.filter(
            framework=respondent.round.framework, number__in=levels
        )
    }
    return Answer.objects.bulk_create(
        Answer(
            respondent=respondent,
            bouwsteen=bouwstenen[number],
            current_level=level,
            desired_level=desired.get(number),
            toelichting=toelichting,
        )
        for number, level in levels.items()
    )


def niveau_post(round, niveau, *, levels=None, desired=None, toelichting=None, **extra):
    """POST data for a niveau page of the questionnaire: `levels`, `desired` and `toelichting`
    map bouwsteen number to the value to send; bouwstenen not named are sent empty."""
    levels, desired, toelichting = levels or {}, desired or {}, toelichting or {}
    data = dict(extra)
    for bouwsteen in round.snapshot["bouwstenen"]:
        if bouwsteen["niveau"] != niveau:
            continue
        pk, number = bouwsteen["id"], bouwsteen["number"]
        data[f"b{pk}_current"] = str(levels.get(number, ""))
        data[f"b{pk}_desired"] = str(desired.get(number, ""))
        data[f"b{pk}_toelichting"] = toelichting.get(number, "")
    return data


def numbers_on(round, niveau):
    """Numbers of the bouwstenen shown on a niveau page, in order."""
    return [b["number"] for b in round.snapshot["bouwstenen"] if b["niveau"] == niveau]


def make_submitted_respondent(
    *, round, rol, levels, desired=None, toelichting="", submitted=True, name=""
):
    """A respondent (who submitted, unless told otherwise) with answers for bouwstenen by
    number: `levels` maps number to current level (0 = weet ik niet), `desired` to desired."""
    respondent = make_respondent(
        round=round, rol=rol, name=name, submitted_at=timezone.now() if submitted else None
    )
    make_answers(respondent=respondent, levels=levels, desired=desired, toelichting=toelichting)
    return respondent


def make_scored_round(*, organisation, framework, per_role=3, name="Borgingsscan 2026", **fields):
    """An open round where `per_role` respondents of each role scored all 11 bouwstenen:
    bestuur 4, managers 3, adviseurs 2 (desired 4), with one "weet ik niet" on bouwsteen 11.
    `fields` go to the round (onderdeel, asked_bouwstenen: then only those are scored)."""
    round = make_round(
        organisation=organisation, framework=framework, name=name, status="open", **fields
    )
    numbers = [number for number in range(1, 12) if round.asks(number)]
    for rol, level in (("bestuur", 4), ("managers", 3), ("adviseurs", 2)):
        for index in range(per_role):
            levels = dict.fromkeys(numbers, level)
            if rol == "bestuur" and index == 0 and 11 in levels:
                levels[11] = 0
            make_submitted_respondent(
                round=round,
                rol=rol,
                levels=levels,
                desired=dict.fromkeys(numbers, 4),
                toelichting=f"Toelichting van {rol}",
                name=f"Jansen-{rol}-{index}",
            )
    return round


def make_onderdeel(*, organisation, name="Projectteam Woonvisie", kind="vraagstuk"):
    """A part of the organisation a round may be about (Round.onderdeel)."""
    return Onderdeel.objects.create(organisation=organisation, name=name, kind=kind)


def make_action(*, round, number=1, title="Training voor projectleiders", rol="managers", **fields):
    return ImprovementAction.objects.create(
        round=round,
        bouwsteen=Bouwsteen.objects.get(framework=round.framework, number=number),
        owner_rol=Rol.objects.get(framework=round.framework, code=rol),
        title=title,
        **fields,
    )


def make_scored_rounds_apart(*, framework, member, per_role=(1, 10), status="closed"):
    """One scored round per size in `per_role`, each of its own organisation (so none is
    another's previous round), `member` a lezer of all; closed unless `status` is "open"."""
    from assessments.models import Membership, Organisation

    rounds = []
    for size in per_role:
        organisation = Organisation.objects.create(
            name=f"Gemeente {size} per rol", slug=f"gemeente-{size}-per-rol"
        )
        Membership.objects.create(
            organisation=organisation, user=member, role=Membership.Role.VIEWER
        )
        round = make_scored_round(organisation=organisation, framework=framework, per_role=size)
        rounds.append(round_close(round=round) if status == "closed" else round)
    return rounds


def race_after_full_clean(monkeypatch, model, other_request):
    """Simulate a request racing this one: after the first full_clean() of a `model`
    instance, `other_request(instance)` writes (once), as if another request committed
    between this one's checks and its insert. Returns the list of what it returned."""
    clean, raced = model.full_clean, []

    def full_clean_then_the_other_request(self, *args, **kwargs):
        clean(self, *args, **kwargs)
        if not raced:
            raced.append(other_request(self))

    monkeypatch.setattr(model, "full_clean", full_clean_then_the_other_request)
    return raced
