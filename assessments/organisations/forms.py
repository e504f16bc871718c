"""Forms for managing the colleagues of an organisation. Error messages are Dutch (gettext)."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from ..common.forms import ErrorSummaryMixin, email_field, form_helper
from .models import Membership, Onderdeel

ROLE_MEANINGS = {
    Membership.Role.COORDINATOR: gettext_lazy(
        "start rondes, nodigt mensen uit, sluit rondes en beheert collega's."
    ),
    Membership.Role.VIEWER: gettext_lazy("bekijkt rondes, rapporten en het actieplan."),
    Membership.Role.BEGELEIDER: gettext_lazy(
        "adviseur van buiten: leest rapporten, de ontwikkeling en het actieplan, nooit namen "
        "of adressen van deelnemers. Elke pagina die de begeleider opent, staat in het logboek."
    ),
}


class RoleFormMixin:
    """A radio group (a fieldset with legend) of the two roles, each with what it may do.
    The labels are built per form so they follow the active language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (value, format_html("<strong>{}</strong>: {}", label, ROLE_MEANINGS[value]))
            for value, label in Membership.Role.choices
        ]
        self.helper = form_helper()


def _role_field():
    return forms.ChoiceField(
        label=gettext_lazy("Rol"),
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Kies een rol."),
            "invalid_choice": gettext_lazy("Kies Coördinator, Lezer of Begeleider."),
        },
    )


class MemberAddForm(RoleFormMixin, ErrorSummaryMixin, forms.Form):
    email = email_field()
    name = forms.CharField(
        label=gettext_lazy("Naam (niet verplicht)"),
        max_length=150,  # User.first_name
        required=False,
        help_text=gettext_lazy("Komt in de uitnodiging. Wie al een account heeft, houdt die naam."),
        error_messages={"max_length": gettext_lazy("Gebruik hoogstens %(limit_value)d tekens.")},
    )
    role = _role_field()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"role": Membership.Role.VIEWER})
        super().__init__(*args, **kwargs)
        # A colleague's address, not the user's own: the browser should not fill that in.
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class MemberRoleForm(RoleFormMixin, ErrorSummaryMixin, forms.Form):
    role = _role_field()


class BegeleiderRoleInvitationForm(RoleFormMixin, ErrorSummaryMixin, forms.Form):
    """A begeleider's new role, sent as an invitation they accept (never set directly)."""

    role = _role_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].label = gettext_lazy("Nieuwe rol")
        self.fields["role"].choices = [
            choice
            for choice in self.fields["role"].choices
            if choice[0] != Membership.Role.BEGELEIDER
        ]
        self.fields["role"].error_messages["invalid_choice"] = gettext_lazy(
            "Kies Coördinator of Lezer."
        )


class InvitationAccountForm(ErrorSummaryMixin, SetPasswordForm):
    """A new account for an invited colleague: their name and a password (Django's
    password rules, checked against an unsaved user with the invited address)."""

    name = forms.CharField(
        label=gettext_lazy("Je naam"),
        max_length=150,  # User.first_name
        required=False,
        error_messages={"max_length": gettext_lazy("Gebruik hoogstens %(limit_value)d tekens.")},
    )
    field_order = ["name", "new_password1", "new_password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class OnderdeelForm(ErrorSummaryMixin, forms.Form):
    """A part of the organisation: its name and kind (the rules: onderdelen.py)."""

    name = forms.CharField(
        label=gettext_lazy("Naam"),
        max_length=120,  # Onderdeel.name
        help_text=gettext_lazy(
            "Bijvoorbeeld: Team Wijkzaken, Project Nieuwe Haven of Gemeente Oost."
        ),
        error_messages={
            "required": gettext_lazy("Geef het onderdeel een naam."),
            "max_length": gettext_lazy("Gebruik hoogstens %(limit_value)d tekens."),
        },
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Soort"),
        choices=Onderdeel.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Kies een soort."),
            "invalid_choice": gettext_lazy("Kies Team, Project of vraagstuk, of Gemeente."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"kind": Onderdeel.Kind.TEAM})
        super().__init__(*args, **kwargs)
        self.helper = form_helper()
