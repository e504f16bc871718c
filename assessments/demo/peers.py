"""Eight more organisations of mixed types, each with a closed round and taking part in the
comparison, so Gemeente Voorbeeld's report shows where it stands; a first release of the
comparison; and the `demo-begeleider` login, begeleider of three of them."""

import datetime
import random

from django.contrib.auth import get_user_model

from assessments.benchmark.models import BenchmarkProfile
from assessments.benchmark.services import benchmark_release_make
from assessments.demo.backdate import round_backdate
from assessments.demo.respondents import PROFILE_2026, SEED, draw_respondents
from assessments.demo.rounds import people_load
from assessments.models import Membership, Organisation, Round
from assessments.rounds.services import round_close, round_open
from bouwstenen.models import Bouwsteen, Framework, Rol

# (name, code, type, size class, how much higher or lower than Gemeente Voorbeeld's 2026)
PEERS = [
    ("Gemeente Havendam", "havendam", "gemeente", "l", 1),
    ("Gemeente Heidebeek", "heidebeek", "gemeente", "s", -1),
    ("Gemeente Polderwijk", "polderwijk", "gemeente", "m", 0),
    ("Gemeente Rivierstad", "rivierstad", "gemeente", "l", 1),
    ("Provincie Middenland", "middenland", "provincie", "l", 0),
    ("Waterschap De Stroom", "de-stroom", "waterschap", "m", -1),
    ("Woonstichting Thuis", "woonstichting-thuis", "corporatie", "m", 0),
    ("Zorggroep Samen", "zorggroep-samen", "zorg_welzijn", "m", -1),
]
BEGELEIDER = ("demo-begeleider", "demo-begeleider-2026", "Bea Begeleider")
BEGELEID = ["havendam", "heidebeek", "polderwijk"]
CLOSED_ON = datetime.date(2026, 6, 12)
SIZE = 16  # respondents per round: 4 bestuur, 6 managers, 6 adviseurs


def _profile(shift: int) -> dict:
    return {
        number: (tuple(min(5, max(1, level + shift)) for level in levels), desired)
        for number, (levels, desired) in PROFILE_2026.items()
    }


def peers_load(*, framework: Framework, voorbeeld: Organisation) -> None:
    """Create whichever peers are missing (each with one closed round), let them and Gemeente
    Voorbeeld take part, make a release when one is due, and add the begeleider."""
    rng = random.Random(SEED + 8)
    bouwstenen = {b.number: b for b in Bouwsteen.objects.filter(framework=framework)}
    rollen = {rol.code: rol for rol in Rol.objects.filter(framework=framework)}
    for name, slug, kind, size, shift in PEERS:
        people = draw_respondents(_profile(shift), SIZE, rng)  # drawn always: same answers
        organisation, created = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind}
        )
        BenchmarkProfile.objects.get_or_create(
            organisation=organisation, defaults={"size_class": size, "opted_in": True}
        )
        if created:
            _closed_round(organisation, framework, people, bouwstenen, rollen)
    BenchmarkProfile.objects.get_or_create(
        organisation=voorbeeld, defaults={"size_class": "m", "opted_in": True}
    )
    benchmark_release_make()
    _begeleider()


def _closed_round(organisation, framework, people, bouwstenen, rollen) -> None:
    round = round_open(
        round=Round.objects.create(
            organisation=organisation, framework=framework, name="Borgingsscan 2026"
        )
    )
    people_load(
        round=round,
        people=people,
        bouwstenen=bouwstenen,
        rollen=rollen,
        email="respondent{number}@" + organisation.slug + ".example",
    )
    round_close(round=round)
    round_backdate(round=round, closed_on=CLOSED_ON)


def _begeleider() -> None:
    username, password, full_name = BEGELEIDER
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org", "first_name": full_name}
    )
    if created:
        user.set_password(password)
        user.save()
    for organisation in Organisation.objects.filter(slug__in=BEGELEID):
        Membership.objects.get_or_create(
            organisation=organisation,
            user=user,
            defaults={"role": Membership.Role.BEGELEIDER},
        )
