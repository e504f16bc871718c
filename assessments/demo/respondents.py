"""Who answered each demo round and what: drawn from a seeded random generator (no Django), so
every load gives the same answers."""

import random

SEED = 2026

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


def draw_respondents(
    profile: dict[int, tuple[tuple[int, int, int], int]],
    size: int,
    rng: random.Random,
    *,
    roles: tuple[tuple[str, int], ...] = ROLES,
    toelichtingen: dict[int, list[str]] = TOELICHTINGEN,
) -> list[tuple[str, list[tuple[int, int, int, str]], str, bool]]:
    """The `size` respondents of a round as (rol, answers, function, submitted) tuples, each
    answer as (bouwsteen number, current, desired, toelichting) for each bouwsteen in
    `profile`; 0 is "weet ik niet". Bestuur and managers come in their numbers in `roles`,
    adviseurs fill up to `size`; the first manager has not submitted. A toelichting is drawn
    from `toelichtingen`."""
    counts = {rol: count for rol, count in roles}
    counts["adviseurs"] += size - sum(counts.values())
    people = []
    for rol_index, (rol, _count) in enumerate(roles):
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
                    toelichting = rng.choice(toelichtingen[number])
                answers.append((number, current, desired, toelichting))
            function = FUNCTIONS[rol][person % len(FUNCTIONS[rol])]
            people.append((rol, answers, function, person != 0 or rol != "managers"))
    return people
