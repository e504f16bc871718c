"""Closed scans of an organisation's parts, made with the factories and services, for the
rode draad's tests (and the privacy attacker's, and the browser's)."""

import datetime

import time_machine

from assessments.models import Onderdeel, Respondent
from assessments.rounds.services import round_close
from bouwstenen.models import Rol
from tests.factories import make_answers, make_round

ALL = list(range(1, 12))


def make_part(organisation, name, kind=Onderdeel.Kind.VRAAGSTUK):
    return Onderdeel.objects.create(organisation=organisation, name=name, kind=kind)


def make_scan(
    organisation,
    framework,
    name,
    *,
    levels,
    desired=None,
    onderdeel=None,
    asked=(),
    emails=None,
    people=3,
    day=1,
    roles=None,
):
    """A closed round `name` where `people` respondents (a rol each in turn; `emails` when
    given; `roles` their rol codes, else bestuur, managers, adviseurs in turn) answered every
    asked bouwsteen: `levels` maps number to current level (or a list,
    one per person), `desired` likewise (default 4). Closed on `day` March 2026."""
    moment = datetime.datetime(2026, 3, day, 12, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        round = make_round(
            organisation=organisation,
            framework=framework,
            name=name,
            status="open",
            onderdeel=onderdeel,
            asked_bouwstenen=list(asked),
        )
        numbers = list(asked) or ALL
        rollen = {rol.code: rol for rol in Rol.objects.filter(framework=round.framework)}
        codes = ["bestuur", "managers", "adviseurs"]
        emails = emails or [
            f"{name.lower().replace(' ', '-')}-{i}@example.org" for i in range(people)
        ]
        for index, email in enumerate(emails):
            respondent = Respondent.objects.create(
                round=round,
                email=email,
                rol=rollen[roles[index] if roles else codes[index % 3]],
                submitted_at=moment,
            )
            make_answers(
                respondent=respondent,
                levels={
                    n: _pick(levels, n, index)
                    for n in numbers
                    if _pick(levels, n, index) is not None
                },
                desired={n: _pick(desired or {}, n, index, 4) for n in numbers},
            )
        return round_close(round=round)


def _pick(values, number, index, default=3):
    value = values.get(number, default) if isinstance(values, dict) else values
    if isinstance(value, list):
        return value[index % len(value)]
    return value


def make_many_scans(organisation, framework, count, people=100):
    """`count` closed scans of `people` each (written in bulk): per bouwsteen a median of 2, 3
    or 4 in turn over the scans, every tenth scan skipping bouwsteen 11."""
    from django.utils import timezone

    from assessments.models import Answer
    from bouwstenen.models import Bouwsteen

    bouwstenen = list(Bouwsteen.objects.filter(framework=framework).order_by("number"))
    rollen = list(Rol.objects.filter(framework=framework).order_by("order"))
    rounds = []
    for index in range(count):
        asked = list(range(1, 11)) if index % 10 == 9 else []
        round = make_round(
            organisation=organisation,
            framework=framework,
            name=f"Scan team {index + 1}",
            status="open",
            asked_bouwstenen=asked,
        )
        respondents = Respondent.objects.bulk_create(
            Respondent(
                round=round,
                email=f"team{index}-{person}@example.org",
                rol=rollen[person % len(rollen)],
                submitted_at=timezone.now(),
            )
            for person in range(people)
        )
        Answer.objects.bulk_create(
            Answer(
                respondent=respondent,
                bouwsteen=bouwsteen,
                current_level=1 + person % 3 + (index + bouwsteen.number) % 3,
                desired_level=4,
            )
            for person, respondent in enumerate(respondents)
            for bouwsteen in bouwstenen
            if not asked or bouwsteen.number in asked
        )
        rounds.append(round_close(round=round))
    return rounds
