"""The figures of a round's report as a CSV file for Dutch spreadsheets: one row per bouwsteen.

Every figure is read from build_report's Report, never computed here, so the file shows
exactly what the report shows under the same privacy rules. It holds no toelichtingen, no
consensus toelichtingen and no names: free text could identify people.
"""

import csv
import io

from django.utils.translation import gettext as _

from ..rounds.scope import NOT_ASKED
from .cell_text import safe_text
from .report import Report


def number_cell(value) -> str:
    """A figure as Dutch Excel reads a number: rounded to one decimal like the report, whole
    numbers without decimals, a decimal comma ("2,5", "-0,5"). "" when there is no figure,
    also when the report hides it."""
    if value is None:
        return ""
    value = round(value, 1)
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def report_rows(report: Report) -> list[list[str]]:
    """The header row and one row per bouwsteen, in the report's order. A role's median is
    filled in only where the report shows it (a large enough group); hidden or missing
    figures are empty cells, and so are the previous round's level and the change without a
    previous closed round. A bouwsteen the round (or the previous one) did not ask says
    "niet gevraagd" in each figure's cell (of that round)."""
    header = [
        _("Nummer"),
        _("Bouwsteen"),
        _("Niveau"),
        _("Rol"),
        _("Aantal scores (1-5)"),
        _("Aantal weet ik niet"),
        _("Huidig niveau (mediaan)"),
        _("Gewenst niveau (mediaan)"),
        _("Kloof (gewenst min consensus, anders min mediaan)"),
        _("Spreiding (interkwartielafstand)"),
        _("Consensus (afgesproken niveau)"),
        _("Niveau vorige ronde"),
        _("Verandering sinds vorige ronde"),
    ]
    header += [_("%(rol)s: huidig niveau (mediaan)") % {"rol": rol.name} for rol in report.rollen]
    rows = [[safe_text(cell) for cell in header]]
    not_asked = str(NOT_ASKED)
    for entry in report.bouwstenen:
        item = entry.stats
        names = [
            str(entry.text.number),
            safe_text(entry.text.short_title),
            safe_text(entry.niveau_name),
            safe_text(entry.rol_name),
        ]
        if not entry.asked:  # every figure says so: never a zero or an empty cell
            previous = not_asked  # last round's figure, when there was one that asked it
            if report.previous and entry.previous_asked:
                previous = number_cell(entry.previous_level)
            figures = [not_asked] * 7 + [previous, not_asked]
            rows.append(names + figures + [not_asked] * len(report.rollen))
            continue
        row = [
            str(entry.text.number),
            safe_text(entry.text.short_title),
            safe_text(entry.niveau_name),
            safe_text(entry.rol_name),
            # hidden figures say nothing, not even how many answered (disclosure.py)
            "" if item.current.hidden else str(item.current.count),
            "" if item.current.hidden else str(item.current.unknown),
            # None when the answers are hidden; otherwise it follows from the distribution
            # of answers the report shows
            number_cell(item.current.median),
            number_cell(item.desired.median),
            number_cell(item.gap),
            number_cell(item.current.spread),
            number_cell(item.consensus),
            number_cell(entry.previous_level) if entry.previous_asked else not_asked,
            number_cell(entry.change) if entry.previous_asked else not_asked,
        ]
        row += [
            number_cell(role.median if role.status == "shown" else None) for role in entry.roles
        ]
        rows.append(row)
    return rows


def response_rows(report: Report) -> list[list[str]]:
    """The exact response per rol and in total, as the report's table shows it."""
    header = [_("Respons per rol"), _("Uitgenodigd"), _("Geopend"), _("Verstuurd")]
    header += [_("Ingetrokken")]
    rows = [[safe_text(cell) for cell in header]]
    for row in report.per_rol:
        counts = [row.invited, row.opened, row.submitted, row.revoked]
        rows.append([safe_text(row.name), *map(str, counts)])
    return rows


def scope_rows(report: Report) -> list[list[str]]:
    """What a round about a part, or of some bouwstenen, is about (rounds/scope.py)."""
    rows = [[safe_text(_("Over")), safe_text(report.scope_text)]]
    if report.asked_text:
        rows.append([safe_text(_("Bouwstenen")), safe_text(report.asked_text)])
    return rows


def report_csv(report: Report) -> bytes:
    """The rows as CSV the way Dutch Excel opens it by double-clicking: UTF-8 with a byte order
    mark, ";" between cells, quotes only around cells that need them. After an empty row, the
    response per rol."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(report_rows(report))
    writer.writerow([])
    writer.writerows(response_rows(report))
    if not report.round.is_whole_organisation:
        writer.writerow([])
        writer.writerows(scope_rows(report))
    return buffer.getvalue().encode("utf-8-sig")
