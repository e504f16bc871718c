"""Werkorganisatie Drie Dorpen, serving the gemeenten Aaveen, Beekum and Ceedam: its onderdelen,
demo logins, the scans in werkorganisatie_scans.py (made, closed and backdated through the real
services, as Gemeente Voorbeeld's) and the rode draad across its three project scans."""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from assessments.demo.actions import actions_at_closing, actions_progress
from assessments.demo.backdate import round_backdate
from assessments.demo.respondents import SEED, draw_respondents
from assessments.demo.werkorganisatie_scans import (
    GEMEENTEN,
    OPEN_DAYS,
    OPEN_SCANS,
    PROJECT_SCANS,
    PROJECTEN,
    WHOLE_SCAN,
    Scan,
)
from assessments.models import Answer, Membership, Onderdeel, Organisation, Respondent, Round
from assessments.reporting.services import consensus_record
from assessments.rodedraad.services import rode_draad_create
from assessments.rounds.services import round_answers_close, round_close, round_open
from bouwstenen.models import Bouwsteen, Framework, Rol

ORGANISATION = ("Werkorganisatie Drie Dorpen", "drie-dorpen")
# Demo logins; public passwords, as organisation.USERS.
USERS = [
    ("demo-werkorganisatie", "demo-werkorganisatie-2026", Membership.Role.COORDINATOR),
    ("demo-werkorganisatie-lezer", "demo-werkorganisatie-lezer-2026", Membership.Role.VIEWER),
]
NAMES = {
    "demo-werkorganisatie": "Wendy Werkman",
    "demo-werkorganisatie-lezer": "Lieke Leest",
}
RODE_DRAAD = "Projectscans 2026"
EMAIL_DOMAIN = "driedorpen.example"


def werkorganisatie_load(*, framework: Framework) -> Organisation:
    """The werkorganisatie with its logins, onderdelen, scans and rode draad. Loaded whole
    the first time; when it exists, only its logins are made sure of."""
    organisation, created = Organisation.objects.get_or_create(
        slug=ORGANISATION[1], defaults={"name": ORGANISATION[0]}
    )
    coordinator = _logins(organisation)
    if not created:
        return organisation
    onderdelen = {
        name: Onderdeel.objects.create(organisation=organisation, name=name, kind=kind)
        for names, kind in (
            (GEMEENTEN, Onderdeel.Kind.GEMEENTE),
            (PROJECTEN, Onderdeel.Kind.VRAAGSTUK),
        )
        for name in names
    }
    demo = _Demo(
        organisation=organisation,
        framework=framework,
        onderdelen=onderdelen,
        author=coordinator,
        bouwstenen={b.number: b for b in Bouwsteen.objects.filter(framework=framework)},
        rollen={rol.code: rol for rol in Rol.objects.filter(framework=framework)},
    )
    # One generator per scan: changing one scan leaves the others' answers as they were.
    projects = [
        _closed_scan(demo, scan, random.Random(SEED + 100 + index))
        for index, scan in enumerate(PROJECT_SCANS)
    ]
    _closed_scan(demo, WHOLE_SCAN, random.Random(SEED + 110))
    for index, scan in enumerate(OPEN_SCANS):
        _open_scan(demo, scan, random.Random(SEED + 120 + index))
    _rode_draad(organisation=organisation, rounds=projects, created_by=coordinator)
    return organisation


@dataclass(frozen=True)
class _Demo:
    """What every scan of the werkorganisatie is made with."""

    organisation: Organisation
    framework: Framework
    onderdelen: dict[str, Onderdeel]
    author: AbstractBaseUser
    bouwstenen: dict[int, Bouwsteen]
    rollen: dict[str, Rol]


def _logins(organisation: Organisation) -> AbstractBaseUser:
    """The coordinator and lezer, created where missing (a login that exists keeps its
    password); returns the coordinator."""
    User = get_user_model()
    users = {}
    for username, password, role in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "first_name": NAMES[username]},
        )
        if created:
            user.set_password(password)
            user.save()
        Membership.objects.get_or_create(
            organisation=organisation, user=user, defaults={"role": role}
        )
        users[role] = user
    return users[Membership.Role.COORDINATOR]


def _opened(demo: _Demo, scan: Scan, deadline: datetime.date | None = None) -> Round:
    """The scan's round, for its onderdeel and asking its bouwstenen, opened."""
    return round_open(
        round=Round.objects.create(
            organisation=demo.organisation,
            framework=demo.framework,
            name=scan.name,
            onderdeel=demo.onderdelen.get(scan.onderdeel),
            asked_bouwstenen=scan.asked,
            deadline=deadline,
            created_by=demo.author,
            min_group_size=demo.organisation.min_group_size,
        )
    )


def _closed_scan(demo: _Demo, scan: Scan, rng: random.Random) -> Round:
    """Open, answer, close answering (the figures are released), agree, act, close and
    backdate one scan, as Gemeente Voorbeeld's rounds.closed_round_load does."""
    round = _opened(demo, scan)
    _people_load(demo, round, scan, rng)
    round = round_answers_close(round=round)
    for number, (level, toelichting) in scan.consensus.items():
        consensus_record(
            round=round, bouwsteen=demo.bouwstenen[number], level=level, toelichting=toelichting
        )
    created = actions_at_closing(
        round=round,
        actions=scan.actions,
        bouwstenen=demo.bouwstenen,
        rollen=demo.rollen,
        carried={},
        author=demo.author,
        closed_on=scan.closed_on,
    )
    round = round_close(round=round)
    round_backdate(round=round, closed_on=scan.closed_on)
    actions_progress(actions=scan.actions, created=created, author=demo.author)
    return round


def _open_scan(demo: _Demo, scan: Scan, rng: random.Random) -> Round:
    """An open scan, due three weeks after loading, that the first `scan.sent` people sent."""
    round = _opened(demo, scan, deadline=timezone.localdate() + datetime.timedelta(OPEN_DAYS))
    _people_load(demo, round, scan, rng)
    return round


def _people_load(demo: _Demo, round: Round, scan: Scan, rng: random.Random) -> None:
    """The scan's people as respondents of the open `round`, with the drawn answers; in an
    open scan only those who sent have answers."""
    roles = tuple((rol, len(scan.people[rol])) for rol in ("bestuur", "managers", "adviseurs"))
    people = [person for rol, _count in roles for person in scan.people[rol]]
    drawn = draw_respondents(
        scan.profile, len(people), rng, roles=roles, toelichtingen=scan.toelichtingen
    )
    now = timezone.now()
    respondents, answered = [], []
    for index, ((person, gemeente), (rol, answers, _function, sent)) in enumerate(
        zip(people, drawn, strict=True)
    ):
        if not scan.closed_on:
            sent = index < scan.sent
        name, function = person.split(", ", 1)
        respondents.append(
            Respondent(
                round=round,
                email=person_email(name),
                name=name,
                function=function,
                rol=demo.rollen[rol],
                invited_rol=demo.rollen[rol],
                gemeente=demo.onderdelen.get(gemeente),
                invited_at=now,
                submitted_at=now if sent else None,
            )
        )
        answered.append(answers if sent or scan.closed_on else [])
    # Two inserts for the whole scan: the demo loads in a few seconds.
    Respondent.objects.bulk_create(respondents)
    Answer.objects.bulk_create(
        Answer(
            respondent=respondent,
            bouwsteen=demo.bouwstenen[number],
            current_level=current,
            desired_level=desired,
            toelichting=toelichting,
        )
        for respondent, answers in zip(respondents, answered, strict=True)
        for number, current, desired, toelichting in answers
    )


def person_email(name: str) -> str:
    """Anneke van Dam's address: a.vandam@driedorpen.example; the same in every scan."""
    first, *rest = name.lower().split()
    return f"{first[0]}.{''.join(rest)}@{EMAIL_DOMAIN}"


def _rode_draad(*, organisation: Organisation, rounds: list[Round], created_by) -> None:
    """The rode draad across the three project scans."""
    rode_draad_create(
        organisation=organisation, name=RODE_DRAAD, rounds=rounds, created_by=created_by
    )
