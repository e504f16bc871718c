"""The exact attacker against a rode draad (assessments/privacy/rode_draad.py): a coordinator
who has seen three project scans with overlapping people, the organisation-wide scan and a
rode draad over the three pins nobody's level; a rode draad that pooled the raw answers of
its scans would be caught.

The invariant it tries to break (README "Privacy van de cijfers", rodedraad/figures.py):
every rode draad figure is a function of figures already released, so laying the scans and
their rode draad side by side reveals nothing new."""

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from assessments.models import Answer, Respondent
from assessments.privacy.attacker import Observation, pins
from assessments.privacy.observations import final_observations
from assessments.privacy.rode_draad import rode_draad_check, rode_draad_observations
from assessments.rodedraad.selectors import rode_draad_page
from assessments.rodedraad.services import rode_draad_create
from assessments.rodedraad.workbook import rode_draad_workbook
from bouwstenen.models import Bouwsteen
from tests.assessments.rodedraad.scans import make_part, make_scan

ANNA, BART = "anna@example.org", "bart@example.org"


@pytest.fixture
def scans(organisation, framework):
    """Woonvisie and Energietransitie both with Anna, Energietransitie and Omgevingsvisies
    both with Bart, and the organisation-wide scan with both. Bart is the only bestuur
    member of the three project scans. Levels vary on bouwstenen 1 and 2; Anna (2, 1) and
    Bart (4, 3) give the same levels in every scan they answered."""

    def scan(name, emails, roles, first, second, day, asked=()):
        return make_scan(
            organisation,
            framework,
            name,
            onderdeel=make_part(organisation, name) if name != "Scan organisatie" else None,
            emails=emails,
            roles=roles,
            levels={1: first, 2: second},
            asked=asked,
            day=day,
        )

    woon = scan(
        "Woonvisie",
        [ANNA, "w1@example.org", "w2@example.org", "w3@example.org"],
        ["managers", "adviseurs", "managers", "adviseurs"],
        [2, 3, 4, 2],
        [1, 2, 3, 5],
        1,
    )
    energie = scan(
        "Energietransitie",
        [ANNA, BART, "e1@example.org", "e2@example.org"],
        ["managers", "adviseurs", "adviseurs", "managers"],
        [2, 4, 2, 3],
        [1, 3, 5, 2],
        2,
    )
    omgeving = scan(
        "Omgevingsvisies",
        [BART, "o1@example.org", "o2@example.org"],
        ["bestuur", "managers", "adviseurs"],
        [4, 0, 0],  # one scored: hidden in the scan's own figures
        [3, 4, 4],
        3,
        asked=[1, 2, 3],
    )
    organisatie = scan(
        "Scan organisatie",
        [ANNA, BART, "s1@example.org", "s2@example.org", "s3@example.org"],
        ["bestuur", "bestuur", "bestuur", "managers", "adviseurs"],
        [2, 4, 5, 1, 4],
        [1, 3, 3, 4, 1],
        4,
    )
    return [woon, energie, omgeving], organisatie


def test_the_scans_their_rode_draad_and_the_organisation_scan_together_pin_nobody(
    organisation, scans
):
    projects, organisatie = scans
    rode_draad = rode_draad_create(organisation=organisation, name="Projecten", rounds=projects)

    check = rode_draad_check(rode_draad)

    assert check.decided
    assert check.pinned == 0, [item for item in check.questions if item.pinned]
    # the check covered everyone of the four scans, Anna and Bart in each of theirs
    assert max(item.people for item in check.questions) == 16
    assert Respondent.objects.filter(email=ANNA, counted=True).count() == 3


def test_taking_anna_and_bart_for_one_person_each_the_rode_draad_adds_no_pin(organisation, scans):
    """The stronger attacker: one person per address, the same answers in every scan. What
    the scans alone pin (by intersecting what each allows) is theirs; the rode draad must
    not pin anything more."""
    projects, _organisatie = scans
    rode_draad = rode_draad_create(organisation=organisation, name="Projecten", rounds=projects)

    scans_alone = rode_draad_check(rode_draad, linked=True, with_rode_draad=False)
    with_rode_draad = rode_draad_check(rode_draad, linked=True)

    assert with_rode_draad.decided
    assert [(q.number, q.field, q.pinned) for q in with_rode_draad.questions] == [
        (q.number, q.field, q.pinned) for q in scans_alone.questions
    ]
    assert max(item.people for item in with_rode_draad.questions) == 16 - 4  # Anna 3x, Bart 3x
    # The scans alone already pin Bart here: on bouwsteen 2 only level 3 is in each of his
    # three scans' distributions, and then the other two of Omgevingsvisies (4 and 4). A
    # limit of releasing each scan's distribution to whoever knows who answered which scans
    # (README "Privacy van de cijfers"), which the rode draad does not widen.
    assert with_rode_draad.pinned == scans_alone.pinned


def test_every_rode_draad_figure_is_one_its_scan_released_already(organisation, scans):
    projects, _organisatie = scans
    rode_draad = rode_draad_create(organisation=organisation, name="Projecten", rounds=projects)
    released = {
        (
            item.question,
            item.people,
            None if item.counts is None else tuple(sorted(item.counts.items())),
        )
        for round in projects
        for item in final_observations(round)
    }

    shown = rode_draad_observations(rode_draad)

    assert shown
    assert all(
        (
            item.question,
            item.people,
            None if item.counts is None else tuple(sorted(item.counts.items())),
        )
        in released
        for item in shown
    )


def test_the_page_and_workbook_show_the_figures_the_attacker_was_given(organisation, scans):
    """What the coordinator reads (page and workbook) is the stored snapshot the attacker's
    observations were checked against (rode_draad_observations raises otherwise)."""
    projects, _organisatie = scans
    rode_draad = rode_draad_create(organisation=organisation, name="Projecten", rounds=projects)
    page = rode_draad_page(rode_draad)
    workbook = load_workbook(io.BytesIO(rode_draad_workbook(page)))

    rows = list(workbook["Per scan"].iter_rows(min_row=2, values_only=True))

    for part, stored in zip(page.parts, rode_draad.figures["parts"], strict=True):
        for number, figure in stored["figures"].items():
            (row,) = [row for row in rows if row[0] == part.name and row[2] == int(number)]
            shown = figure["asked"] and not figure["hidden"] and figure["current"] is not None
            assert row[4] == (figure["current"] if shown else None)
    assert rode_draad_observations(rode_draad)


def test_a_leaky_rode_draad_that_pools_raw_answers_is_caught(organisation, framework, scans):
    """The negative control: a figure over the raw answers of the chosen scans, pooled per
    role without the group size (here the bestuur: Bart alone), pins Bart's level."""
    projects, _organisatie = scans
    rode_draad = rode_draad_create(organisation=organisation, name="Projecten", rounds=projects)
    first = Bouwsteen.objects.get(framework=framework, number=1)
    pooled = list(
        Answer.objects.filter(
            respondent__round__in=projects,
            respondent__counted=True,
            respondent__rol__code="bestuur",
            bouwsteen=first,
        ).values_list("respondent_id", "current_level")
    )
    assert len(pooled) == 1  # a group of one
    counts = {level: 0 for level in range(6)}
    for _person, level in pooled:
        counts[level] += 1
    leak = Observation(
        (first.id, "current"), frozenset(p for p, _ in pooled), counts, 3, "gepoold (lek)"
    )

    check = rode_draad_check(rode_draad, extra=[leak])

    assert check.pinned >= 1
    bart = Respondent.objects.get(round=projects[2], email=BART)
    found = pins([leak, *rode_draad_observations(rode_draad)])
    assert any(pin.person == bart.pk and pin.level == 4 and not pin.exempt for pin in found)


def test_the_privacy_check_command_checks_a_rode_draad_with_its_organisations_rounds(
    organisation, scans
):
    projects, _organisatie = scans
    rode_draad = rode_draad_create(organisation=organisation, name="Projecten", rounds=projects)
    out = StringIO()

    call_command("privacy_check", rode_draad=rode_draad.pk, stdout=out)

    text = out.getvalue()
    assert f"Rode draad {rode_draad.pk} ‘Projecten’ van Gemeente Testdorp: 5 keer" in text
    assert text.strip().endswith("Niemands niveau ligt vast.")
    with pytest.raises(CommandError, match="niet allebei"):
        call_command("privacy_check", projects[0].pk, rode_draad=rode_draad.pk, stdout=out)
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("privacy_check", rode_draad=999999, stdout=out)


def test_the_command_takes_one_address_for_one_person_when_asked(organisation, scans):
    projects, _organisatie = scans
    rode_draad = rode_draad_create(organisation=organisation, name="Projecten", rounds=projects)
    out = StringIO()

    # the scans alone pin Bart and two others (see above): the command says so and stops
    with pytest.raises(CommandError, match="4 keer ligt iemands niveau vast"):
        call_command("privacy_check", rode_draad=rode_draad.pk, zelfde_personen=True, stdout=out)

    assert "Bouwsteen 2 Visie en beleid (huidig): 4 van 12 mensen vastgepind" in out.getvalue()
