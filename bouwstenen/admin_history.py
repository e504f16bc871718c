"""What every model-text page in the admin shares: both languages side by side, which
English texts are missing, a change reason, and a history that shows old and new text side
by side and restores an earlier version with one button."""

import dataclasses

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.encoding import force_str
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .history import version_restore
from .translation import TRANSLATED_FIELDS

CHANGE_REASON_FIELD = "change_reason"


class ChangeReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Reden van wijziging"),
        max_length=100,
        required=False,
        help_text=_("Niet verplicht. Staat bij deze wijziging in de geschiedenis."),
    )


def missing_english(obj) -> list[str]:
    """The names of the texts of `obj` that have no English yet (they show the Dutch)."""
    fields = TRANSLATED_FIELDS.get(type(obj), ())
    return [
        force_str(type(obj)._meta.get_field(field).verbose_name)
        for field in fields
        if not (getattr(obj, f"{field}_en", "") or "").strip()
    ]


class TextsOnlyContextHelper(HistoricalRecordContextHelper):
    """Shows each changed text per language in full, not the untranslated copy column
    modeltranslation keeps beside them."""

    def __init__(self, model, record):
        super().__init__(model, record, max_displayed_delta_change_chars=2000)

    def context_for_delta_changes(self, delta):
        copies = set(TRANSLATED_FIELDS.get(self.model, ()))
        changes = [change for change in delta.changes if change.field not in copies]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))


def _must_be_an_id(value) -> None:
    """django-simple-history's views query with the id from the address as it is: "abc" or
    a NUL byte would be a 500 where Django's own admin views answer 404."""
    if not str(value).isascii() or not str(value).isdigit():
        raise Http404


class ModelTextAdmin(TranslationAdmin, SimpleHistoryAdmin):
    form = ChangeReasonForm

    def history_view(self, request, object_id, extra_context=None):
        _must_be_an_id(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _must_be_an_id(object_id)
        _must_be_an_id(version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def missing_texts(self, obj) -> list[str]:
        return missing_english(obj)

    @admin.display(description=_("Engels"))
    def english(self, obj):
        missing = self.missing_texts(obj)
        if not missing:
            return gettext("compleet")
        return gettext("ontbreekt: %(fields)s") % {"fields": ", ".join(missing)}

    @admin.display(description=_("Nog niet in het Engels"))
    def missing_english_texts(self, obj):
        missing = self.missing_texts(obj) if obj.pk else []
        return ", ".join(missing) or gettext("Alles is vertaald.")

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "missing_english_texts"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        reason = (
            _("Wijziging"),
            {"fields": ["missing_english_texts", CHANGE_REASON_FIELD]},
        )
        for _name, options in fieldsets:
            options["fields"] = [
                f
                for f in options["fields"]
                if f not in (CHANGE_REASON_FIELD, "missing_english_texts")
            ]
        return [*fieldsets, reason]

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get(CHANGE_REASON_FIELD)
        if reason:
            obj._change_reason = reason
        super().save_model(request, obj, form, change)

    def get_historical_record_context_helper(self, request, historical_record):
        return TextsOnlyContextHelper(self.model, historical_record)

    def history_view_title(self, request, obj):
        return gettext("Geschiedenis van %(object)s") % {"object": force_str(obj)}

    def history_form_view_title(self, request, obj):
        return gettext("Versie van %(object)s") % {"object": force_str(obj)}

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        restore = path(
            "<int:object_id>/history/<int:history_id>/terugzetten/",
            self.admin_site.admin_view(require_POST(self.restore_view)),
            name="{}_{}_restore".format(*info),
        )
        return [restore, *super().get_urls()]

    def restore_view(self, request, object_id, history_id):
        """Make an earlier version the current one, in one step from the history page."""
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_change_permission(request, obj):
            return redirect("admin:index")
        record = get_object_or_404(obj.history.model, id=object_id, history_id=history_id)
        info = self.model._meta.app_label, self.model._meta.model_name
        try:
            version_restore(record=record, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request, gettext("De eerdere versie is teruggezet."), messages.SUCCESS
            )
        return redirect(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
