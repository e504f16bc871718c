"""The retention period form. Error messages are Dutch (gettext)."""

from django import forms
from django.utils.translation import gettext_lazy

from ..common.forms import ErrorSummaryMixin, form_helper
from ..organisations.models import RETENTION_MONTHS_LIMITS

LOWEST, HIGHEST = (validator.limit_value for validator in RETENTION_MONTHS_LIMITS)
RANGE_MESSAGE = gettext_lazy("Kies een bewaartermijn van %(low)d tot en met %(high)d maanden.")


class RetentionForm(ErrorSummaryMixin, forms.Form):
    retention_months = forms.IntegerField(
        label=gettext_lazy("Bewaartermijn in maanden"),
        help_text=gettext_lazy(
            "Zoveel maanden nadat een ronde is gesloten, wissen we vanzelf de namen, "
            "e-mailadressen, functies en links van de deelnemers. De antwoorden en het "
            "rapport blijven."
        ),
        min_value=LOWEST,
        max_value=HIGHEST,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = RANGE_MESSAGE % {"low": LOWEST, "high": HIGHEST}
        self.fields["retention_months"].error_messages.update(
            required=gettext_lazy("Vul een aantal maanden in."),
            invalid=gettext_lazy("Vul een heel aantal maanden in, zoals 24."),
            min_value=message,
            max_value=message,
        )
        self.helper = form_helper()
