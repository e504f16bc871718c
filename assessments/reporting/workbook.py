"""The Excel workbooks (openpyxl): one per round with its figures, the rol x bouwsteen table
where the report shows it, the change since the previous round and the actions; one per
organisation with the trend and the live action plan.

Every figure is read from build_report's Report or from organisation_trend, never computed
here, so the workbook shows what the report shows under the same privacy rules. Like the
CSV it holds no respondents' names, and no toelichtingen unless the coordinator chose them for
the PDF (its appendix): then a sheet Toelichtingen holds all of them, as the report lists them,
also those the PDF leaves out to stay short. Text that a spreadsheet could run as a formula
gets an apostrophe in front (cell_text.py), in the header row too. Numbers stay numbers (Dutch
Excel shows them with a decimal comma), the header row is frozen, columns have a width, and
the sheet names are Dutch.
"""

import datetime
import io

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..actions.selectors import organisation_plan
from ..rounds.scope import NOT_ASKED
from .cell_text import safe_text
from .report import Report
from .trend import Trend

LEVEL_FORMAT = "0.0"  # one decimal, as the report prints levels
COUNT_FORMAT = "0"
DATE_FORMAT = "d-m-yyyy"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(workbook: Workbook, title: str, header: list[str], widths: list[int]):
    """A new sheet with a bold, frozen header row and the column widths set."""
    sheet = workbook.create_sheet(title=title[:31])
    _append(sheet, header)  # a round's name is in it: text, never a formula
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def _append(sheet, values: list, formats: dict[int, str] | None = None) -> None:
    """One row (the first of an empty sheet). Text is stored as text, with an apostrophe in
    front when a spreadsheet could run it as a formula (cell_text.py); numbers get their
    format by column index (0-based)."""
    formats = formats or {}
    row = 1 if sheet.max_row == 1 and sheet["A1"].value is None else sheet.max_row + 1
    for index, value in enumerate(values):
        if isinstance(value, Promise):  # a lazily translated label
            value = str(value)
        if isinstance(value, str):
            value = safe_text(value)
        cell = sheet.cell(row=row, column=index + 1, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        elif value is not None and index in formats:
            cell.number_format = formats[index]


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _level(value):
    return None if value is None else round(float(value), 1)


def round_workbook(report: Report, comparison=None) -> bytes:
    """The round's workbook: Cijfers, Rol x bouwsteen (not in a tussenstand), Verandering
    (with a previous closed round), Acties, Respons, Vergelijking when given the benchmark
    `comparison` (benchmark/comparison.py) and, when the coordinator chose the toelichtingen
    for the PDF (`report.appendix`), Toelichtingen."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    rollen = [rol.name for rol in report.rollen]

    figures = _sheet(
        workbook,
        _("Cijfers"),
        [
            _("Nummer"),
            _("Bouwsteen"),
            _("Niveau"),
            _("Rol"),
            _("Aantal scores (1-5)"),
            _("Aantal weet ik niet"),
            _("Huidig niveau (mediaan)"),
            _("Gewenst niveau (mediaan)"),
            _("Kloof"),
            _("Spreiding"),
            _("Consensus"),
        ],
        [9, 44, 14, 12, 12, 12, 14, 14, 10, 11, 11],
    )
    level_columns = dict.fromkeys(range(6, 11), LEVEL_FORMAT) | {0: COUNT_FORMAT}
    level_columns |= {4: COUNT_FORMAT, 5: COUNT_FORMAT}
    for entry in report.bouwstenen:
        item = entry.stats
        hidden = item.current.hidden  # hidden figures say nothing, not even how many
        if not entry.asked:
            _append(figures, [*_names(entry), *[str(NOT_ASKED)] * 7], {0: COUNT_FORMAT})
            continue
        _append(
            figures,
            [
                entry.text.number,
                entry.text.short_title,
                entry.niveau_name,
                entry.rol_name,
                None if hidden else item.current.count,
                None if hidden else item.current.unknown,
                _level(item.current.median),
                _level(item.desired.median),
                _level(item.gap),
                _level(item.current.spread),
                item.consensus,
            ],
            level_columns,
        )

    if report.tussenstand is None:
        table = _sheet(
            workbook,
            _("Rol x bouwsteen"),
            [_("Nummer"), _("Bouwsteen"), *[_("%(rol)s (mediaan)") % {"rol": r} for r in rollen]],
            [9, 44, *[18] * len(rollen)],
        )
        formats = {0: COUNT_FORMAT} | {2 + i: LEVEL_FORMAT for i in range(len(rollen))}
        for entry in report.bouwstenen:
            medians = [
                _level(role.median) if role.status == "shown" else None for role in entry.roles
            ]
            if not entry.asked:
                medians = [str(NOT_ASKED)] * len(entry.roles)
            _append(table, [entry.text.number, entry.text.short_title, *medians], formats)

    if report.tussenstand is None and any(entry.gemeenten for entry in report.bouwstenen):
        _gemeenten_sheet(workbook, report)

    if report.previous:
        change = _sheet(
            workbook,
            _("Verandering"),
            [
                _("Nummer"),
                _("Bouwsteen"),
                _("Niveau in %(round)s") % {"round": report.previous.name},
                _("Niveau nu"),
                _("Verandering"),
            ],
            [9, 44, 22, 12, 12],
        )
        for entry in report.bouwstenen:
            not_asked = str(NOT_ASKED)
            _append(
                change,
                [
                    entry.text.number,
                    entry.text.short_title,
                    _level(entry.previous_level) if entry.previous_asked else not_asked,
                    _level(entry.stats.level) if entry.asked else not_asked,
                    _level(entry.change) if entry.asked and entry.previous_asked else not_asked,
                ],
                {0: COUNT_FORMAT, 2: LEVEL_FORMAT, 3: LEVEL_FORMAT, 4: LEVEL_FORMAT},
            )

    actions = _sheet(
        workbook,
        _("Acties"),
        [_("Actie"), _("Bouwsteen"), _("Lijn"), _("Eigenaar (rol)"), _("Eigenaar (naam)")]
        + [_("Klaar op"), _("Status"), _("Vastgelegd")],
        [40, 36, 16, 16, 22, 12, 12, 18],
    )
    # As in the PDF: a closed round's actions as they were at closing, then those recorded
    # after it closed, as they are now.
    at_close = _("bij het sluiten") if report.round.is_closed else ""
    for recorded, entries in (
        (at_close, report.actions),
        (_("na het sluiten"), report.actions_after_close),
    ):
        for action in entries:
            _append(
                actions,
                [
                    action.title,
                    action.bouwsteen.name if action.bouwsteen else "",
                    action.line_label,
                    action.owner_rol,
                    action.owner_name,
                    action.due_date,
                    action.status_label,
                    recorded,
                ],
                {5: DATE_FORMAT},
            )

    response = _sheet(
        workbook,
        _("Respons"),
        [_("Rol"), _("Uitgenodigd"), _("Geopend"), _("Verstuurd"), _("Ingetrokken")],
        [22, 12, 12, 12, 12],
    )
    for row in report.per_rol:
        _append(
            response,
            [row.name, row.invited, row.opened, row.submitted, row.revoked],
            dict.fromkeys(range(1, 5), COUNT_FORMAT),
        )
    if comparison is not None:
        _comparison_sheet(workbook, comparison)
    if report.appendix:
        _toelichtingen_sheet(workbook, report)
    if not report.round.is_whole_organisation:
        _scope_sheet(workbook, report)
    return _bytes(workbook)


def _names(entry) -> list:
    return [entry.text.number, entry.text.short_title, entry.niveau_name, entry.rol_name]


def _scope_sheet(workbook: Workbook, report: Report) -> None:
    """Over deze ronde: the part it is about and how many bouwstenen it asked, for a round
    about a part or of some bouwstenen (rounds/scope.py)."""
    sheet = _sheet(workbook, _("Over deze ronde"), [_("Ronde"), report.round.name], [24, 60])
    _append(sheet, [_("Over"), report.scope_text])
    if report.asked_text:
        _append(sheet, [_("Bouwstenen"), report.asked_text])


def _comparison_sheet(workbook: Workbook, comparison) -> None:
    """Vergelijking: per bouwsteen the group compared with and why, the bands shown of it
    (as text: "2 tot 3") and this round's figure, as the report shows them; or, when this
    model is not compared, why not."""
    sheet = _sheet(
        workbook,
        _("Vergelijking"),
        [
            _("Nummer"),
            _("Bouwsteen"),
            _("Vergeleken met"),
            _("Aantal organisaties"),
            _("P25"),
            _("Mediaan"),
            _("P75"),
            _("Deze ronde"),
            _("Waar jullie staan"),
            _("Stand van"),
            _("Waarom deze groep"),
        ],
        [9, 44, 28, 12, 12, 12, 12, 12, 22, 16, 44],
    )
    if not comparison.rows:
        _append(sheet, ["", comparison.absent], {})
        return
    formats = {0: COUNT_FORMAT, 3: COUNT_FORMAT, 7: LEVEL_FORMAT}
    for row in comparison.rows:
        _append(
            sheet,
            [
                row.number,
                row.name,
                row.group,
                row.count,
                row.p25_text,
                row.median_text,
                row.p75_text,
                _level(row.own),
                row.position_text,
                comparison.date_text,
                row.reason,
            ],
            formats,
        )


def _gemeenten_sheet(workbook: Workbook, report: Report) -> None:
    """Bestuur per gemeente: a row per bouwsteen and gemeente, the median or why not."""
    sheet = _sheet(
        workbook,
        _("Bestuur per gemeente"),
        [_("Nummer"), _("Bouwsteen"), _("Gemeente"), _("Mediaan"), _("Aantal scores (1-5)")]
        + [_("Waarom niet")],
        [9, 44, 24, 12, 12, 50],
    )
    formats = {0: COUNT_FORMAT, 3: LEVEL_FORMAT, 4: COUNT_FORMAT}
    for entry in report.bouwstenen:
        for row in entry.gemeenten:
            why = "" if row.shown else row.text
            values = [_level(row.median), row.count, why]
            _append(sheet, [entry.text.number, entry.text.short_title, row.name, *values], formats)


def _toelichtingen_sheet(workbook: Workbook, report: Report) -> None:
    sheet = _sheet(
        workbook,
        _("Toelichtingen"),
        [_("Nummer"), _("Bouwsteen"), _("Toelichting"), _("Aantal keer")],
        [9, 36, 90, 12],
    )
    for entry in report.bouwstenen:
        for text, count in entry.stats.toelichtingen:
            _append(
                sheet,
                [entry.text.number, entry.text.short_title, text, count],
                {0: COUNT_FORMAT, 3: COUNT_FORMAT},
            )


def organisation_workbook(trend: Trend, today: datetime.date | None = None) -> bytes:
    """The organisation's workbook: Ontwikkeling (level and desired level per round, the
    borgingsniveau first), Actieplan (the live plan) and Voortgang (each action's history)."""
    today = today or timezone.localdate()
    workbook = Workbook()
    workbook.remove(workbook.active)
    header = [_("Bouwsteen")]
    for round in trend.rounds:
        header += [
            _("%(round)s: niveau") % {"round": round.name},
            _("%(round)s: gewenst") % {"round": round.name},
        ]
    development = _sheet(workbook, _("Ontwikkeling"), header, [44] + [16] * (2 * len(trend.rounds)))
    formats = {index: LEVEL_FORMAT for index in range(1, len(header))}
    for series in [trend.overall, *trend.bouwstenen]:
        values = [series.name]
        for point in series.points:
            if point.asked:
                values += [_level(point.level), _level(point.desired)]
            else:
                values += [str(NOT_ASKED)] * 2
        _append(development, values, formats)
    if trend.scope:  # a part's own development says whose it is
        _append(development, [])
        _append(development, [trend.scope_text])

    plan = _sheet(
        workbook,
        _("Actieplan"),
        [_("Lijn"), _("Actie"), _("Bouwsteen"), _("Eigenaar (rol)"), _("Eigenaar (naam)")]
        + [_("Klaar op"), _("Status"), _("Te laat"), _("Uit ronde"), _("Laatst bijgewerkt")],
        [16, 40, 36, 16, 22, 12, 12, 9, 22, 16],
    )
    history = _sheet(
        workbook,
        _("Voortgang"),
        [_("Actie"), _("Datum"), _("Status"), _("Voortgang"), _("Door")],
        [40, 16, 12, 60, 22],
    )
    for action in organisation_plan(trend.organisation):
        updates = list(action.updates.all())  # newest first, prefetched
        _append(
            plan,
            [
                action.get_line_display(),
                action.title,
                f"{action.bouwsteen.number}. {action.bouwsteen.short_title}",
                action.owner_rol.name,
                action.owner_name,
                action.due_date,
                action.get_status_display(),
                _("ja") if action.is_overdue(today) else _("nee"),
                action.began_in,
                timezone.localtime(updates[0].created_at).replace(tzinfo=None) if updates else None,
            ],
            {5: DATE_FORMAT, 9: DATE_FORMAT},
        )
        for update in reversed(updates):
            author = update.author
            _append(
                history,
                [
                    action.title,
                    timezone.localtime(update.created_at).replace(tzinfo=None),
                    update.get_status_display() if update.status else "",
                    update.note,
                    (author.get_full_name() or author.get_username()) if author else "",
                ],
                {1: DATE_FORMAT + " hh:mm"},
            )
    return _bytes(workbook)
