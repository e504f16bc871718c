"""The PDF's appendix of toelichtingen stays within 40 pages whatever the number and length
of the toelichtingen; the rest are in the workbook and on the website, and the PDF says so."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.common.stored_pdf import render_pdf
from assessments.models import Answer, Round
from assessments.reporting.appendix import AppendixPart, appendix_parts, lines_of
from assessments.reporting.pdf import print_report, render_report_html
from assessments.reporting.report import TOELICHTINGEN_PER_PAGE
from assessments.reporting.services import round_report_appendix_set
from scripts.closed_rounds import closed_round

WORDS = ["participatie", "inwoners", "gemeente", "project", "leidraad", "wethouder", "afspraak"]
MAX_PAGES = 40


def seeded_closed_round(organisation, framework, respondents, toelichting):
    """A closed round of `respondents` people who all sent (as the benchmark seeds it), with
    the appendix chosen."""
    round = closed_round(organisation, framework, respondents, "Grote ronde", toelichting)
    round_report_appendix_set(round=round, appendix=True)
    return Round.objects.select_related("organisation", "framework").get(pk=round.pk)


def long_text(rng, person, bouwsteen):
    """Up to the longest a toelichting may be (2,000 characters), different per person."""
    words = rng.choices(WORDS, k=rng.randint(5, 280))
    return (f"{person.pk}-{bouwsteen.number} " + " ".join(words))[:2000]


def pdf_of(round):
    return render_pdf(render_report_html(print_report(round)))


def test_the_appendix_stays_within_40_pages_with_long_toelichtingen(
    organisation, framework, client, coordinator
):
    round = seeded_closed_round(organisation, framework, 60, long_text)
    everything = sum(
        lines_of(*item)
        for part in print_report(round).bouwstenen
        for item in part.stats.toelichtingen
    )
    assert everything > 2 * 56 * MAX_PAGES  # uncapped: more than twice the 40 pages

    pdf = pdf_of(round)

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) <= MAX_PAGES
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "van de 60 toelichtingen" in text
    assert text.count("blad Toelichtingen") == 11  # every bouwsteen says where the rest are
    # ... and they are there: the workbook holds all of them
    client.force_login(coordinator)
    response = client.get(reverse("assessments:round-report-xlsx", args=[round.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["Toelichtingen"]
    assert sheet.max_row == 1 + 60 * 11
    stored = Answer.objects.filter(respondent__round=round).values_list("toelichting", flat=True)
    shown = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert shown == {text.strip() for text in stored}  # as the report lists them


def test_many_short_toelichtingen_fill_the_room_and_stay_within_40_pages(organisation, framework):
    round = seeded_closed_round(
        organisation,
        framework,
        300,
        lambda rng, person, bouwsteen: f"Hangt af van de projectleider ({person.pk}, {bouwsteen}).",
    )

    reader = PdfReader(io.BytesIO(pdf_of(round)))

    assert 25 <= len(reader.pages) <= MAX_PAGES  # the room is used, not wasted (30 measured)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "van de 300 toelichtingen" in text


@pytest.mark.parametrize(
    ("needs", "expected"),
    [
        ({1: 10, 2: 10}, {1: 10, 2: 10}),  # everything fits: all shown, no pointer
        ({1: 10, 2: 1000, 3: 1000}, {1: 10, 2: 35, 3: 35}),  # the small one leaves room
    ],
)
def test_every_bouwsteen_gets_a_fair_share_and_a_small_one_leaves_room_to_others(needs, expected):
    class Stats:
        def __init__(self, count):
            self.toelichtingen = [(f"t{i:04}", 1) for i in range(count)]  # a line each

    class Entry:
        def __init__(self, number, count):
            self.text, self.stats = type("T", (), {"number": number})(), Stats(count)

    line = lines_of("t0000", 1)
    entries = [Entry(number, count) for number, count in needs.items()]
    entries.append(Entry(9, 0))  # no toelichtingen: no part
    room = 5 * len(needs) + line * 80  # headings, and 80 toelichtingen' lines

    parts = appendix_parts(entries, per_page=TOELICHTINGEN_PER_PAGE, room=room)

    assert {part.entry.text.number: len(part.toelichtingen) for part in parts} == expected
    for part in parts:
        assert isinstance(part, AppendixPart)
        assert part.toelichtingen == part.entry.stats.toelichtingen[: len(part.toelichtingen)]
        assert part.rest == needs[part.entry.text.number] - len(part.toelichtingen)
        assert part.next_page == len(part.toelichtingen) // TOELICHTINGEN_PER_PAGE + 1
