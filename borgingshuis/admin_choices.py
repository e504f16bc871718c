"""Pick-lists of the admin whose posted choices are checked before the database sees them.

Django looks the chosen keys up with one `pk__in` query; a key no 64-bit integer holds makes
SQLite raise OverflowError, a server error, where the beheerder should read that the choice
is not one of the list."""

from django import forms
from django.core.exceptions import ValidationError

KEY_RANGE = range(-(2**63), 2**63)


def too_big(key) -> bool:
    """Whether `key` is a whole number outside KEY_RANGE; anything else ("²", "a") is left
    to Django, which refuses it as not a valid choice."""
    try:
        return int(key) not in KEY_RANGE
    except (TypeError, ValueError):
        return False


class KnownChoicesField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        for key in value or ():
            if too_big(key):
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
