import codecs
import csv
import io
import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from assessments.models import Membership
from assessments.reporting.csv_export import number_cell
from assessments.reporting.report import build_report
from assessments.reporting.services import consensus_record
from assessments.rounds.services import round_answers_close, round_close
from bouwstenen.models import Bouwsteen, Niveau, Rol
from tests.conftest import make_member
from tests.factories import (
    make_round,
    make_scored_round,
    make_scored_rounds_apart,
    make_submitted_respondent,
)

HEADER = [
    "Nummer",
    "Bouwsteen",
    "Niveau",
    "Rol",
    "Aantal scores (1-5)",
    "Aantal weet ik niet",
    "Huidig niveau (mediaan)",
    "Gewenst niveau (mediaan)",
    "Kloof (gewenst min consensus, anders min mediaan)",
    "Spreiding (interkwartielafstand)",
    "Consensus (afgesproken niveau)",
    "Niveau vorige ronde",
    "Verandering sinds vorige ronde",
    "Bestuur: huidig niveau (mediaan)",
    "Managers: huidig niveau (mediaan)",
    "Adviseurs: huidig niveau (mediaan)",
]


def csv_url(round):
    return reverse("assessments:round-report-csv", args=[round.pk])


def csv_blocks(content: bytes) -> list[list[list[str]]]:
    """The file parsed back the way a spreadsheet reads it (BOM, then ';'-separated rows),
    split at empty rows: the figures, then the response per rol."""
    assert content.startswith(codecs.BOM_UTF8)
    text = io.StringIO(content.decode("utf-8-sig"), newline="")
    blocks = [[]]
    for row in csv.reader(text, delimiter=";"):
        if row:
            blocks[-1].append(row)
        else:
            blocks.append([])
    return blocks


def csv_rows(content: bytes) -> list[list[str]]:
    """The figures: the header and one row per bouwsteen."""
    return csv_blocks(content)[0]


def rows_by_number(content: bytes) -> dict[int, dict[str, str]]:
    header, *rows = csv_rows(content)
    return {int(row[0]): dict(zip(header, row, strict=True)) for row in rows}


def bouwsteen_section(html, number):
    start = html.index(f'id="bouwsteen-{number}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def scored_round(organisation, framework):
    """3 x bestuur 4, 3 x managers 3, 3 x adviseurs 2, all desire 4; one bestuur answered
    "weet ik niet" on 11; the team agreed level 2 on 7."""
    round = round_answers_close(
        round=make_scored_round(organisation=organisation, framework=framework)
    )
    consensus_record(
        round=round,
        bouwsteen=Bouwsteen.objects.get(framework=framework, number=7),
        level=2,
        toelichting="Samen vastgesteld in het MT.",
    )
    return round_close(round=round)


@pytest.mark.parametrize("user", ["coordinator", "colleague"])
def test_members_download_the_figures_of_every_bouwsteen(
    client, request, scored_round, framework, user
):
    client.force_login(request.getfixturevalue(user))

    response = client.get(csv_url(scored_round))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="borgingsrapport-gemeente-testdorp-borgingsscan-2026.csv"'
    )
    header, *rows = csv_rows(response.content)
    assert header == HEADER
    report_order = [entry.text.number for entry in build_report(scored_round).bouwstenen]
    assert [int(row[0]) for row in rows] == report_order
    bouwstenen = {b.number: b for b in Bouwsteen.objects.filter(framework=framework).with_grid()}
    for row in rows:
        bouwsteen = bouwstenen[int(row[0])]
        assert row[1:4] == [bouwsteen.short_title, bouwsteen.niveau.name, bouwsteen.rol.name]
    figures = {int(row[0]): row[4:] for row in rows}
    # scores, weet niet, median, desired, gap, spread, consensus, previous round, change
    # (none: no earlier round), bestuur, managers, adviseurs
    assert figures[1] == ["9", "0", "3", "4", "1", "2", "", "", "", "4", "3", "2"]
    # the consensus is the level the gap is measured from; the median stays the median
    assert figures[7] == ["9", "0", "3", "4", "2", "2", "2", "", "", "4", "3", "2"]
    # two bestuur scores are below the group size of 3: no bestuur median; and the adviseurs
    # are hidden with them, or the overall figures minus managers and adviseurs would give
    # the three bestuurders' own figures
    assert figures[11] == ["8", "1", "3", "4", "1", "1,5", "", "", "", "", "3", ""]


def test_no_free_text_or_names_in_the_file(client, colleague, scored_round):
    client.force_login(colleague)

    text = client.get(csv_url(scored_round)).content.decode("utf-8-sig")

    assert "Toelichting van" not in text
    assert "Samen vastgesteld" not in text  # the consensus toelichting
    assert "Jansen" not in text and "example.org" not in text


def test_figures_have_a_decimal_comma_and_stay_numbers(client, colleague, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    for level in (1, 2, 3, 4):
        make_submitted_respondent(
            round=round, rol="adviseurs", levels={1: level, 2: 4}, desired={1: 4, 2: 3}
        )
    round_close(round=round)
    client.force_login(colleague)

    content = client.get(csv_url(round)).content
    rows = rows_by_number(content)

    # 1, 2, 3, 4: median 2.5, quartiles 1.5 and 3.5, gap 4 - 2.5
    assert rows[1]["Huidig niveau (mediaan)"] == "2,5"
    assert rows[1]["Kloof (gewenst min consensus, anders min mediaan)"] == "1,5"
    assert rows[1]["Spreiding (interkwartielafstand)"] == "2"
    assert rows[1]["Adviseurs: huidig niveau (mediaan)"] == "2,5"
    # a negative gap is a number, not text guarded against formulas
    assert rows[2]["Kloof (gewenst min consensus, anders min mediaan)"] == "-1"
    assert b"2.5" not in content and b"1.5" not in content


def test_role_below_the_group_size_gives_empty_cells_as_on_the_page(
    client, colleague, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    make_submitted_respondent(round=round, rol="bestuur", levels={1: 5, 2: 5}, desired={2: 5})
    for _ in range(3):
        make_submitted_respondent(round=round, rol="adviseurs", levels={1: 2})
    round_close(round=round)
    client.force_login(colleague)

    rows = rows_by_number(client.get(csv_url(round)).content)
    html = client.get(reverse("assessments:round-report", args=[round.pk])).content.decode()

    # bouwsteen 1: one bestuur answer next to three adviseurs: the adviseurs are hidden too,
    # or the overall figures minus theirs would be the bestuurder's own
    assert rows[1]["Bestuur: huidig niveau (mediaan)"] == ""
    assert rows[1]["Adviseurs: huidig niveau (mediaan)"] == ""
    assert rows[1]["Huidig niveau (mediaan)"] == "2"
    assert 'Bestuur: <span class="muted">minder dan 3 antwoorden' in bouwsteen_section(html, 1)
    assert 'Adviseurs: <span class="muted">minder dan 3 antwoorden' in bouwsteen_section(html, 1)
    # bouwsteen 2: only that one bestuur answer, so no figure at all, not even how many
    assert {key: value for key, value in rows[2].items() if key not in HEADER[:4]} == {
        **dict.fromkeys(HEADER[4:], ""),
    }
    assert "minder dan 3 antwoorden" in bouwsteen_section(html, 2)


def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(
    client, colleague, organisation, framework
):
    titles = {
        1: '=HYPERLINK("http://x.nl";"a")',
        2: "+31 6 bellen",
        3: "-Kaders",
        4: "@Tijd",
        5: 'Tooling; "gratis"',
    }
    for number, short_title in titles.items():
        Bouwsteen.objects.filter(framework=framework, number=number).update(short_title=short_title)
    Rol.objects.filter(framework=framework, code="bestuur").update(name="=Bestuur")
    Niveau.objects.filter(framework=framework, code="gesprek").update(name="@Gesprek")
    round = make_round(organisation=organisation, framework=framework, status="open")
    for _ in range(3):
        make_submitted_respondent(round=round, rol="adviseurs", levels={1: 4}, desired={1: 3})
    client.force_login(colleague)

    content = client.get(csv_url(round)).content
    header, *rows = csv_rows(content)
    by_number = {int(row[0]): row for row in rows}

    assert by_number[1][1] == "'" + titles[1]
    assert by_number[2][1] == "'+31 6 bellen"
    assert by_number[3][1] == "'-Kaders"
    assert by_number[4][1] == "'@Tijd"
    assert by_number[5][1] == 'Tooling; "gratis"'  # ; and quotes survive, quoted
    assert b'"Tooling; ""gratis"""' in content
    assert by_number[1][3] == "'=Bestuur"
    assert by_number[10][2] == "'@Gesprek"
    assert "'=Bestuur: huidig niveau (mediaan)" in header
    assert by_number[1][8] == "-1"  # the gap is a figure and keeps its minus sign


def test_closed_round_file_does_not_change_when_an_admin_edits_texts(
    client, colleague, scored_round, framework
):
    round = scored_round  # closed
    client.force_login(colleague)
    before = client.get(csv_url(round)).content
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=1)
    bouwsteen.short_title = "Nieuwe korte titel"
    bouwsteen.save()  # what the admin's change form does
    rol = Rol.objects.get(framework=framework, code="bestuur")
    rol.name = "Bestuurders"
    rol.save()

    after = client.get(csv_url(round)).content

    assert after == before
    assert rows_by_number(after)[1]["Bouwsteen"] == "Ambitie"
    assert b"Nieuwe korte titel" not in after and b"Bestuurders" not in after


@pytest.mark.parametrize("user", ["outsider", "other_viewer"])
def test_other_organisations_get_404(client, scored_round, other_organisation, outsider, user):
    if user == "other_viewer":
        outsider = make_member(other_organisation, "lezer-elders", Membership.Role.VIEWER)
    client.force_login(outsider)

    assert client.get(csv_url(scored_round)).status_code == 404


def test_anonymous_is_sent_to_the_login_page(client, scored_round):
    response = client.get(csv_url(scored_round))

    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))


def test_report_page_links_to_the_csv(client, colleague, scored_round):
    client.force_login(colleague)

    html = client.get(reverse("assessments:round-report", args=[scored_round.pk])).content.decode()

    link = re.search(rf'<a [^>]*href="{csv_url(scored_round)}"[^>]*>([^<]*)</a>', html)
    assert link and link.group(1) == "Download de cijfers (CSV)"
    assert 'aria-describedby="csv-uitleg"' in link.group(0)
    assert 'id="csv-uitleg"' in html


def test_csv_query_count_does_not_grow_with_respondents(
    client, colleague, organisation, framework, django_assert_max_num_queries
):
    client.force_login(colleague)
    rounds = make_scored_rounds_apart(framework=framework, member=colleague)
    for round, respondents in zip(rounds, (3, 30), strict=True):
        assert round.respondents.count() == respondents
        # session, user, round scoped to the member, answers, the batches of its releases,
        # consensus, respondent counts, actions, previous closed round (+ the previous
        # round's answers, batches and consensus when there is one: at most 12)
        with django_assert_max_num_queries(9):
            response = client.get(csv_url(round))
        assert response.status_code == 200
        assert len(csv_rows(response.content)) == 12


def test_number_cell_uses_a_decimal_comma_and_one_decimal():
    assert number_cell(None) == ""
    assert number_cell(3.0) == "3"
    assert number_cell(0.0) == "0"
    assert number_cell(2.5) == "2,5"
    assert number_cell(-0.5) == "-0,5"
    assert number_cell(2.25) == "2,2"  # rounded like the report's level_text


def test_the_file_ends_with_the_exact_response_per_rol(client, colleague, scored_round):
    client.force_login(colleague)

    blocks = csv_blocks(client.get(csv_url(scored_round)).content)

    assert len(blocks) == 2
    assert blocks[1] == [
        ["Respons per rol", "Uitgenodigd", "Geopend", "Verstuurd", "Ingetrokken"],
        ["Bestuur", "3", "3", "3", "0"],
        ["Managers", "3", "3", "3", "0"],
        ["Adviseurs", "3", "3", "3", "0"],
        ["Totaal", "9", "9", "9", "0"],
    ]
