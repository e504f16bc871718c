"""Forms of the report side: the consensus per bouwsteen."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..common.forms import form_helper
from ..questionnaire.models import TOELICHTING_MAX_LENGTH
from ..rounds.models import Round
from .disclosure import MIN_GROUP_FLOOR
from .stats import INDICATIVE_BELOW


class ConsensusForm(forms.Form):
    """The agreed level and a toelichting for one bouwsteen. An empty level means: no
    consensus."""

    level = forms.TypedChoiceField(
        label=_("Afgesproken niveau"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    toelichting = forms.CharField(
        label=_("Toelichting bij de consensus"),
        required=False,
        max_length=TOELICHTING_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Maak de toelichting korter.")},
    )

    def __init__(self, *args, scale=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("Nog geen consensus"))] + [
            (step.value, f"{step.value} {step.label}") for step in scale
        ]
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("level") is None and cleaned.get("toelichting", "").strip():
            self.add_error(
                "level", _("Kies een niveau bij je toelichting, of maak de toelichting leeg.")
            )
        return cleaned


def _small_group_confirmed(form, cleaned: dict) -> dict:
    """A size below INDICATIVE_BELOW needs the explicit "yes" (`confirm_small`)."""
    size = cleaned.get("min_group_size")
    if size is not None and size < INDICATIVE_BELOW and not cleaned.get("confirm_small"):
        form.add_error(
            "confirm_small",
            _("Een groep kleiner dan %(count)s kan alleen als je dit aanvinkt.")
            % {"count": INDICATIVE_BELOW},
        )
    return cleaned


class GroupSizeForm(forms.ModelForm):
    """The minimum group size for per-role figures; below INDICATIVE_BELOW only with an
    explicit "yes". Saved by round_group_size_set. With `only_up` (someone has sent answers,
    see group_size_only_up) it offers only the current size and up: no lower minimum, no
    "yes" for a small group, and a lower number is refused next to the field."""

    confirm_small = forms.BooleanField(
        label=_(
            "Ik begrijp dat cijfers per rol dan naar één of twee personen te herleiden kunnen zijn."
        ),
        required=False,
    )

    class Meta:
        model = Round
        fields = ["min_group_size"]

    def __init__(self, *args, only_up: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.lowest = self.instance.min_group_size if only_up else MIN_GROUP_FLOOR
        self.only_up = only_up
        field = self.fields["min_group_size"]
        field.min_value = self.lowest
        field.widget.attrs["min"] = self.lowest
        if only_up:
            field.help_text = _(
                "Er zijn al antwoorden verstuurd. Je kunt dit getal nu alleen nog verhogen "
                "(nu %(count)s)."
            ) % {"count": self.lowest}
            del self.fields["confirm_small"]
        self.helper = form_helper()

    def clean_min_group_size(self):
        size = self.cleaned_data["min_group_size"]
        if size is not None and self.only_up and size < self.lowest:
            raise forms.ValidationError(
                _(
                    "Er zijn al antwoorden verstuurd. De minimale groepsgrootte kan nu alleen "
                    "nog omhoog, niet omlaag (nu %(count)s)."
                )
                % {"count": self.lowest}
            )
        if size is not None and size < MIN_GROUP_FLOOR:
            raise forms.ValidationError(
                _("Een groep is minstens %(count)s mensen, anders is één persoon herkenbaar.")
                % {"count": MIN_GROUP_FLOOR}
            )
        return size

    def clean(self):
        cleaned = super().clean()
        if self.only_up:  # the current size was confirmed when it was set
            return cleaned
        return _small_group_confirmed(self, cleaned)


class DefaultGroupSizeForm(forms.Form):
    """The organisation's group size for new rounds (organisation_group_size_set)."""

    min_group_size = forms.IntegerField(
        label=_("Minimale groepsgrootte voor nieuwe rondes"),
        min_value=MIN_GROUP_FLOOR,
        max_value=50,
        error_messages={
            "required": _("Vul een aantal mensen in."),
            "invalid": _("Vul een heel getal in, zoals 3."),
            "min_value": _("Een groep is minstens %(limit_value)s mensen."),
            "max_value": _("Kies hoogstens %(limit_value)s mensen."),
        },
    )
    confirm_small = GroupSizeForm.base_fields["confirm_small"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()

    def clean(self):
        return _small_group_confirmed(self, super().clean())


class ReportAppendixForm(forms.Form):
    """The coordinator's choice: the PDF with or without the toelichtingen as an appendix."""

    appendix = forms.BooleanField(
        label=_("Neem de toelichtingen op als bijlage, per bouwsteen"),
        required=False,
        help_text=_(
            "Zonder namen en zonder rol, zoals in het rapport. In de PDF komen er per bouwsteen "
            "zoveel als op ongeveer twee bladzijden passen; alle toelichtingen komen dan in het "
            "Excel-bestand van de ronde (blad Toelichtingen)."
        ),
    )
