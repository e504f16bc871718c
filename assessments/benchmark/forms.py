"""The coordinator's form for the comparison: type, size class and consent. Error messages
are Dutch (gettext)."""

from django import forms
from django.utils.translation import gettext_lazy

from ..common.forms import ErrorSummaryMixin, form_helper
from ..organisations.models import Organisation
from .models import SizeClass


class BenchmarkConsentForm(ErrorSummaryMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Soort organisatie"),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Kies de soort organisatie."),
            "invalid_choice": gettext_lazy("Kies een van de soorten in de lijst."),
        },
    )
    size_class = forms.ChoiceField(
        label=gettext_lazy("Grootte"),
        choices=SizeClass.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Gemeenten, provincies en waterschappen: inwoners. Andere: medewerkers."
        ),
        error_messages={
            "required": gettext_lazy("Kies de grootte van de organisatie."),
            "invalid_choice": gettext_lazy("Kies een van de groottes in de lijst."),
        },
    )
    opted_in = forms.BooleanField(
        label=gettext_lazy("Wij doen mee aan de vergelijking"),
        required=False,
        help_text=gettext_lazy(
            "Zet je het vinkje uit, dan tellen jullie cijfers vanaf de volgende vergelijking niet "
            "meer mee, en zie je de vergelijking niet meer."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()
