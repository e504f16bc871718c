"""The demo's rounds: three closed ones, 2024-2026, each with its respondents and answers,
consensus and actions, and a concept round for 2027."""

import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.demo.actions import actions_at_closing, actions_progress
from assessments.demo.backdate import round_backdate
from assessments.demo.organisation import AUTHOR
from assessments.demo.respondents import (
    PROFILE_2024,
    PROFILE_2025,
    PROFILE_2026,
    SEED,
    draw_respondents,
)
from assessments.demo.timeline import (
    ACTIONS_2024,
    ACTIONS_2025,
    ACTIONS_2026,
    CLOSED_ON,
    CONSENSUS_2026,
)
from assessments.models import Answer, ImprovementAction, Organisation, Respondent, Round
from assessments.reporting.services import consensus_record
from assessments.rounds.services import round_answers_close, round_close, round_open
from bouwstenen.models import Bouwsteen, Framework, Rol


def rounds_load(*, organisation: Organisation, framework: Framework) -> None:
    """Create whichever demo rounds are missing; the ones that exist stay as they are."""
    rng = random.Random(SEED)
    # Per closed round: name, answer profile, consensus, actions, respondents, random draws.
    closed_rounds = [
        # its own draws: the later rounds stay as they were
        ("Borgingsscan 2024", PROFILE_2024, {}, ACTIONS_2024, 15, random.Random(SEED - 1)),
        ("Borgingsscan 2025", PROFILE_2025, {}, ACTIONS_2025, 16, rng),
        ("Borgingsscan 2026", PROFILE_2026, CONSENSUS_2026, ACTIONS_2026, 18, rng),
    ]
    unfinished = {}
    for name, profile, consensus, actions, size, draws in closed_rounds:
        created = closed_round_load(
            organisation=organisation,
            framework=framework,
            name=name,
            profile=profile,
            consensus=consensus,
            actions=actions,
            size=size,
            rng=draws,
            carried=unfinished,
        )
        # what was still open a year later lives on in the next round
        unfinished = {
            number: action
            for number, action in created.items()
            if action.status in ImprovementAction.UNFINISHED
        }
    # A next round in concept, to try inviting last year's people again.
    Round.objects.get_or_create(
        organisation=organisation,
        name="Borgingsscan 2027",
        defaults={"framework": framework},
    )


def closed_round_load(
    *,
    organisation: Organisation,
    framework: Framework,
    name: str,
    profile: dict,
    consensus: dict,
    actions: list,
    size: int,
    rng: random.Random,
    carried: dict[int, ImprovementAction],
) -> dict[int, ImprovementAction]:
    """Create, close and backdate one round unless it exists. Returns its actions by bouwsteen
    number."""
    existing = Round.objects.filter(organisation=organisation, name=name).first()
    if existing:
        # Draw the same random numbers as a first run, so the next round stays the same.
        draw_respondents(profile, size, rng)
        return {a.bouwsteen.number: a for a in existing.actions.select_related("bouwsteen")}
    round = Round.objects.create(organisation=organisation, framework=framework, name=name)
    round = round_open(round=round)
    bouwstenen = {b.number: b for b in Bouwsteen.objects.filter(framework=framework)}
    rollen = {rol.code: rol for rol in Rol.objects.filter(framework=framework)}
    slug = name.split()[-1]
    people_load(
        round=round,
        people=draw_respondents(profile, size, rng),
        bouwstenen=bouwstenen,
        rollen=rollen,
        email="respondent{number}-" + slug + "@voorbeeld.example",
    )
    round = round_answers_close(round=round)
    for number, (level, toelichting) in consensus.items():
        consensus_record(
            round=round, bouwsteen=bouwstenen[number], level=level, toelichting=toelichting
        )
    closed_on = CLOSED_ON[name]
    author = get_user_model().objects.get(username=AUTHOR)
    created = actions_at_closing(
        round=round,
        actions=actions,
        bouwstenen=bouwstenen,
        rollen=rollen,
        carried=carried,
        author=author,
        closed_on=closed_on,
    )
    round_close(round=round)
    round_backdate(round=round, closed_on=closed_on)
    actions_progress(actions=actions, created=created, author=author)
    return created


def people_load(*, round: Round, people: list, bouwstenen: dict, rollen: dict, email: str) -> None:
    """The drawn `people` (respondents.draw_respondents) as respondents of the open `round`,
    with their answers; `email` is their address with {number} (1, 2, ...) in it."""
    now = timezone.now()
    for index, (rol, answers, function, submitted) in enumerate(people):
        respondent = Respondent.objects.create(
            round=round,
            email=email.format(number=index + 1),
            rol=rollen[rol],
            invited_rol=rollen[rol],
            function=function,
            invited_at=now,
            submitted_at=now if submitted else None,
        )
        Answer.objects.bulk_create(
            Answer(
                respondent=respondent,
                bouwsteen=bouwstenen[number],
                current_level=current,
                desired_level=desired,
                toelichting=toelichting,
            )
            for number, current, desired, toelichting in answers
        )
