"""Differencing attacks against any output that shows a round's figures, reusable for every
output to come: an Output reads a round as a member would (page, PDF text, CSV) and masks
what may change without telling anything about answers (counts of people, ids in links, the
CSRF token). Two reads an attacker can compare must then be equal:

- assert_unchanged(output, client, round, action): read, do `action` (revoke or reinstate a
  link, one more send, erase personal data), read again;
- assert_indistinguishable(output, client, world_a, world_b): two rounds that differ only in
  what one respondent answered (swapped with someone else, so the totals agree): when both
  read the same, that respondent's level cannot be derived from the output.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.models import Round, RoundMessage
from assessments.reporting.pdf import print_report, render_report_html
from assessments.reporting.views.report import TOELICHTINGEN_PER_PAGE
from tests.tasks import run_tasks

# Counts of people are not figures about answers (see assessments/reporting/disclosure.py):
# they are masked, everything else must match.
PEOPLE_COUNTS = [
    re.compile(r'<table class="[^"]*responses-table.*?</table>', re.S),
    re.compile(r'<p id="response-total">.*?</p>', re.S),
    re.compile(r"Respons per rol\s.*?Totaal[^\n]*", re.S),  # the PDF's table
    re.compile(r"\d+ respondent(en)?"),
    re.compile(r"^Respons per rol;.*", re.S | re.M),  # the CSV's last block
    re.compile(r'<p class="notice">Geen ingevulde vragenlijsten van:.*?</p>', re.S),
    re.compile(r"Geen ingevulde vragenlijsten van:[^.]*\.(\s*Het\s+rapport\s+laat[^.]*\.)?"),
]
NOISE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r"/rondes/\d+/"),
    re.compile(r"/organisaties/[\w-]+/"),
    re.compile(r"/vragenlijst/[^/]+/"),
]


def mask(text: str) -> str:
    """`text` without counts of people and noise, its white space collapsed (so a masked
    block that is there in one read and not in the other leaves no trace)."""
    for pattern in PEOPLE_COUNTS + NOISE:
        text = pattern.sub("", text)
    return re.sub(r"\s+", " ", text)


def pdf_text(content: bytes, header: str = "") -> str:
    """The PDF's text without its running `header` and page numbers: a notice about people
    (masked) may move a page break, and with it where those lines fall."""
    reader = PdfReader(io.BytesIO(content))
    lines = [
        line
        for page in reader.pages
        for line in page.extract_text().splitlines()
        if line.strip() != header and not re.fullmatch(r"Pagina \d+ van \d+", line.strip())
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class Output:
    """One way to read a round's figures: `read(client, round)` returns its text."""

    name: str
    read: Callable

    def figures(self, client, round) -> str:
        return mask(self.read(client, round))


def print_html(client, round, appendix=False) -> str:
    """What the worker hands to WeasyPrint for `round` (pdf.print_report), after the PDF's
    own access check; with the appendix of toelichtingen when `appendix`."""
    read_url(client, "assessments:round-report", round)  # the member may read the report
    stored = Round.objects.select_related("organisation", "framework").get(pk=round.pk)
    stored.report_appendix = appendix
    return render_report_html(print_report(stored))


def read_url(client, name, round) -> bytes:
    response = client.get(reverse(name, args=[round.pk]))
    assert response.status_code == 200, (name, response.status_code)
    return response.content


def read_pdf(client, round) -> str:
    """The PDF a member downloads: the web process queues it, the worker makes it."""
    url = reverse("assessments:round-report-pdf", args=[round.pk])
    response = client.get(url)
    if response.status_code == 302:  # being made: the download page
        run_tasks()
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return pdf_text(response.content, header=f"{round.organisation.name} · {round.name}")


def read_toelichtingen(client, round) -> str:
    """The report page, then every page of toelichtingen of every bouwsteen, as a member
    pages through them."""
    texts = [read_url(client, "assessments:round-report", round).decode()]
    for number in range(1, 12):
        url = reverse("assessments:round-report-toelichtingen", args=[round.pk, number])
        page = 1
        while True:
            response = client.get(url, {"pagina": page})
            assert response.status_code == 200, (url, response.status_code)
            texts.append(response.content.decode())
            if f'href="?pagina={page + 1}"' not in texts[-1]:
                break
            page += 1
            assert page < 1000 // TOELICHTINGEN_PER_PAGE
    return "\n".join(texts)


PAGE = Output(
    "page", lambda client, round: read_url(client, "assessments:round-report", round).decode()
)
PDF = Output("pdf", read_pdf)
# The print HTML with the appendix: everything the PDF can show, toelichtingen included.
PRINT = Output("print", lambda client, round: print_html(client, round, appendix=True))
TOELICHTINGEN = Output("toelichtingen", read_toelichtingen)
CSV = Output(
    "csv",
    lambda client, round: read_url(client, "assessments:round-report-csv", round).decode(
        "utf-8-sig"
    ),
)
CONSENSUS = Output(
    "consensus",
    lambda client, round: read_url(client, "assessments:round-consensus", round).decode(),
)


def outcome_page(client, round) -> str:
    """What a respondent of the closed `round` sees through their link once the coordinator
    shares the outcome (no login)."""
    RoundMessage.objects.update_or_create(round=round, defaults={"outcome_shared": True})
    respondent = round.respondents.filter(revoked_at__isnull=True).order_by("pk").first()
    response = client.get(reverse("assessments:questionnaire-outcome", args=[respondent.token]))
    assert response.status_code == 200
    return response.content.decode()


OUTCOME = Output("outcome", outcome_page)


def workbook_text(content: bytes) -> str:
    """Every cell of the Excel workbook as text, sheet by sheet, but for the response per
    rol (counts of people)."""
    workbook = load_workbook(io.BytesIO(content))
    lines = []
    for sheet in workbook.worksheets:
        if sheet.title == "Respons":
            continue
        lines.append(f"[{sheet.title}]")
        for row in sheet.iter_rows(values_only=True):
            lines.append(";".join("" if value is None else str(value) for value in row))
    return "\n".join(lines)


XLSX = Output(
    "xlsx",
    lambda client, round: workbook_text(read_url(client, "assessments:round-report-xlsx", round)),
)


def trend_page(client, round) -> str:
    response = client.get(reverse("assessments:organisation-trend", args=[round.organisation.slug]))
    assert response.status_code == 200
    return response.content.decode()


TREND = Output("trend", trend_page)
# The PDF's content is the print template's text (PRINT, with the appendix): the attacks
# read that, and one of them the real PDF download too, since WeasyPrint takes about a
# second per read.
OUTPUTS = [PAGE, PRINT, CSV, XLSX, TOELICHTINGEN]
# What shows a closed round only: the respondents' view of the outcome, the trend.
CLOSED_OUTPUTS = [*OUTPUTS, OUTCOME, TREND]


def assert_unchanged(output: Output, client, round, action: Callable[[], object]) -> str:
    """Read `round` through `output`, run `action`, read again: the figures must be the same.
    Returns the text, for further checks."""
    before = output.figures(client, round)
    action()
    after = output.figures(client, round)
    assert after == before, (
        f"{output.name}: the figures changed, {_first_difference(before, after)}"
    )
    return after


def assert_indistinguishable(output: Output, client, world_a, world_b) -> str:
    """The two rounds read the same through `output`."""
    a, b = output.figures(client, world_a), output.figures(client, world_b)
    assert a == b, f"{output.name}: the two worlds differ, {_first_difference(a, b)}"
    return a


def _first_difference(a: str, b: str) -> str:
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            start, end = max(0, index - 80), index + 80
            return f"at {index}: {a[start:end]!r} vs {b[start:end]!r}"
    return f"lengths {len(a)} and {len(b)}"
