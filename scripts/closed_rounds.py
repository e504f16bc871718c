"""Throwaway closed rounds for the benchmark and load scripts: every respondent sent, with a
toelichting on every answer (the heaviest case for the report; many texts different, as real
ones are). Needs django.setup() first."""

import random

from django.db import models
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.common.table_statistics import tables_analyse
from assessments.models import Answer, Respondent, Round
from assessments.rounds.services import round_close, round_open
from bouwstenen.models import Bouwsteen, Rol

PHRASES = [
    "Een voorbeeld uit de praktijk.",
    "Bij het laatste project ging het goed, daarvoor niet.",
    "Hangt af van de projectleider.",
    "Staat in de leidraad, maar niemand gebruikt hem.",
]


def phrase(rng: random.Random, person: Respondent, bouwsteen: Bouwsteen) -> str:
    return f"{rng.choice(PHRASES)} (respondent {person.pk}, {bouwsteen.number})"


def closed_round(organisation, framework, respondents: int, name: str, toelichting=phrase) -> Round:
    """A round of `organisation` with `respondents` people who all sent, closed (which queues
    its PDF render); `toelichting(rng, respondent, bouwsteen)` writes each answer's."""
    round = round_open(
        round=Round.objects.create(organisation=organisation, framework=framework, name=name)
    )
    rng = random.Random(respondents)
    rollen = list(Rol.objects.filter(framework=framework))
    bouwstenen = list(Bouwsteen.objects.filter(framework=framework))
    people = Respondent.objects.bulk_create(
        Respondent(
            round=round,
            email=f"r{index}@{organisation.slug}.example",
            rol=rollen[index % len(rollen)],
            submitted_at=timezone.now(),
        )
        for index in range(respondents)
    )
    Answer.objects.bulk_create(
        Answer(
            respondent=person,
            bouwsteen=bouwsteen,
            current_level=rng.choice([0, 1, 2, 3, 3, 4, 5]),
            desired_level=rng.choice([3, 4, 4, 5]),
            toelichting=toelichting(rng, person, bouwsteen),
        )
        for person in people
        for bouwsteen in bouwstenen
    )
    tables_analyse([Respondent, Answer])  # filled in bulk: fresh planner statistics
    return round_close(round=Round.objects.select_related("organisation").get(pk=round.pk))


def rounds_delete(rounds) -> None:
    """Delete throwaway rounds, closed ones too, with their queued tasks."""
    for round in rounds:
        # past the freeze: these closed rounds are a script's own throwaway data
        models.QuerySet.update(Round.objects.filter(pk=round.pk), status=Round.Status.OPEN)
        DBTaskResult.objects.filter(args_kwargs__args__0=round.pk).delete()
        round.delete()
