"""The begeleider's comment on an action. Error messages are Dutch (gettext)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..actions.models import ActionUpdate
from ..common.forms import ErrorSummaryMixin, form_helper


class ActionCommentForm(ErrorSummaryMixin, forms.Form):
    note = forms.CharField(
        label=_("Je opmerking"),
        max_length=ActionUpdate._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Komt in de geschiedenis van de actie, met je naam. De status blijft."),
        error_messages={
            "required": _("Schrijf een opmerking."),
            "max_length": _("Schrijf hoogstens %(limit_value)d tekens."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()
