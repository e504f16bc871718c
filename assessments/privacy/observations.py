"""A round's releases as the exact attacker (attacker.py) sees them: per release, who is in it
and what its figures showed, per question (a bouwsteen's current or desired level).

Read from what is stored, so it holds for every output at once: each released tussenstand
(its people and its frozen answers) and, once answering is closed, the final figures of the
people counted then, with the role figures. The figures are made by the one rule set every
output uses (reporting/disclosure.aggregate), at the group size given, by default the
round's now: once anyone sent it can only have gone up, so an earlier tussenstand may have
shown more than is replayed here (the command says so).
"""

from collections import defaultdict

from ..questionnaire.models import Answer
from ..reporting.disclosure import BESTUUR, aggregate, group_size
from ..reporting.releases import final_answer_rows
from ..reporting.stats import AnswerRow, Figures
from ..rounds.models import Respondent, Round
from ..rounds.selectors import coordinator_emails
from ..rounds.tussenstanden import Tussenstand
from .attacker import Observation

FIELDS = ("current", "desired")


def _counts(result: Figures) -> dict[int, int] | None:
    """What a figure showed about its people: levels 0-5 counted, or None when hidden."""
    if result.hidden:
        return None
    return {0: result.unknown, **result.distribution}


def _overall(rows, texts, people, size, with_roles, source) -> tuple[list[Observation], dict]:
    """The overall figures of one release per question, and what aggregate made of them."""
    bouwstenen = [item.id for item in texts.bouwstenen]
    roles = [rol.code for rol in texts.rollen]
    shown = aggregate(rows, bouwstenen, roles, min_group_size=size, with_roles=with_roles)
    return [
        Observation(
            (number, field), people, _counts(getattr(stats, field)), size, f"{source} ({field})"
        )
        for number, stats in shown.items()
        for field in FIELDS
    ], shown


def tussenstand_observations(round: Round, *, size: int | None = None) -> list[Observation]:
    """What each released tussenstand of the open or closed `round` showed (no roles). One
    query."""
    size = size or group_size(round.min_group_size)
    texts = round.model_texts()
    observations = []
    releases = Tussenstand.objects.filter(round=round).order_by("released_at", "pk")
    for index, release in enumerate(releases.values_list("respondent_ids", "rows"), start=1):
        people, rows = release
        answer_rows = [AnswerRow(b, None, current, desired) for b, current, desired in rows]
        found, _shown = _overall(
            answer_rows, texts, frozenset(people), size, False, f"tussenstand {index}"
        )
        observations += found
    return observations


def final_observations(round: Round, *, size: int | None = None) -> list[Observation]:
    """What the final figures of `round` show once answering is closed: the overall figures
    of the counted people, each shown role's figures of its counted people and each shown
    gemeente's figures of its counted bestuur ([] before). Three queries."""
    if not round.answers_frozen:
        return []
    size = size or group_size(round.min_group_size)
    texts = round.model_texts()
    codes = texts.rol_codes()
    counted = list(
        Respondent.objects.filter(round=round, counted=True).values_list(
            "pk", "rol_id", "insider", "gemeente_id"
        )
    )
    people = frozenset(pk for pk, *_rest in counted)
    by_rol, by_gemeente = defaultdict(set), defaultdict(set)
    for pk, rol_id, insider, gemeente in counted:
        if not insider and rol_id in codes:
            by_rol[codes[rol_id]].add(pk)
            if codes[rol_id] == BESTUUR and gemeente is not None:
                by_gemeente[gemeente].add(pk)
    rows, _ids = final_answer_rows(round, texts)
    observations, shown = _overall(rows, texts, people, size, True, "eind")
    for number, stats in shown.items():
        for rol in stats.shown_roles:
            observations.append(
                Observation(
                    (number, "current"),
                    frozenset(by_rol[rol]),
                    _counts(stats.by_rol[rol]),
                    size,
                    f"eind, rol {rol}",
                )
            )
        for gemeente in stats.shown_gemeenten:
            observations.append(
                Observation(
                    (number, "current"),
                    frozenset(by_gemeente[gemeente]),
                    _counts(stats.by_gemeente[gemeente]),
                    size,
                    f"eind, gemeente {gemeente}",
                )
            )
    return observations


def round_observations(round: Round, *, size: int | None = None) -> list[Observation]:
    """Everything the outputs of `round` have shown so far: every tussenstand, then the final
    figures once answering is closed."""
    return tussenstand_observations(round, size=size) + final_observations(round, size=size)


def known_answers(round: Round) -> dict[tuple, dict[int, int]]:
    """What a coordinator knows without any figure: the answers of the respondents whose
    address is a coordinator's (or of who created the round), per question and person.
    Two queries."""
    coordinators = {email.strip().lower() for email in coordinator_emails(round) if email}
    answers = Answer.objects.filter(respondent__round=round).values_list(
        "respondent_id", "respondent__email", "bouwsteen_id", "current_level", "desired_level"
    )
    known = defaultdict(dict)
    for person, email, bouwsteen, current, desired in answers:
        if email.strip().lower() in coordinators:
            known[bouwsteen, "current"][person] = -1 if current is None else current
            known[bouwsteen, "desired"][person] = -1 if desired is None else desired
    return dict(known)
