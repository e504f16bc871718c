"""The questionnaire's forms: the role a respondent answers from, and the answers of one
niveau. Error messages are Dutch (gettext)."""

from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bouwstenen.scale import UNKNOWN, UNKNOWN_LABEL

from ..common.forms import ErrorSummaryMixin, form_helper
from .models import TOELICHTING_MAX_LENGTH
from .services import AnswerInput


class MultilineField(forms.CharField):
    """A CharField that counts a line break as one character, as the browser's maxlength does.
    Browsers submit each line break as "\r\n", so without this a text that fits the browser's
    limit is refused here."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class RolForm(ErrorSummaryMixin, forms.Form):
    rol = forms.TypedChoiceField(
        label=gettext_lazy("Vanuit welke rol vul je de vragenlijst in?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Kies de rol van waaruit je antwoordt."),
            "invalid_choice": gettext_lazy("Kies een van de drie rollen."),
        },
    )
    function = forms.CharField(
        label=gettext_lazy("Je functie (niet verplicht)"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Bijvoorbeeld: wethouder, teamleider of projectleider."),
        error_messages={"max_length": gettext_lazy("Gebruik hoogstens 120 tekens.")},
    )

    def __init__(self, *args, rollen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rol"].choices = [
            (rol.id, format_html("<strong>{}</strong>: {}", rol.name, rol.description))
            for rol in rollen
        ]
        self.helper = form_helper()


def _level_choices(scale, with_meaning):
    choices = []
    for step in scale:
        if with_meaning:
            label = format_html(
                "<strong>{} {}</strong> <span class='level-meaning'>– {}</span>",
                step.value,
                step.label,
                step.meaning,
            )
        else:
            label = format_html("<strong>{}</strong> {}", step.value, step.label)
        choices.append((str(step.value), label))
    choices.append((str(UNKNOWN), UNKNOWN_LABEL))
    return choices


def _level_field(label, choices):
    """A step of the scale or "weet ik niet"; empty while the respondent has not chosen."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={
            "invalid_choice": _("Kies een stap van de schaal (1 tot en met 5) of ‘weet ik niet’.")
        },
    )


class NiveauAnswersForm(ErrorSummaryMixin, forms.Form):
    """The answers for the bouwstenen of one niveau, three fields per bouwsteen. Built from the
    round's snapshot, so it needs no query."""

    def __init__(self, *args, bouwstenen, scale, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.bouwstenen = bouwstenen
        layout = []
        for bouwsteen in bouwstenen:
            number, pk = bouwsteen.number, bouwsteen.id
            answer = answers.get(pk)
            self.fields[f"b{pk}_current"] = _level_field(
                _("Bouwsteen %(number)d: hoe is het nu?") % {"number": number},
                _level_choices(scale, with_meaning=True),
            )
            self.fields[f"b{pk}_desired"] = _level_field(
                _("Bouwsteen %(number)d: waar wil je naartoe?") % {"number": number},
                _level_choices(scale, with_meaning=False),
            )
            self.fields[f"b{pk}_toelichting"] = MultilineField(
                label=_("Bouwsteen %(number)d: toelichting (niet verplicht)") % {"number": number},
                widget=forms.Textarea(attrs={"rows": 3, "maxlength": TOELICHTING_MAX_LENGTH}),
                required=False,
                max_length=TOELICHTING_MAX_LENGTH,
                help_text=_("Een voorbeeld of bewijs. Hoogstens %(max)d tekens.")
                % {"max": TOELICHTING_MAX_LENGTH},
                error_messages={
                    "max_length": _("Gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d).")
                },
            )
            if answer is not None:
                self.initial.setdefault(f"b{pk}_current", _level_str(answer.current_level))
                self.initial.setdefault(f"b{pk}_desired", _level_str(answer.desired_level))
                self.initial.setdefault(f"b{pk}_toelichting", answer.toelichting)
            intro = render_to_string("assessments/_bouwsteen_intro.html", {"bouwsteen": bouwsteen})
            layout.append(
                Div(
                    HTML(intro),
                    Field(f"b{pk}_current"),
                    Field(f"b{pk}_desired"),
                    Field(f"b{pk}_toelichting"),
                    css_class="bouwsteen-block",
                    css_id=f"bouwsteen-{number}",
                )
            )
        self.helper = form_helper()
        self.helper.layout = Layout(*layout)

    def answer_inputs(self):
        data = self.cleaned_data
        return [
            AnswerInput(
                bouwsteen_id=bouwsteen.id,
                current_level=_level_int(data.get(f"b{bouwsteen.id}_current")),
                desired_level=_level_int(data.get(f"b{bouwsteen.id}_desired")),
                toelichting=data.get(f"b{bouwsteen.id}_toelichting", "").strip(),
            )
            for bouwsteen in self.bouwstenen
        ]


def _level_str(level):
    return "" if level is None else str(level)


def _level_int(value):
    return None if value in (None, "") else int(value)
