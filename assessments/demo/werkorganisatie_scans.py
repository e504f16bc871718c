"""Werkorganisatie Drie Dorpen's scans as the demo tells them: three project scans in 2026 that
keep running into the same knelpunten (kaders per vraagstuk, bouwsteen 3, and participatie in
the project process, bouwsteen 6) and disagree about advice (bouwsteen 8), then one scan of the
whole werkorganisatie with bestuur per gemeente, and two project scans open at once. No Django.
Who answered which scan is in werkorganisatie_people.py."""

import datetime
from dataclasses import dataclass, field

from assessments.demo.respondents import TOELICHTINGEN
from assessments.demo.werkorganisatie_people import (
    ENERGIETRANSITIE_PEOPLE,
    OMGEVINGSVISIES_PEOPLE,
    WERKORGANISATIE_PEOPLE,
    WOONVISIE_PEOPLE,
)


@dataclass(frozen=True)
class Scan:
    """One round: its people per rol (bestuur, managers, adviseurs, in that order; the first
    manager never sends), per person optionally the gemeente they serve; the answer profile
    (respondents.PROFILE_2026's form) over the bouwstenen it asks; closed on `closed_on`, or
    open with only the first `sent` people having sent."""

    name: str
    onderdeel: str | None  # None: the whole werkorganisatie
    profile: dict
    toelichtingen: dict[int, list[str]]
    people: dict[str, list[tuple[str, str | None]]]
    closed_on: datetime.date | None = None
    sent: int = 0
    consensus: dict = field(default_factory=dict)
    actions: list = field(default_factory=list)

    @property
    def asked(self) -> list[int]:
        """The bouwstenen it asks; empty (all of them) for the whole werkorganisatie."""
        return [] if self.onderdeel is None else sorted(self.profile)


GEMEENTEN = ["Aaveen", "Beekum", "Ceedam"]
PROJECTEN = ["Woonvisie", "Energietransitie", "Omgevingsvisies"]

# The knelpunten every project names; the gemeenten's three councils are the twist.
KADERS = [
    "Drie raden, drie sets kaders: we wisten niet welke gemeente waarover besliste.",
    "Pas halverwege bleek wat de colleges al hadden vastgelegd.",
    "De ruimte voor inbreng verschilde per dorp, maar dat stond nergens.",
]
WERKPROCES = [
    "Of participatie in het projectplan komt, hangt af van de projectleider.",
    "Het opdrachtformulier vraagt niet naar participatie.",
    "We begonnen pas aan participatie toen het plan al bijna klaar was.",
]
WOONVISIE = {
    3: KADERS,
    6: WERKPROCES,
    8: [
        "De participatieadviseur zat vanaf de start aan tafel; dat scheelde veel.",
        "Goed advies over de woonavonden, ook tijdens de uitvoering.",
    ],
    11: [
        "Na de woonavonden hoorden inwoners maanden niets.",
        "Het verslag stond online, maar niemand wist dat.",
    ],
}
ENERGIETRANSITIE = {
    3: [*KADERS, "Over het warmteplan besliste de raad van Beekum anders dan de andere twee."],
    6: WERKPROCES,
    8: [
        "De participatieadviseur kwam pas in beeld toen de wijkkeuze al vastlag.",
        "Advies was er wel, maar te laat en te weinig.",
    ],
    10: [
        "De wijkavonden waren goed voorbereid.",
        "We spraken vooral huiseigenaren, huurders bijna niet.",
    ],
    11: [
        "Bewoners vroegen na de avond wat er met hun zorgen gebeurde; dat wisten we zelf niet.",
        "Terugkoppeling ging via de nieuwsbrief van één gemeente.",
    ],
}
OMGEVINGSVISIES = {
    3: KADERS,
    6: [*WERKPROCES, "Drie omgevingsvisies tegelijk: elk team had een eigen planning."],
    8: [
        "Het participatieplan kwam samen met de adviseurs tot stand.",
        "De adviseur hielp ook bij de evaluatie na elke ronde.",
    ],
    10: [
        "De dorpstafels trokken veel mensen, ook jongeren.",
        "Opbrengsten van drie dorpen samenbrengen bleek lastig.",
    ],
}
WERKORGANISATIE = {
    **TOELICHTINGEN,
    2: [
        "Elke gemeente heeft een eigen participatieverordening; wij werken met alle drie.",
        "De visies lijken op elkaar, maar de afspraken verschillen per dorp.",
    ],
    3: KADERS,
    6: WERKPROCES,
    8: [
        "Bij de woonvisie werkte het advies goed, bij de energietransitie kwam het te laat.",
        "Met vier adviseurs voor drie gemeenten moeten we kiezen.",
    ],
}

# Per bouwsteen: (current level as bestuur, managers, adviseurs see it; desired level).
PROFILE_WOONVISIE = {3: ((3, 2, 2), 4), 6: ((2, 2, 1), 4), 8: ((4, 4, 4), 4), 11: ((2, 2, 2), 4)}
PROFILE_ENERGIETRANSITIE = {
    3: ((3, 2, 1), 4),
    6: ((2, 1, 2), 4),
    8: ((2, 2, 1), 4),
    10: ((3, 3, 3), 4),
    11: ((2, 1, 1), 4),
}
PROFILE_OMGEVINGSVISIES = {
    3: ((3, 2, 2), 4),
    6: ((2, 2, 2), 4),
    8: ((4, 3, 4), 4),
    10: ((3, 3, 3), 4),
}
PROFILE_WERKORGANISATIE = {
    1: ((3, 3, 2), 4),
    2: ((3, 2, 2), 4),
    3: ((2, 2, 1), 4),
    4: ((3, 2, 2), 4),
    5: ((3, 3, 3), 4),
    6: ((2, 2, 1), 4),
    7: ((3, 2, 2), 4),
    8: ((3, 3, 4), 4),
    9: ((3, 2, 2), 4),
    10: ((3, 3, 3), 4),
    11: ((2, 2, 2), 4),
}

# Action tuples as in timeline.py: (bouwsteen, title, line, owner rol, owner name, due date,
# status at closing, the steps after closing).
ACTIONS_WOONVISIE = [
    (
        6,
        "Participatieparagraaf vast in elk projectplan",
        "ontwikkelen",
        "managers",
        "Afdelingshoofd Ruimte",
        datetime.date(2026, 9, 1),
        "planned",
        [(datetime.date(2026, 6, 15), "in_progress", "Sjabloon besproken met de projectleiders.")],
    ),
    (
        11,
        "Terugkoppeling na elke woonavond binnen vier weken",
        "actief_leren",
        "adviseurs",
        "Participatieadviseurs",
        datetime.date(2026, 7, 1),
        "in_progress",
        [(datetime.date(2026, 6, 30), "done", "Vaste terugkoppelmail per dorp.")],
    ),
]
ACTIONS_ENERGIETRANSITIE = [
    (
        3,
        "Kaders per gemeente vooraf laten vaststellen door de drie colleges",
        "samen_ervaren",
        "bestuur",
        "Wethouders duurzaamheid",
        datetime.date(2026, 12, 1),
        "planned",
        [
            (
                datetime.date(2026, 9, 10),
                "in_progress",
                "Eerste gezamenlijke collegesessie gehouden.",
            )
        ],
    ),
    (
        8,
        "Participatieadviseur vanaf de start in elk wijkteam",
        "ontwikkelen",
        "managers",
        "Programmamanager Energietransitie",
        datetime.date(2026, 10, 1),
        "planned",
        [],
    ),
]
ACTIONS_OMGEVINGSVISIES = [
    (
        6,
        "Participatie als vaste stap in het opdrachtformulier",
        "ontwikkelen",
        "managers",
        "Programmamanager Omgevingswet",
        datetime.date(2027, 1, 15),
        "planned",
        [(datetime.date(2026, 11, 2), "in_progress", "Nieuw formulier in proef bij twee teams.")],
    ),
]
ACTIONS_WERKORGANISATIE = [
    (
        3,
        "Eén kaderbrief voor de drie raden bij elk groot vraagstuk",
        "samen_ervaren",
        "bestuur",
        "Algemeen directeur",
        datetime.date(2027, 6, 1),
        "planned",
        [],
    ),
    (
        6,
        "Werkproces participatie voor alle projecten van de werkorganisatie",
        "ontwikkelen",
        "managers",
        "Afdelingshoofd Samenleving",
        datetime.date(2027, 3, 1),
        "in_progress",
        [(datetime.date(2026, 11, 20), "", "Eerste versie gebaseerd op de drie projectscans.")],
    ),
]

PROJECT_SCANS = [
    Scan(
        name="Projectscan Woonvisie 2026",
        onderdeel="Woonvisie",
        profile=PROFILE_WOONVISIE,
        toelichtingen=WOONVISIE,
        people=WOONVISIE_PEOPLE,
        closed_on=datetime.date(2026, 4, 17),
        consensus={6: (2, "Alle rollen zien hetzelfde: het hangt af van wie het project trekt.")},
        actions=ACTIONS_WOONVISIE,
    ),
    Scan(
        name="Projectscan Energietransitie 2026",
        onderdeel="Energietransitie",
        profile=PROFILE_ENERGIETRANSITIE,
        toelichtingen=ENERGIETRANSITIE,
        people=ENERGIETRANSITIE_PEOPLE,
        closed_on=datetime.date(2026, 6, 26),
        consensus={8: (2, "Advies kwam te laat; bij de woonvisie ging dat beter.")},
        actions=ACTIONS_ENERGIETRANSITIE,
    ),
    Scan(
        name="Projectscan Omgevingsvisies 2026",
        onderdeel="Omgevingsvisies",
        profile=PROFILE_OMGEVINGSVISIES,
        toelichtingen=OMGEVINGSVISIES,
        people=OMGEVINGSVISIES_PEOPLE,
        closed_on=datetime.date(2026, 9, 18),
        actions=ACTIONS_OMGEVINGSVISIES,
    ),
]
WHOLE_SCAN = Scan(
    name="Borgingsscan Drie Dorpen 2026",
    onderdeel=None,
    profile=PROFILE_WERKORGANISATIE,
    toelichtingen=WERKORGANISATIE,
    people=WERKORGANISATIE_PEOPLE,
    closed_on=datetime.date(2026, 10, 23),
    consensus={3: (2, "Drie raden, geen gedeelde kaders: dit pakken we als eerste aan.")},
    actions=ACTIONS_WERKORGANISATIE,
)
# Two project teams measure again at the same time; the deadline is three weeks after loading.
OPEN_SCANS = [
    Scan(
        name="Projectscan Woonvisie 2027",
        onderdeel="Woonvisie",
        profile=PROFILE_WOONVISIE,
        toelichtingen=WOONVISIE,
        people=WOONVISIE_PEOPLE,
        sent=4,
    ),
    Scan(
        name="Projectscan Energietransitie 2027",
        onderdeel="Energietransitie",
        profile=PROFILE_ENERGIETRANSITIE,
        toelichtingen=ENERGIETRANSITIE,
        people=ENERGIETRANSITIE_PEOPLE,
        sent=6,
    ),
]
OPEN_DAYS = 21
