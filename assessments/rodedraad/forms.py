"""The form to make a rode draad: a name and the closed rounds (checkboxes). The rules on the
rounds (at least two, own organisation, closed, one model) are the service's
(services.rode_draad_errors); the view shows them next to this field."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from ..common.forms import ErrorSummaryMixin, form_helper
from ..rounds.models import Round


class RoundChoiceField(forms.MultipleChoiceField):
    """Round ids: every whole number is accepted here (a round of another organisation, or
    one no longer closed, is refused by the service with its own message)."""

    default_error_messages = {
        "invalid_choice": gettext_lazy("Kies alleen rondes uit de lijst."),
        "invalid_list": gettext_lazy("Kies alleen rondes uit de lijst."),
    }

    def to_python(self, value):
        values = super().to_python(value)
        try:
            return [int(item) for item in values]
        except (TypeError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid"
            ) from None

    def valid_value(self, value):
        return True


def round_label(round: Round) -> str:
    scope = round.onderdeel.name if round.onderdeel_id else gettext_lazy("hele organisatie")
    closed = date_format(round.closed_at, "j F Y") if round.closed_at else ""
    return f"{round.name} · {scope} · {round.framework.name} · {closed}"


class RodeDraadForm(ErrorSummaryMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam"),
        max_length=120,
        help_text=gettext_lazy("Bijvoorbeeld: Projectscans 2026."),
        error_messages={
            "required": gettext_lazy("Geef de rode draad een naam."),
            "max_length": gettext_lazy("Gebruik hoogstens %(limit_value)d tekens."),
        },
    )
    rounds = RoundChoiceField(
        label=gettext_lazy("Rondes"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Kies minstens twee gesloten rondes van hetzelfde model."),
        error_messages={"required": gettext_lazy("Kies minstens twee gesloten rondes.")},
    )

    def __init__(self, *args, rounds: list[Round], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rounds"].choices = [(item.pk, round_label(item)) for item in rounds]
        self.helper = form_helper()
