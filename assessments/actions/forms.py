from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from bouwstenen.models import Bouwsteen, Rol

from ..common.forms import ErrorSummaryMixin, form_helper
from .models import ActionUpdate, ImprovementAction

DATE_INVALID = _("Vul een datum in, zoals 31-12-2027.")


class ImprovementActionForm(forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = [
            "bouwsteen",
            "title",
            "description",
            "line",
            "owner_rol",
            "owner_name",
            "due_date",
            "status",
        ]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "line": _(
                "Actief leren: trainingen en workshops. Samen ervaren: intervisie, scans en "
                "ervaringen delen. Ontwikkelen: hulpmiddelen, platforms en leidraden."
            ),
        }
        error_messages = {
            "due_date": {"invalid": DATE_INVALID},
            "title": {"required": _("Geef de actie een naam.")},
            "bouwsteen": {
                "invalid_choice": _("Kies een bouwsteen uit het model van deze ronde."),
                "required": _("Kies een bouwsteen."),
            },
        }

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bouwsteen"].queryset = Bouwsteen.objects.filter(framework=round.framework)
        self.fields["owner_rol"].queryset = Rol.objects.filter(framework=round.framework)
        self.fields["bouwsteen"].empty_label = _("Kies een bouwsteen")
        self.fields["owner_rol"].empty_label = _("Kies een rol")
        self.fields["line"].widget = forms.RadioSelect(choices=ImprovementAction.Line.choices)
        self.helper = FormHelper()
        # The app's own Dutch error summary, not the browser's bubble on an empty field.
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("save", _("Actie opslaan")))


class ActionProgressForm(ErrorSummaryMixin, forms.Form):
    """A new status and/or a note on what happened (see services.action_progress_add)."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=ImprovementAction.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies een status uit de lijst.")},
    )
    note = forms.CharField(
        label=_("Wat is er gebeurd?"),
        required=False,
        max_length=ActionUpdate._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Niet verplicht als je alleen de status wijzigt."),
        error_messages={"max_length": _("Schrijf hoogstens %(limit_value)d tekens.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()
