"""Gemeente Voorbeeld's three years as the demo tells them: when each round closed, the levels
the 2026 consensus meeting agreed on, and the actions each round closed with and what became
of them."""

import datetime

# When each demo round closed: the trend reads them as three years.
CLOSED_ON = {
    "Borgingsscan 2024": datetime.date(2024, 3, 15),
    "Borgingsscan 2025": datetime.date(2025, 3, 14),
    "Borgingsscan 2026": datetime.date(2026, 3, 13),
}
# Per bouwsteen: (level, toelichting) as the coordinator recorded them after the meeting.
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
