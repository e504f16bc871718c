"""Names for the two boxes of a date and time in /beheer/.

Django's admin draws an editable date-time as two text boxes after the words "Datum:" and
"Tijd:", and the field's label points at neither: a screen reader announces two boxes without
a name (axe: "Form elements must have labels"). Each box is named after its field."""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _


class NamedDateTimeBoxes:
    """A ModelAdmin (or inline) mixin: an editable date-time's boxes are called "<field>:
    datum" and "<field>: tijd"."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, AdminSplitDateTime):
            label = capfirst(db_field.verbose_name)
            date_box, time_box = formfield.widget.widgets
            date_box.attrs["aria-label"] = format_lazy("{}: {}", label, _("datum"))
            time_box.attrs["aria-label"] = format_lazy("{}: {}", label, _("tijd"))
        return formfield
