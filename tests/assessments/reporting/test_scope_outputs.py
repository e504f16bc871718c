"""A round about a part that asks some of the bouwstenen: every output names the part and
says "niet gevraagd" for the others, never a zero or an empty figure, and leaves them out of
the overall figures, the largest gaps and the findings."""

import csv
import html
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from weasyprint import HTML

from assessments.models import Membership, Round
from assessments.reporting.pdf import print_report, render_report_html
from assessments.reporting.pdf_version import report_key
from assessments.reporting.report import build_report
from assessments.reporting.services import consensus_record_many
from assessments.rounds.services import round_answers_close, round_close
from bouwstenen.models import Bouwsteen
from tests.conftest import make_member
from tests.dutch_words import dutch_words, user_texts
from tests.factories import make_onderdeel, make_scored_round

ASKED = [1, 3, 6, 8]
NOT_ASKED = [2, 4, 5, 7, 9, 10, 11]


@pytest.fixture
def part(organisation):
    return make_onderdeel(organisation=organisation)


@pytest.fixture
def scoped_round(organisation, framework, part):
    round = make_scored_round(
        organisation=organisation,
        framework=framework,
        name="Borgingsscan Woonvisie",
        onderdeel=part,
        asked_bouwstenen=ASKED,
    )
    return round_close(round=round)


def reload(round):
    return Round.objects.select_related("organisation", "framework", "onderdeel").get(pk=round.pk)


def url(name, round):
    return reverse(f"assessments:round-report{name}", args=[round.pk])


def test_the_report_marks_the_unasked_bouwstenen_and_counts_only_the_asked(scoped_round):
    report = build_report(reload(scoped_round))

    by_number = {entry.text.number: entry for entry in report.bouwstenen}
    assert [n for n, entry in by_number.items() if not entry.asked] == NOT_ASKED
    for number in NOT_ASKED:
        entry = by_number[number]
        assert entry.level_text == entry.gap_text == entry.desired_text == "niet gevraagd"
        assert not entry.is_top_gap and not entry.is_disagreement
    assert {n for n, entry in by_number.items() if entry.is_top_gap} <= set(ASKED)
    gesprek = next(row for row in report.groups if "gesprek" in row.name)
    assert gesprek.level_text == "niet gevraagd"  # none of its bouwstenen (10, 11) asked
    assert report.scope_text == "onderdeel: Projectteam Woonvisie"
    assert report.asked_text == "Gevraagd: 4 van 11 bouwstenen"
    assert all(any(f"Bouwsteen {n} " in line for n in ASKED) for line in report.findings.gaps)


def test_the_report_page_names_the_part_and_shows_unasked_stones_hatched(
    client, colleague, scoped_round
):
    client.force_login(colleague)

    page = client.get(url("", scoped_round)).content.decode()

    assert "— onderdeel: Projectteam Woonvisie</span></h1>" in page
    assert "Gevraagd: 4 van 11 bouwstenen" in page
    title = Bouwsteen.objects.get(number=2).short_title
    assert f'aria-label="Bouwsteen 2: {title}, niet gevraagd"' in page
    assert 'class="brick brick-not-asked" data-bouwsteen="2"' in page
    assert page.count('class="brick-not-asked-hatch"') == 2 * len(NOT_ASKED)  # wide, narrow
    row = re.search(r'<tr>\s*<th scope="row"><a href="#bouwsteen-2">.*?</tr>', page, re.S)
    assert "niet gevraagd" in row.group(0) and ">0<" not in row.group(0)
    assert "Deze ronde vroeg niet naar deze bouwsteen." in page


def test_a_whole_organisation_report_says_so(client, colleague, organisation, framework):
    round = round_close(round=make_scored_round(organisation=organisation, framework=framework))
    client.force_login(colleague)

    page = client.get(url("", round)).content.decode()

    assert "— Hele organisatie</span></h1>" in page
    assert "niet gevraagd" not in page and "Gevraagd:" not in page


def test_the_csv_says_niet_gevraagd_in_every_figure_of_an_unasked_bouwsteen(
    client, colleague, scoped_round
):
    client.force_login(colleague)

    content = client.get(url("-csv", scoped_round)).content.decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    header, by_number = rows[0], {row[0]: row for row in rows[1:12]}
    for number in NOT_ASKED:
        assert by_number[str(number)][4:] == ["niet gevraagd"] * (len(header) - 4)
    assert by_number["1"][6] == "3"  # an asked one has its figures
    assert ["Over", "onderdeel: Projectteam Woonvisie"] in rows
    assert ["Bouwstenen", "Gevraagd: 4 van 11 bouwstenen"] in rows


def test_the_workbook_says_niet_gevraagd_and_names_the_part(client, colleague, scoped_round):
    client.force_login(colleague)

    response = client.get(url("-xlsx", scoped_round))

    workbook = load_workbook(io.BytesIO(response.content))
    figures = {row[0]: row for row in workbook["Cijfers"].iter_rows(min_row=2, values_only=True)}
    assert figures[2][4:] == ("niet gevraagd",) * 7
    assert figures[1][6] == 3
    roles = {row[0]: row for row in workbook["Rol x bouwsteen"].iter_rows(values_only=True)}
    assert roles[5][2:] == ("niet gevraagd",) * 3
    scope = list(workbook["Over deze ronde"].iter_rows(values_only=True))
    assert ("Over", "onderdeel: Projectteam Woonvisie") in scope


def test_the_pdf_names_the_part_and_says_niet_gevraagd(scoped_round):
    html = render_report_html(print_report(reload(scoped_round)))

    assert "Borgingsscan Woonvisie — onderdeel: Projectteam Woonvisie" in html
    assert "Gevraagd: 4 van 11 bouwstenen" in html
    assert "het gemiddelde van de gevraagde bouwstenen" in html
    assert html.count('class="brick-not-asked-hatch"') == len(NOT_ASKED)  # the wide house
    section = re.search(
        r'<section class="report-bouwsteen[^"]*" id="bouwsteen-9".*?</section>', html, re.S
    )
    assert "niet gevraagd" in section.group(0) and "Verdeling" not in section.group(0)


def test_the_pdf_text_says_niet_gevraagd(scoped_round):
    html = render_report_html(print_report(reload(scoped_round)))
    document = HTML(string=html).write_pdf()

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)
    assert "niet gevraagd" in text
    assert "Gevraagd: 4 van 11 bouwstenen" in text


def test_the_consensus_page_offers_no_form_for_an_unasked_bouwsteen(
    client, organisation, framework, part
):
    round = make_scored_round(
        organisation=organisation, framework=framework, onderdeel=part, asked_bouwstenen=ASKED
    )
    round = round_answers_close(round=round)
    coordinator = make_member(organisation, "coordinator-scope", Membership.Role.COORDINATOR)
    client.force_login(coordinator)
    link = reverse("assessments:round-consensus", args=[round.pk])

    page = client.get(link).content.decode()
    response = client.post(link, {"b2-level": "5", "b2-toelichting": "x", "b1-level": "4"})

    assert 'name="b2-level"' not in page and 'name="b1-level"' in page
    assert "Niet gevraagd in deze ronde" in page
    assert response.status_code == 302
    assert dict(round.consensus.values_list("bouwsteen__number", "level")) == {1: 4}


def test_the_consensus_service_refuses_an_unasked_bouwsteen(organisation, framework, part):
    round = make_scored_round(
        organisation=organisation, framework=framework, onderdeel=part, asked_bouwstenen=ASKED
    )
    round = round_answers_close(round=round)
    bouwsteen = Bouwsteen.objects.get(number=2)

    with pytest.raises(ValidationError):
        consensus_record_many(round=round, decisions={bouwsteen: (4, "")})

    assert not round.consensus.exists()


def test_the_report_page_of_a_scoped_round_keeps_the_query_budget(
    client, organisation, framework, part, django_assert_max_num_queries
):
    viewer = make_member(organisation, "lezer-scope", Membership.Role.VIEWER)
    client.force_login(viewer)
    round = make_scored_round(
        organisation=organisation, framework=framework, onderdeel=part, asked_bouwstenen=ASKED
    )
    round = round_close(round=round)
    client.get(url("", round))  # the stored release is read from here on
    # the same 13 as a whole organisation's report (test_report.py): the part comes with
    # the round
    with django_assert_max_num_queries(13):
        response = client.get(url("", round))
    assert response.status_code == 200


def test_the_english_report_of_a_part_has_no_dutch_words(
    client, colleague, organisation, scoped_round
):
    organisation.language = "en"
    organisation.save()
    client.force_login(colleague)

    page = client.get("/en" + url("", scoped_round)).content.decode()
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S))

    assert "part: Projectteam Woonvisie" in page and "not asked" in page
    assert "Asked: 4 of 11 building blocks" in page
    assert dutch_words(html.unescape(text), user_texts()) == []


def test_renaming_the_part_makes_the_stored_pdf_outdated(scoped_round, part):
    before = report_key(reload(scoped_round), "nl")
    part.name = "Team Woonvisie"
    part.save()

    assert report_key(reload(scoped_round), "nl") != before
