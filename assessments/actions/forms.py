from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from bouwstenen.models import Bouwsteen, Rol

from .models import ImprovementAction


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
