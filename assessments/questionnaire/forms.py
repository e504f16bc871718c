"""The questionnaire's forms: the role a respondent answers from, and the answers of one
niveau. Error messages are Dutch (gettext)."""

import json

from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bouwstenen.scale import UNKNOWN, UNKNOWN_LABEL

from ..common.forms import ErrorSummaryMixin, form_helper
from .models import TOELICHTING_MAX_LENGTH
from .save_marks import SaveMark, save_mark_from
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

    def __init__(self, *args, bouwstenen, scale, answers, conflicts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bouwstenen = bouwstenen
        layout = []
        for index, bouwsteen in enumerate(bouwstenen):
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
            # The version of the answer this page shows (0: none yet); see answers_save.
            self.fields[f"b{pk}_version"] = forms.IntegerField(
                widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1, required=False
            )
            self.initial.setdefault(f"b{pk}_version", answer.version if answer else 0)
            if answer is not None:
                self.initial.setdefault(f"b{pk}_current", _level_str(answer.current_level))
                self.initial.setdefault(f"b{pk}_desired", _level_str(answer.desired_level))
                self.initial.setdefault(f"b{pk}_toelichting", answer.toelichting)
            intro = render_to_string("assessments/_bouwsteen_intro.html", {"bouwsteen": bouwsteen})
            status = render_to_string(
                "assessments/questionnaire/_answer_status.html",
                {"pk": pk, "conflict": pk in conflicts},
            )
            layout.append(
                Div(
                    HTML(intro),
                    HTML(status),
                    Field(f"b{pk}_current"),
                    Field(f"b{pk}_desired"),
                    Field(f"b{pk}_toelichting"),
                    Field(f"b{pk}_version"),
                    # On a phone only the first block spells out each step's meaning.
                    css_class="bouwsteen-block" + (" bouwsteen-first" if index == 0 else ""),
                    css_id=f"bouwsteen-{number}",
                )
            )
        self.helper = form_helper()
        self.helper.layout = Layout(*layout)

    def answer_inputs(self, stored):
        """The answers on this page that differ from the `stored` ones ({bouwsteen id:
        Answer}), each based on the version the page was shown with. An answer the page
        leaves as stored is not written, so a page shown before another tab saved does not
        turn that save back."""
        data = self.cleaned_data
        inputs = []
        for bouwsteen in self.bouwstenen:
            pk = bouwsteen.id
            item = AnswerInput(
                bouwsteen_id=pk,
                current_level=_level_int(data.get(f"b{pk}_current")),
                desired_level=_level_int(data.get(f"b{pk}_desired")),
                toelichting=data.get(f"b{pk}_toelichting", "").strip(),
                version=data.get(f"b{pk}_version") or 0,
            )
            answer = stored.get(pk)
            shown = (
                (answer.current_level, answer.desired_level, answer.toelichting)
                if answer
                else (None, None, "")
            )
            if (item.current_level, item.desired_level, item.toelichting) != shown:
                inputs.append(item)
        return inputs


class AutosaveError(ValueError):
    """The autosave body is not what autosave.js sends."""


def autosave_inputs(body: bytes) -> tuple[str, list[AnswerInput], SaveMark | None]:
    """Read an autosave: JSON {"niveau", "page", "seq", "after", "answers": [{"bouwsteen",
    "version", "current", "desired", "toelichting", "after"}]}. Returns the niveau code, the
    answers (levels and toelichting as the form would clean them) and the mark. Raises
    AutosaveError for anything else; the scale and the length are checked by answers_save."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise AutosaveError("not JSON") from error
    if not isinstance(data, dict) or not isinstance(data.get("answers"), list):
        raise AutosaveError("no answers")
    niveau = data.get("niveau")
    if not isinstance(niveau, str) or len(data["answers"]) > MAX_AUTOSAVE_ANSWERS:
        raise AutosaveError("bad niveau or too many answers")
    inputs = [_autosave_input(item) for item in data["answers"]]
    return niveau, inputs, save_mark_from(data.get("page"), data.get("seq"), data.get("after"))


MAX_AUTOSAVE_ANSWERS = 50


def _storable(text: str) -> bool:
    """Neither a NUL nor half of a surrogate pair (JSON's "\\ud800"), which no database
    stores and UTF-8 cannot encode."""
    if "\x00" in text:
        return False
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _autosave_input(item) -> AnswerInput:
    if not isinstance(item, dict):
        raise AutosaveError("answer is not an object")
    bouwsteen, version = item.get("bouwsteen"), item.get("version")
    current, desired = item.get("current"), item.get("desired")
    toelichting = item.get("toelichting")
    if not (_is_int(bouwsteen, 1, 2**31 - 1) and _is_int(version, 0, 2**31 - 2)):
        raise AutosaveError("bad bouwsteen or version")
    if not all(level is None or _is_int(level, 0, 32767) for level in (current, desired)):
        raise AutosaveError("bad level")
    if not isinstance(toelichting, str) or not _storable(toelichting):
        raise AutosaveError("bad toelichting")
    return AnswerInput(
        bouwsteen_id=bouwsteen,
        current_level=current,
        desired_level=desired,
        toelichting=toelichting.replace("\r\n", "\n").replace("\r", "\n").strip(),
        version=version,
        after_own_save=item.get("after") is True,
    )


def _is_int(value, lowest, highest):
    return type(value) is int and lowest <= value <= highest


def _level_str(level):
    return "" if level is None else str(level)


def _level_int(value):
    return None if value in (None, "") else int(value)
