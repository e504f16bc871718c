"""Pick-lists of the admin whose posted choices are checked before the database sees them.

Django looks the chosen keys up with one `pk__in` query; a key no 64-bit integer holds makes
SQLite raise OverflowError, a server error, where the beheerder should read that the choice
is not one of the list."""

from django import forms
from django.core.exceptions import ValidationError

KEY_RANGE = range(-(2**63), 2**63)


class KnownChoicesField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        for key in value or ():
            if str(key).strip().lstrip("-").isdigit() and int(key) not in KEY_RANGE:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": key},
                )
        return super().clean(value)


class KnownChoices:
    """A ModelAdmin mixin: every many-to-many pick-list is a KnownChoicesField."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", KnownChoicesField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
