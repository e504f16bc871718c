import re

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.models import Membership, Round
from assessments.reporting.pdf_version import report_key
from assessments.reporting.report import build_report
from assessments.reporting.services import consensus_record
from assessments.reporting.sources import report_date
from assessments.reporting.text import level_text
from assessments.rounds.services import round_answers_close, round_close
from bouwstenen.models import Bouwsteen, Rol
from tests.conftest import make_member
from tests.factories import (
    make_action,
    make_round,
    make_scored_round,
    make_scored_rounds_apart,
    make_submitted_respondent,
)


def brick_cells(html, layout="wide"):
    """Map bouwsteen number to the (x, y) of its brick in the page's wide or narrow house."""
    svg = re.search(rf'<svg[^>]*house-svg-{layout}".*?</svg>', html, re.S).group(0)
    pattern = r'data-bouwsteen="(\d+)">\s*<rect x="([\d.]+)" y="([\d.]+)"'
    return {int(n): (float(x), float(y)) for n, x, y in re.findall(pattern, svg)}


@pytest.fixture
def scored_round(organisation, framework):
    return make_scored_round(organisation=organisation, framework=framework)


def report_url(round):
    return reverse("assessments:round-report", args=[round.pk])


def test_member_sees_the_house_with_every_bouwsteen_in_its_cell(client, colleague, scored_round):
    client.force_login(colleague)

    response = client.get(report_url(scored_round))

    html = response.content.decode()
    assert response.status_code == 200
    cells = brick_cells(html)
    assert sorted(cells) == list(range(1, 12))
    bouwstenen = {b.number: b for b in Bouwsteen.objects.select_related("niveau", "rol")}
    columns = {}
    floors = {}
    for number, (x, y) in cells.items():
        columns.setdefault(bouwstenen[number].rol.code, set()).add(x)
        floors.setdefault(bouwstenen[number].niveau.code, []).append(y)
    # one x per rol, bestuur left of managers left of adviseurs
    assert all(len(xs) == 1 for xs in columns.values())
    x = {rol: min(xs) for rol, xs in columns.items()}
    assert x["bestuur"] < x["managers"] < x["adviseurs"]
    # gesprek on top, organisatie at the bottom
    assert max(floors["gesprek"]) < min(floors["vraagstuk"])
    assert max(floors["vraagstuk"]) < min(floors["organisatie"])
    assert '<title id="house-title">' in html and '<desc id="house-desc">' in html
    assert 'id="samenvatting-tabel"' in html


def test_report_page_also_draws_the_narrow_house_for_phones(client, colleague, scored_round):
    client.force_login(colleague)

    html = client.get(report_url(scored_round)).content.decode()

    narrow = brick_cells(html, "narrow")
    assert sorted(narrow) == list(range(1, 12))
    # one column of bricks; gesprek on top, organisatie at the bottom
    assert len({x for x, _ in narrow.values()}) == 1
    assert max(narrow[10][1], narrow[11][1]) < narrow[3][1] < narrow[1][1]
    assert '<title id="house-narrow-title">' in html
    assert html.count('id="house-title"') == 1  # no duplicate ids between the two drawings


def test_report_shows_medians_role_medians_and_toelichtingen_without_names(
    client, colleague, scored_round
):
    round_close(round=scored_round)
    client.force_login(colleague)

    html = client.get(report_url(scored_round)).content.decode()

    # 3 x bestuur 4, 3 x managers 3, 3 x adviseurs 2: median 3, roles 4 / 3 / 2
    assert "nu 3 → doel 4" in html
    assert "De rollen verschillen het meest bij 1. Ambitie" in html
    assert "bestuur 4, managers 3, adviseurs 2" in html
    assert "Toelichting van adviseurs" in html
    assert "Jansen" not in html  # respondents' names
    assert "example.org" not in html  # nor their e-mail addresses
    assert "11. Opvolging: 1 van de 9 keer “weet ik niet”" in html
    # the role averages say what they are: means of bouwstenen, not of a rol's answers
    assert "Gemiddelde van de bouwstenen van de bestuur-kolom" in html
    assert "Gemiddelde van de bouwstenen van de verdieping organisatie" in html
    assert ">Rol: Bestuur<" not in html


def test_role_figures_hidden_below_the_group_size_and_warning_when_lowered(
    client, coordinator, organisation, framework
):
    def closed_round(min_group_size):
        round = make_round(
            organisation=organisation,
            framework=framework,
            status="open",
            min_group_size=min_group_size,
        )
        make_submitted_respondent(round=round, rol="bestuur", levels={1: 5})
        for _ in range(3):
            make_submitted_respondent(round=round, rol="adviseurs", levels={1: 2})
        return round_close(round=round)

    client.force_login(coordinator)

    html = client.get(report_url(closed_round(3))).content.decode()
    assert "verborgen: minder dan 3 mensen in deze rol" in html
    assert "Let op:" not in html

    # a group size of 1 is raised to 2: the single wethouder is still hidden, and the
    # adviseurs with them, or the overall figures minus the adviseurs would show them
    html = client.get(report_url(closed_round(1))).content.decode()
    assert "Let op:" in html
    assert "verborgen: minder dan 2 mensen in deze rol" in html
    assert "bestuur 5" not in html and "adviseurs 2" not in html


def test_two_per_role_shows_the_house_but_no_role_figures(
    client, colleague, organisation, framework
):
    round = round_close(
        round=make_scored_round(organisation=organisation, framework=framework, per_role=2)
    )
    client.force_login(colleague)

    html = client.get(report_url(round)).content.decode()
    report = build_report(round)

    ambitie = next(entry for entry in report.bouwstenen if entry.text.number == 1)
    assert ambitie.stats.level == 3  # the median of 4, 4, 3, 3, 2, 2
    assert [role.status for role in ambitie.roles] == ["hidden"] * 3
    assert "bestuur 4, managers 3, adviseurs 2" not in html
    assert "De rollen verschillen het meest" not in html


def test_consensus_level_is_used_and_named(client, colleague, scored_round, framework):
    round_answers_close(round=scored_round)
    consensus_record(
        round=scored_round,
        bouwsteen=Bouwsteen.objects.get(framework=framework, number=7),
        level=2,
        toelichting="Samen vastgesteld in het MT.",
    )
    round_close(round=scored_round)
    client.force_login(colleague)

    html = client.get(report_url(scored_round)).content.decode()

    assert "nu 2 (C) → doel 4" in html
    assert "consensus van het team" in html
    assert "Samen vastgesteld in het MT." in html
    assert "consensus op 1 van 11" in html


def test_empty_round_says_so(client, coordinator, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    client.force_login(coordinator)

    response = client.get(report_url(round))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Er zijn nog geen ingevulde vragenlijsten" in html
    assert "Nog geen borgingsniveau" in html
    assert "Geen ingevulde vragenlijsten van: Bestuur, Managers, Adviseurs" in html
    assert len(brick_cells(html)) == 11


def test_missing_role_and_skipped_bouwsteen(client, coordinator, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    for _ in range(3):
        make_submitted_respondent(round=round, rol="managers", levels={1: 3, 2: 0})
    client.force_login(coordinator)

    html = client.get(report_url(round)).content.decode()

    assert "Geen ingevulde vragenlijsten van: Bestuur, Adviseurs" in html
    assert "iedereen die deze bouwsteen beantwoordde koos “weet ik niet”" in html
    assert "niemand heeft deze bouwsteen gescoord" in html


def test_unsubmitted_and_revoked_respondents_do_not_count(organisation, framework):
    from django.utils import timezone

    round = make_round(organisation=organisation, framework=framework, status="open")
    for _ in range(3):
        make_submitted_respondent(round=round, rol="managers", levels={1: 4})
    make_submitted_respondent(round=round, rol="managers", levels={1: 1}, submitted=False)
    revoked = make_submitted_respondent(round=round, rol="managers", levels={1: 1})
    revoked.revoked_at = timezone.now()
    revoked.save()

    report = build_report(round_close(round=round))

    assert report.bouwstenen[0].stats.current.count == 3
    assert report.respondents_total == 3


def test_change_since_previous_closed_round(client, colleague, organisation, framework):
    before = make_round(
        organisation=organisation, framework=framework, name="Borgingsscan 2025", status="open"
    )
    for _ in range(3):
        make_submitted_respondent(round=before, rol="managers", levels={1: 2, 2: 3})
    make_action(round=before, number=1, title="Oude actie")
    round_close(round=before)
    now = make_scored_round(organisation=organisation, framework=framework)
    make_action(round=now, number=4, title="Budget vastleggen", line="ontwikkelen")
    client.force_login(colleague)

    html = client.get(report_url(now)).content.decode()

    assert "Verschil met Borgingsscan 2025" in html
    assert "+1" in html  # bouwsteen 1: 2 -> 3
    assert "Budget vastleggen" in html
    plan, lookback = html.split("Terugblik op Borgingsscan 2025")
    assert "Oude actie" not in plan  # this round's plan has only its own actions
    assert "Oude actie" in lookback


@pytest.mark.parametrize("user", ["outsider", None])
def test_non_members_get_404(client, request, scored_round, user):
    if user:
        client.force_login(request.getfixturevalue(user))
        assert client.get(report_url(scored_round)).status_code == 404
    else:
        response = client.get(report_url(scored_round))
        assert response.status_code == 302


def test_report_page_query_count_does_not_grow_with_respondents(
    client, organisation, framework, django_assert_max_num_queries
):
    viewer = make_member(organisation, "lezer", Membership.Role.VIEWER)
    client.force_login(viewer)
    for round in make_scored_rounds_apart(framework=framework, member=viewer):
        # session, user, round scoped to the member, the stored release (releases.py), its
        # first toelichtingen of every bouwsteen (one query), consensus, respondent counts,
        # actions (at closing, and those recorded after), previous closed round,
        # coordinator check, the organisations the user coordinates (nav), the latest
        # benchmark release and, when the organisation is not in it, whether it takes part
        # from the next one
        with django_assert_max_num_queries(13):
            response = client.get(report_url(round))
        assert response.status_code == 200


def test_open_report_query_count_does_not_grow_with_respondents(
    client, organisation, framework, django_assert_max_num_queries
):
    viewer = make_member(organisation, "lezer", Membership.Role.VIEWER)
    client.force_login(viewer)
    for round in make_scored_rounds_apart(framework=framework, member=viewer, status="open"):
        for _read in range(2):
            # the closed round's 11, minus the toelichtingen, plus the tussenstand: a
            # savepoint and its release, the round locked, the latest tussenstand, who sent
            # (and on the first read the new answers, the new tussenstand and its stored
            # figures)
            with django_assert_max_num_queries(18):
                response = client.get(report_url(round))
            assert response.status_code == 200


def test_level_text_is_dutch():
    with translation.override("nl"):
        assert level_text(2.5) == "2,5"
    assert level_text(3.0) == "3"
    assert level_text(None) == "–"


def test_one_person_figures_are_not_shown_anywhere(client, colleague, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    make_submitted_respondent(
        round=round, rol="bestuur", levels={1: 5}, desired={1: 5}, toelichting="Als wethouder"
    )
    # two more people count (fewer would count nowhere), both "weet ik niet": one scored
    for _ in range(2):
        make_submitted_respondent(round=round, rol="managers", levels={1: 0})
    round_close(round=round)
    client.force_login(colleague)

    html = client.get(report_url(round)).content.decode()
    report = build_report(round)

    first = report.bouwstenen[0]
    assert first.level_text == "–" and first.desired_text == "–"
    assert first.band == 0
    brick = next(brick for brick in report.house.bricks if brick.number == 1)
    assert brick.level is None and brick.desired is None and brick.spread is None
    assert report.overall_text == "–"
    assert "nu 5" not in html and "gemiddelde:" not in html
    assert "Minder dan 3 antwoorden: de verdeling blijft verborgen." in html
    assert "Als wethouder" not in html
    assert "niet getoond" not in html  # nor that the wethouder wrote something
    assert "geen scores" not in html


def test_consensus_page_shows_a_dash_without_a_median(client, coordinator, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    client.force_login(coordinator)

    html = client.get(reverse("assessments:round-consensus", args=[round.pk])).content.decode()

    assert "Mediaan: <strong>–</strong>" in html


def test_toelichtingen_do_not_follow_the_order_of_invitation(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    for name in ("Zwart", "Bakker", "Mulder"):
        make_submitted_respondent(
            round=round, rol="adviseurs", levels={1: 3}, toelichting=f"Tekst {name}"
        )
    round = round_close(round=round)

    texts = [text for text, _count in build_report(round).bouwstenen[0].stats.toelichtingen]

    assert texts == ["Tekst Bakker", "Tekst Mulder", "Tekst Zwart"]


def test_closed_report_ignores_later_edits_of_roles_and_bouwstenen(organisation, framework):
    round = round_close(round=make_scored_round(organisation=organisation, framework=framework))

    def shown():
        fresh = Round.objects.select_related("organisation", "framework").get(pk=round.pk)
        report = build_report(fresh)
        first = report.bouwstenen[0]
        return (
            [row.text for row in first.roles],
            report.per_rol,
            first.text.title,
            report.findings,
            report_key(fresh, "nl"),
        )

    before = shown()
    Rol.objects.filter(framework=framework, code="bestuur").update(code="bestuurders")
    Bouwsteen.objects.filter(framework=framework, number=1).update(title="Nieuwe titel")

    assert shown() == before


def test_report_date_is_the_local_closing_date(organisation, framework):
    import datetime

    round = make_round(organisation=organisation, framework=framework, status="open")
    # 23:30 UTC on 31 March is 1 April in the Netherlands
    round.closed_at = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)

    assert report_date(round) == datetime.date(2026, 4, 1)
    assert build_report(round).date_text == "1 april 2026"


def test_an_empty_round_after_a_closed_one_says_so_without_dashes(
    client, colleague, organisation, framework
):
    before = make_round(
        organisation=organisation, framework=framework, name="Borgingsscan 2025", status="open"
    )
    for _ in range(3):
        make_submitted_respondent(round=before, rol="managers", levels={1: 2})
    round_close(round=before)
    now = make_round(organisation=organisation, framework=framework, status="open")
    client.force_login(colleague)

    html = client.get(report_url(now)).content.decode()

    assert "In Borgingsscan 2025 was het borgingsniveau 2." in html
    assert "ging van" not in html and "(–)" not in html


def test_one_threshold_for_roles_that_differ(client, colleague, organisation, framework):
    # bestuur 4, managers 3: one point apart, below the threshold of 1,5 on house and in text
    round = make_round(organisation=organisation, framework=framework, status="open")
    for rol, level in (("bestuur", 4), ("managers", 3)):
        for _ in range(3):
            make_submitted_respondent(round=round, rol=rol, levels={1: level})
    round = round_close(round=round)
    client.force_login(colleague)

    html = client.get(report_url(round)).content.decode()
    report = build_report(round)

    assert not report.bouwstenen[0].is_disagreement
    assert report.findings.disagreement == ""
    assert "rollen verschillen 1,5 punt of meer" in html
    assert "Geen bouwsteen waar de rollen 1,5 punt of meer verschillen" in html


def test_rol_by_bouwsteen_table_shows_role_medians_and_marks_hidden_cells(
    client, colleague, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    for rol, levels in (("bestuur", [4, 4, 5]), ("managers", [2, 3, 3]), ("adviseurs", [1])):
        for level in levels:
            make_submitted_respondent(round=round, rol=rol, levels={1: level})
    round = round_close(round=round)
    client.force_login(colleague)

    html = client.get(report_url(round)).content.decode()

    table = html[
        html.index('id="rol-bouwsteen-tabel"') : html.index(
            "</table>", html.index('id="rol-bouwsteen-tabel"')
        )
    ]
    assert '<th scope="col" class="num">Bestuur</th>' in table
    first = table[table.index('<th scope="row">1. ') :].split("</tr>")[0]
    # the lone adviseur is hidden, and with them one of the two rollen of three (bestuur,
    # first by code); managers 2, 3, 3: median 3, spread 1
    assert 'band-3">3</span> <span class="muted small">spreiding 1</span>' in first
    assert first.count("verborgen: minder dan 3") == 2
    assert "geen antwoorden uit deze rol" in table  # bouwsteen 2: nobody answered


def test_the_demos_closed_round_shows_the_rol_by_bouwsteen_table(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    round = Round.objects.closed().select_related("organisation").order_by("-closed_at").first()

    report = build_report(round)

    cells = [row.status for entry in report.bouwstenen for row in entry.roles]
    assert len(cells) == 33
    assert cells.count("shown") >= 22  # most of the rol x bouwsteen grid has a figure
