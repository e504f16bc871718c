"""Load a demo organisation with three closed rounds (2024-2026) and their action plan with
its history, for trying the report, the trend and the action plan. Idempotent."""

import datetime
import random
from io import StringIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone

from assessments.models import (
    ActionUpdate,
    Answer,
    ImprovementAction,
    Membership,
    Organisation,
    Respondent,
    Round,
)
from assessments.reporting.services import consensus_record
from assessments.rounds.services import round_close, round_open
from bouwstenen.models import Bouwsteen, Framework, Rol

FRAMEWORK_SLUG = "borgingshuis-2023"
ORGANISATION = ("Gemeente Voorbeeld", "voorbeeld")
SEED = 2026
# Demo logins; the passwords are public on purpose and the command refuses to run with
# DEBUG off unless asked explicitly.
USERS = [
    ("demo-coordinator", "demo-coordinator-2026", Membership.Role.COORDINATOR, False),
    ("demo-lezer", "demo-lezer-2026", Membership.Role.VIEWER, False),
    ("beheer", "beheer-demo-2026", None, True),
]
NAMES = {"demo-coordinator": "Carla Coördinator", "demo-lezer": "Lex Lezer", "beheer": "Ben Beheer"}

# Per bouwsteen: (current level as bestuur, managers, adviseurs see it; desired level).
# Bestuur is more positive about policy than the advisers who do the work.
PROFILE_2026 = {
    1: ((4, 3, 3), 5),
    2: ((4, 3, 2), 4),
    3: ((4, 3, 2), 4),
    4: ((3, 2, 2), 4),
    5: ((3, 3, 3), 4),
    6: ((3, 2, 2), 4),
    7: ((2, 2, 2), 4),
    8: ((3, 3, 4), 4),
    9: ((3, 3, 3), 4),
    10: ((3, 3, 3), 4),
    11: ((2, 2, 1), 4),
}
PROFILE_2025 = {
    number: (tuple(max(1, level - (number % 3 != 0)) for level in levels), desired)
    for number, (levels, desired) in PROFILE_2026.items()
}
PROFILE_2024 = {
    number: (tuple(max(1, level - 1) for level in levels), desired)
    for number, (levels, desired) in PROFILE_2025.items()
}
# Who tends to say "weet ik niet": bestuur about the conversation itself, managers about advice.
UNKNOWN_CHANCE = {("bestuur", 10): 0.5, ("bestuur", 11): 0.4, ("managers", 8): 0.3}
ROLES = (("bestuur", 4), ("managers", 6), ("adviseurs", 6))
FUNCTIONS = {
    "bestuur": ["wethouder", "raadslid", "gemeentesecretaris", "directeur"],
    "managers": ["teamleider", "afdelingshoofd", "programmamanager", "projectleider"],
    "adviseurs": ["participatieadviseur", "beleidsadviseur", "omgevingsmanager"],
}
TOELICHTINGEN = {
    1: [
        "De coalitie heeft participatie als speerpunt, maar wat we willen bereiken is vaag.",
        "We praten over impact, maar meten het nergens.",
    ],
    2: [
        "Er ligt een participatieverordening, de visie erachter kent bijna niemand.",
        "Beleid is vastgesteld in 2024; in de praktijk wordt er weinig naar verwezen.",
    ],
    3: [
        "Bij de omgevingsvisie was helder wat vastlag, bij het sportpark niet.",
        "Vaak horen inwoners pas achteraf dat de raad al had besloten.",
    ],
    4: [
        "Participatie wordt niet begroot; het komt uit het projectbudget als er iets over is.",
        "Adviseurs doen het er vaak naast.",
    ],
    5: [
        "De toolkit staat op intranet, maar weinig collega's weten hem te vinden.",
        "Het online platform wordt goed gebruikt bij grote projecten.",
    ],
    6: [
        "In het projectplan-sjabloon staat een kopje participatie, meer niet.",
        "Het hangt af van de projectleider of het meegenomen wordt.",
    ],
    7: [
        "Er was één training in 2025; nieuwe collega's hebben die gemist.",
        "Intervisie zou helpen, die is er nu niet.",
    ],
    8: [
        "Het team participatie denkt goed mee als je ze op tijd vraagt.",
        "Vraag naar advies is groter dan de capaciteit.",
    ],
    9: [
        "Iedere afdeling heeft een eigen aanpak.",
        "Het participatieplan-format wordt steeds vaker gebruikt.",
    ],
    10: [
        "Bijeenkomsten zijn goed georganiseerd, maar we bereiken steeds dezelfde mensen.",
        "Jongeren en statushouders doen zelden mee.",
    ],
    11: [
        "Inwoners horen vaak niet wat er met hun inbreng is gedaan.",
        "Terugkoppeling gebeurt alleen als de projectleider eraan denkt.",
    ],
}
CONSENSUS_2026 = {
    2: (3, "Het beleid staat op papier, maar wordt nog niet overal gebruikt. Daarom 3."),
    7: (2, "Eens: opleiding hangt nu af van wie er toevallig tijd voor maakt."),
    11: (2, "Bestuur zag meer dan adviseurs; samen komen we op 2."),
    8: (4, "Advies werkt goed als het op tijd gevraagd wordt."),
}
# An action: (bouwsteen, title, line, owner rol, owner name, due date, status at closing,
# the year after closing as (date, new status or "", progress note) steps). The demo backdates
# its history so the action plan, the look back and the trend read like three real years.
ACTIONS_2026 = [
    (
        7,
        "Basistraining participatie voor alle projectleiders",
        "actief_leren",
        "managers",
        "Hoofd Ruimte",
        datetime.date(2027, 3, 1),
        "planned",
        [(datetime.date(2026, 5, 12), "in_progress", "Offerte van twee trainers binnen.")],
    ),
    (
        11,
        "Vaste terugkoppelbrief na elke bijeenkomst",
        "ontwikkelen",
        "adviseurs",
        "Team participatie",
        datetime.date(2026, 10, 1),
        "in_progress",
        [
            (datetime.date(2026, 4, 20), "", "Eerste versie besproken in het MT."),
            (datetime.date(2026, 9, 2), "", "Wacht op akkoord van communicatie."),
        ],
    ),
    (
        3,
        "Intervisie over kaders stellen met college en MT",
        "samen_ervaren",
        "bestuur",
        "Gemeentesecretaris",
        datetime.date(2027, 6, 1),
        "planned",
        [(datetime.date(2026, 6, 30), "in_progress", "Eerste sessie gepland na het zomerreces.")],
    ),
    (
        4,
        "Participatie als vaste post in de projectbegroting",
        "ontwikkelen",
        "managers",
        "Concerncontroller",
        datetime.date(2027, 1, 15),
        "planned",
        [(datetime.date(2026, 11, 5), "done", "Opgenomen in de kadernota 2027.")],
    ),
]
ACTIONS_2025 = [
    (
        5,
        "Toolkit participatie op intranet zetten",
        "ontwikkelen",
        "adviseurs",
        "Team participatie",
        datetime.date(2025, 12, 1),
        "in_progress",
        [
            (
                datetime.date(2025, 10, 14),
                "done",
                "Staat online; 140 keer bekeken in de eerste maand.",
            )
        ],
    ),
    (
        7,
        "Workshop participatie voor nieuwe medewerkers",
        "actief_leren",
        "managers",
        "HR",
        datetime.date(2026, 4, 1),
        "planned",
        [(datetime.date(2026, 1, 20), "dropped", "Opgegaan in de basistraining van 2026.")],
    ),
    (
        9,
        "Intervisiegroep van participatieadviseurs",
        "samen_ervaren",
        "adviseurs",
        "Team participatie",
        datetime.date(2025, 11, 1),
        "planned",
        [(datetime.date(2025, 9, 8), "done", "Vier bijeenkomsten gehouden, gaat door.")],
    ),
]
ACTIONS_2024 = [
    (
        2,
        "Participatievisie vertalen naar een werkwijze",
        "ontwikkelen",
        "bestuur",
        "Wethouder participatie",
        datetime.date(2024, 12, 1),
        "planned",
        [
            (datetime.date(2024, 6, 3), "in_progress", "Werkgroep gestart."),
            (datetime.date(2024, 11, 25), "done", "Werkwijze vastgesteld door het college."),
        ],
    ),
    (
        7,
        "Training gespreksleiding voor adviseurs",
        "actief_leren",
        "adviseurs",
        "Team participatie",
        datetime.date(2024, 10, 1),
        "planned",
        [(datetime.date(2024, 9, 30), "done", "Twee dagdelen, twaalf deelnemers.")],
    ),
]
# When each demo round closed: the trend reads them as three years.
CLOSED_ON = {
    "Borgingsscan 2024": datetime.date(2024, 3, 15),
    "Borgingsscan 2025": datetime.date(2025, 3, 14),
    "Borgingsscan 2026": datetime.date(2026, 3, 13),
}


def _moment(day: datetime.date) -> datetime.datetime:
    """Ten in the morning, local time, on `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


class Command(BaseCommand):
    help = (
        "Laadt een demo: Gemeente Voorbeeld met de gesloten rondes Borgingsscan 2024, 2025 en "
        "2026 (met acties en hun voortgang), en demo-logins. Nog een keer draaien verandert "
        "niets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Ook laden buiten een ontwikkelomgeving (de demo-wachtwoorden zijn openbaar).",
        )

    def handle(self, *args, **options):
        if (
            not getattr(settings, "DEVELOPMENT", settings.DEBUG)
            and not options["allow_without_debug"]
        ):
            raise CommandError(
                "De demo heeft openbare wachtwoorden. Gebruik --allow-without-debug als je dat "
                "echt wilt."
            )
        if not Framework.objects.filter(slug=FRAMEWORK_SLUG).exists():
            call_command("load_borgingshuis", stdout=StringIO())
        framework = Framework.objects.get(slug=FRAMEWORK_SLUG)
        with transaction.atomic():
            organisation, _created = Organisation.objects.get_or_create(
                slug=ORGANISATION[1], defaults={"name": ORGANISATION[0]}
            )
            self._users(organisation)
            rng = random.Random(SEED)
            self._round(
                organisation,
                framework,
                "Borgingsscan 2024",
                PROFILE_2024,
                {},
                ACTIONS_2024,
                15,
                random.Random(SEED - 1),  # its own draws: the later rounds stay as they were
                {},
            )
            previous_actions = self._round(
                organisation,
                framework,
                "Borgingsscan 2025",
                PROFILE_2025,
                {},
                ACTIONS_2025,
                16,
                rng,
                {},
            )
            self._round(
                organisation,
                framework,
                "Borgingsscan 2026",
                PROFILE_2026,
                CONSENSUS_2026,
                ACTIONS_2026,
                18,
                rng,
                # what was still open a year later lives on in the new round
                {
                    number: action
                    for number, action in previous_actions.items()
                    if action.status in ImprovementAction.UNFINISHED
                },
            )
            # A next round in concept, to try inviting last year's people again.
            Round.objects.get_or_create(
                organisation=organisation,
                name="Borgingsscan 2027",
                defaults={"framework": framework},
            )
        self.stdout.write(self.style.SUCCESS(f"Demo geladen: {organisation.name}."))
        for username, password, role, _superuser in USERS:
            label = dict(Membership.Role.choices).get(role, "superuser (beheer)")
            self.stdout.write(f"  {label}: gebruikersnaam {username}, wachtwoord {password}")

    def _users(self, organisation):
        User = get_user_model()
        for username, password, role, superuser in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@example.org", "first_name": NAMES[username]},
            )
            if created:
                user.set_password(password)
                user.is_staff = user.is_superuser = superuser
                user.save()
            if role:
                Membership.objects.get_or_create(
                    organisation=organisation, user=user, defaults={"role": role}
                )

    def _round(
        self, organisation, framework, name, profile, consensus, actions, size, rng, carried
    ):
        """Create and close one round unless it exists. Returns its actions by bouwsteen."""
        existing = Round.objects.filter(organisation=organisation, name=name).first()
        if existing:
            # Draw the same random numbers as a first run, so the next round stays the same.
            self._draw(profile, size, rng)
            return {a.bouwsteen.number: a for a in existing.actions.select_related("bouwsteen")}
        round = Round.objects.create(organisation=organisation, framework=framework, name=name)
        round = round_open(round=round)
        bouwstenen = {b.number: b for b in Bouwsteen.objects.filter(framework=framework)}
        rollen = {rol.code: rol for rol in Rol.objects.filter(framework=framework)}
        now = timezone.now()
        slug = name.split()[-1]
        for index, (rol, answers, function, submitted) in enumerate(self._draw(profile, size, rng)):
            respondent = Respondent.objects.create(
                round=round,
                email=f"respondent{index + 1}-{slug}@voorbeeld.example",
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
        for number, (level, toelichting) in consensus.items():
            consensus_record(
                round=round, bouwsteen=bouwstenen[number], level=level, toelichting=toelichting
            )
        created = {}
        closed_on = CLOSED_ON[name]
        author = get_user_model().objects.get(username="demo-coordinator")
        for number, title, line, owner, owner_name, due, status, _steps in actions:
            created[number] = ImprovementAction.objects.create(
                round=round,
                bouwsteen=bouwstenen[number],
                title=title,
                line=line,
                owner_rol=rollen[owner],
                owner_name=owner_name,
                due_date=due,
                status=status,
                carried_from=carried.get(number),
            )
            ActionUpdate.objects.create(
                action=created[number], status=status, author=author, created_at=_moment(closed_on)
            )
        round_close(round=round)
        # The demo backdates its history; a plain QuerySet, as the round's own refuses
        # writes to a closed round.
        models.QuerySet(Round).filter(pk=round.pk).update(
            created_at=_moment(closed_on - datetime.timedelta(days=40)),
            opened_at=_moment(closed_on - datetime.timedelta(days=35)),
            closed_at=_moment(closed_on),
        )
        for number, *_fields, steps in actions:
            action = created[number]
            for day, new_status, note in steps:
                ActionUpdate.objects.create(
                    action=action,
                    status=new_status,
                    note=note,
                    author=author,
                    created_at=_moment(day),
                )
                if new_status:
                    action.status = new_status
            action.save(update_fields=["status"])
        return created

    def _draw(self, profile, size, rng):
        """The respondents of a round as (rol, answers, function, submitted) tuples."""
        counts = {rol: count for rol, count in ROLES}
        counts["adviseurs"] += size - sum(counts.values())
        people = []
        for rol_index, (rol, _count) in enumerate(ROLES):
            for person in range(counts[rol]):
                answers = []
                for number, (levels, desired_base) in profile.items():
                    if rng.random() < UNKNOWN_CHANCE.get((rol, number), 0.05):
                        current, desired = 0, rng.choice([0, desired_base])
                    else:
                        current = min(5, max(1, levels[rol_index] + rng.choice([-1, 0, 0, 1])))
                        desired = min(5, max(current, desired_base + rng.choice([-1, 0, 0, 1])))
                    toelichting = ""
                    if rng.random() < 0.3:
                        toelichting = rng.choice(TOELICHTINGEN[number])
                    answers.append((number, current, desired, toelichting))
                function = FUNCTIONS[rol][person % len(FUNCTIONS[rol])]
                people.append((rol, answers, function, person != 0 or rol != "managers"))
        return people
