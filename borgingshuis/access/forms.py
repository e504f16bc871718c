from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.common.forms import ErrorSummaryMixin, form_helper


class TokenForm(ErrorSummaryMixin, forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("De 6 cijfers uit je authenticator-app, of een van je herstelcodes."),
        error_messages={"required": _("Vul de code in.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if help_text is not None:
            self.fields["token"].help_text = help_text
        self.helper = form_helper()
