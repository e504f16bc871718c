"""The rode draad as an Excel workbook (openpyxl): the same figures as its page
(selectors.rode_draad_page), read from its stored snapshot, never computed here. Sheets:
Knelpunten, Per scan (every part's figures side by side, "niet gevraagd" where a round did
not ask a bouwsteen, never a zero), Verschillen and Acties. Text that a spreadsheet could run
as a formula gets an apostrophe in front (reporting/cell_text.py)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..reporting.cell_text import safe_text
from .selectors import RodeDraadPage

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEVEL_FORMAT = "0.0"


def _sheet(workbook: Workbook, title: str, header: list[str], widths: list[int]):
    sheet = workbook.create_sheet(title=title[:31])
    _append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def _append(sheet, values: list) -> None:
    row = 1 if sheet.max_row == 1 and sheet["A1"].value is None else sheet.max_row + 1
    for index, value in enumerate(values, start=1):
        if isinstance(value, str):
            cell = sheet.cell(row=row, column=index, value=safe_text(value))
            cell.data_type = "s"
        else:
            cell = sheet.cell(row=row, column=index, value=value)
            if isinstance(value, float):
                cell.number_format = LEVEL_FORMAT


def rode_draad_workbook(page: RodeDraadPage) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheet = _sheet(
        workbook,
        _("Knelpunten"),
        [_("Nummer"), _("Bouwsteen"), _("Knelpunt in"), _("Van scans"), _("Scans")],
        [9, 36, 12, 12, 60],
    )
    for item in page.knelpunten:
        names = ", ".join(part.name for part in item.parts)
        _append(
            sheet,
            [item.bouwsteen.number, item.bouwsteen.short_title, len(item.parts), item.shown, names],
        )
    sheet = _sheet(
        workbook,
        _("Per scan"),
        [
            _("Scan"),
            _("Onderdeel"),
            _("Nummer"),
            _("Bouwsteen"),
            _("Nu (mediaan)"),
            _("Doel (mediaan)"),
            _("Kloof"),
            _("Knelpunt"),
            _("Toelichting"),
        ],
        [28, 28, 9, 36, 13, 13, 9, 10, 30],
    )
    for part in page.parts:
        for bouwsteen in page.bouwstenen:
            cell = part.cells[bouwsteen.number]
            figure = cell.figure
            shown = figure.shown
            _append(
                sheet,
                [
                    part.name,
                    part.scope,
                    bouwsteen.number,
                    bouwsteen.short_title,
                    figure.current if shown else None,
                    figure.desired if shown else None,
                    figure.gap,
                    _("ja") if figure.knelpunt else _("nee"),
                    "" if shown else cell.text,
                ],
            )
    sheet = _sheet(
        workbook,
        _("Verschillen"),
        [
            _("Nummer"),
            _("Bouwsteen"),
            _("Laagst"),
            _("Scan"),
            _("Hoogst"),
            _("Scan"),
            _("Verschil"),
        ],
        [9, 36, 10, 28, 10, 28, 10],
    )
    for item in page.differences:
        _append(
            sheet,
            [
                item.bouwsteen.number,
                item.bouwsteen.short_title,
                item.low,
                item.low_part.name,
                item.high,
                item.high_part.name,
                item.difference,
            ],
        )
    sheet = _sheet(
        workbook,
        _("Acties"),
        [_("Nummer"), _("Bouwsteen"), _("Actie"), _("Status"), _("Klaar op"), _("Uit ronde")],
        [9, 36, 40, 12, 12, 28],
    )
    for bouwsteen, actions in page.action_rows:
        for action in actions:
            _append(
                sheet,
                [
                    bouwsteen.number,
                    bouwsteen.short_title,
                    action.title,
                    str(action.get_status_display()),
                    action.due_date,
                    action.round.name,
                ],
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
