"""What every form of the app shares: the error summary, the crispy helper and the e-mail
field. Error messages are Dutch (gettext)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy

EMAIL_MAX_LENGTH = 254  # models.EmailField


class ErrorSummaryMixin:
    """Lists every error with a link to its field, for the summary at the top of a page."""

    def error_summary(self):
        items = [{"anchor": "", "label": "", "message": error} for error in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            bound = self[name]
            anchor = bound.auto_id
            if isinstance(bound.field.widget, forms.RadioSelect):
                anchor = f"{anchor}_0"
            for error in errors:
                items.append({"anchor": anchor, "label": bound.label, "message": error})
        return items


def form_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the template writes the form tag and its token
    return helper


def email_field():
    """One person's e-mail address, with the Dutch messages for every way it can be wrong."""
    return forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "required": gettext_lazy("Vul een e-mailadres in."),
            "invalid": gettext_lazy("Vul een geldig e-mailadres in, zoals naam@gemeente.nl."),
            "max_length": gettext_lazy(
                "Dit e-mailadres is te lang: gebruik hoogstens %(limit_value)d tekens."
            ),
        },
    )
