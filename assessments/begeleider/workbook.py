"""The begeleider's overview as an Excel workbook: one row per linked organisation, as the
page shows it (no respondents' names: only counts)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from ..reporting.workbook import (
    COUNT_FORMAT,
    DATE_FORMAT,
    LEVEL_FORMAT,
    _append,
    _bytes,
    _level,
    _sheet,
)


def overview_workbook(rows) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheet = _sheet(
        workbook,
        _("Overzicht"),
        [
            _("Organisatie"),
            _("Huidige ronde"),
            _("Status"),
            _("Invullen kan tot en met"),
            _("Uitgenodigd"),
            _("Verstuurd"),
            _("Respons (%)"),
            _("Laatste gesloten ronde"),
            _("Borgingsniveau"),
            _("Ambitie"),
            _("Kloof"),
            _("Acties te laat"),
        ],
        [32, 28, 12, 14, 12, 12, 12, 28, 14, 10, 10, 12],
    )
    response = _sheet(
        workbook,
        _("Respons per rol"),
        [
            _("Organisatie"),
            _("Ronde"),
            _("Rol"),
            _("Uitgenodigd"),
            _("Verstuurd"),
            _("Respons (%)"),
        ],
        [32, 28, 22, 12, 12, 12],
    )
    for row in rows:
        total = row.response[-1] if row.response else None
        _append(
            sheet,
            [
                row.organisation.name,
                row.current.name if row.current else "",
                row.current.get_status_display() if row.current else "",
                row.current.deadline if row.current else None,
                total["total"] if total else None,
                total["submitted"] if total else None,
                total["rate"] if total else None,
                row.last_closed.name if row.last_closed else "",
                _level(row.level),
                _level(row.desired),
                _level(row.gap),
                row.overdue,
            ],
            {3: DATE_FORMAT, 11: COUNT_FORMAT}
            | dict.fromkeys((4, 5, 6), COUNT_FORMAT)
            | dict.fromkeys((8, 9, 10), LEVEL_FORMAT),
        )
        for part in row.response:
            _append(
                response,
                [
                    row.organisation.name,
                    row.current.name,
                    part["name"],
                    part["total"],
                    part["submitted"],
                    part["rate"],
                ],
                {3: COUNT_FORMAT, 4: COUNT_FORMAT, 5: COUNT_FORMAT},
            )
    return _bytes(workbook)
