"""Forms for rounds, invitations and the questionnaire. Error messages are Dutch (gettext)."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bouwstenen.models import Framework

from .models import LEVEL_UNKNOWN, TOELICHTING_MAX_LENGTH, Round
from .services import AnswerInput, Invitee

MAX_INVITE_LINES = 500
EMAIL_MAX_LENGTH = 254  # Respondent.email (models.EmailField)


class MultilineField(forms.CharField):
    """A CharField that counts a line break as one character, as the browser's maxlength does.
    Browsers submit each line break as "\r\n", so without this a text that fits the browser's
    limit is refused here."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class ErrorSummaryMixin:
    """Lists every error with a link to its field, for the summary at the top of a page."""

    def error_summary(self):
        items = [{"anchor": "", "label": "", "message": error} for error in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            bound = self[name]
            anchor = bound.auto_id
            if isinstance(bound.field.widget, forms.RadioSelect):
                anchor = f"{anchor}_0"
            for error in errors:
                items.append({"anchor": anchor, "label": bound.label, "message": error})
        return items


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the template writes the form tag and its token
    return helper


class RoundForm(ErrorSummaryMixin, forms.ModelForm):
    class Meta:
        model = Round
        fields = ["organisation", "name", "framework", "deadline"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"name": gettext_lazy("Bijvoorbeeld: Borgingsscan 2026.")}
        error_messages = {
            "name": {"required": gettext_lazy("Geef de ronde een naam.")},
            "organisation": {"required": gettext_lazy("Kies een organisatie.")},
            "framework": {"required": gettext_lazy("Kies een model.")},
            "deadline": {"invalid": gettext_lazy("Vul een datum in, zoals 31-12-2026.")},
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        self.fields["framework"].queryset = Framework.objects.published()
        self.fields["framework"].empty_label = None
        self.fields["deadline"].help_text = _("Niet verplicht. De ronde sluit je zelf.")
        self.helper = _helper()


class RoundEditForm(ErrorSummaryMixin, forms.ModelForm):
    """Name and deadline of a round that is not closed; the model version only in concept,
    because an open round's answers belong to the version it opened with."""

    class Meta(RoundForm.Meta):
        fields = ["name", "framework", "deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status == Round.Status.CONCEPT:
            current = Framework.objects.filter(pk=self.instance.framework_id)
            self.fields["framework"].queryset = Framework.objects.published() | current
            self.fields["framework"].empty_label = None
        else:
            del self.fields["framework"]
        self.fields["deadline"].help_text = _("Niet verplicht. De ronde sluit je zelf.")
        self.helper = _helper()


def parse_invite_line(line, rollen):
    """Read one pasted line: an e-mail address, and optionally a name and a role, separated by
    commas, semicolons or tabs, in any order. `rollen` maps lower-case code and name to a role
    id. Returns an Invitee or raises ValidationError with a Dutch message."""
    parts = [part.strip() for part in re.split(r"[,;\t]", line) if part.strip()]
    emails = [part for part in parts if "@" in part]
    if not emails:
        raise ValidationError(_("er staat geen e-mailadres in."))
    if len(emails) > 1:
        raise ValidationError(_("zet één e-mailadres per regel."))
    email = emails[0].strip("<>")
    if len(email) > EMAIL_MAX_LENGTH:
        raise ValidationError(
            _("dit e-mailadres is te lang (hoogstens %(max)d tekens).") % {"max": EMAIL_MAX_LENGTH}
        )
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("‘%(email)s’ is geen geldig e-mailadres.") % {"email": email}
        ) from None
    rol_id, names = None, []
    for part in parts:
        if part is emails[0]:
            continue
        if part.lower() in rollen:
            rol_id = rollen[part.lower()]
        else:
            names.append(part)
    if len(names) > 1:
        raise ValidationError(
            _("‘%(text)s’ ken ik niet als rol. Kies bestuur, managers of adviseurs.")
            % {"text": names[-1]}
        )
    return Invitee(email=email, name=names[0][:120] if names else "", rol_id=rol_id)


class InviteListForm(ErrorSummaryMixin, forms.Form):
    people = forms.CharField(
        label=gettext_lazy("E-mailadressen"),
        widget=forms.Textarea(attrs={"rows": 8}),
        # Not stripped: line numbers in the messages count from the first line as pasted.
        strip=False,
        help_text=gettext_lazy(
            "Eén persoon per regel: e-mailadres, en als je wilt naam en rol (bestuur, managers "
            "of adviseurs), gescheiden door komma's. Bijvoorbeeld: "
            "jan@gemeente.nl, Jan de Vries, bestuur"
        ),
        error_messages={"required": gettext_lazy("Plak minstens één e-mailadres.")},
    )

    def __init__(self, *args, rollen, **kwargs):
        super().__init__(*args, **kwargs)
        self.rollen = {}
        for rol in rollen:
            self.rollen[rol["code"].lower()] = rol["id"]
            self.rollen[rol["name"].lower()] = rol["id"]
        self.invitees = []
        self.line_errors = []  # (line number, message)
        self.helper = _helper()

    def clean_people(self):
        if not self.cleaned_data["people"].strip():
            raise ValidationError(self.fields["people"].error_messages["required"])
        lines = self.cleaned_data["people"].splitlines()
        if len(lines) > MAX_INVITE_LINES:
            raise ValidationError(
                _("Plak hoogstens %(max)d regels tegelijk.") % {"max": MAX_INVITE_LINES}
            )
        seen = {}
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                invitee = parse_invite_line(line, self.rollen)
            except ValidationError as error:
                self.line_errors.append((number, error.messages[0]))
                continue
            key = invitee.email.lower()
            if key in seen:
                self.line_errors.append(
                    (
                        number,
                        _("%(email)s staat ook al op regel %(line)d.")
                        % {"email": invitee.email, "line": seen[key]},
                    )
                )
                continue
            seen[key] = number
            invitee.line = number
            self.invitees.append(invitee)
        return self.cleaned_data["people"]


def email_field():
    """One person's e-mail address, with the Dutch messages for every way it can be wrong."""
    return forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "required": gettext_lazy("Vul een e-mailadres in."),
            "invalid": gettext_lazy("Vul een geldig e-mailadres in, zoals naam@gemeente.nl."),
            "max_length": gettext_lazy(
                "Dit e-mailadres is te lang: gebruik hoogstens %(limit_value)d tekens."
            ),
        },
    )


class InviteOneForm(ErrorSummaryMixin, forms.Form):
    email = email_field()
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=120, required=False)
    rol = forms.TypedChoiceField(
        label=gettext_lazy("Rol"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, rollen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rol"].choices = [("", _("Nog niet bekend"))] + [
            (rol["id"], rol["name"]) for rol in rollen
        ]
        self.helper = _helper()

    def invitee(self):
        data = self.cleaned_data
        return Invitee(email=data["email"], name=data["name"], rol_id=data["rol"])


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
            (rol["id"], format_html("<strong>{}</strong>: {}", rol["name"], rol["description"]))
            for rol in rollen
        ]
        self.helper = _helper()


def _level_choices(scale, with_meaning):
    choices = []
    for step in scale:
        if with_meaning:
            label = format_html(
                "<strong>{} {}</strong> <span class='level-meaning'>– {}</span>",
                step["value"],
                step["label"],
                step["meaning"],
            )
        else:
            label = format_html("<strong>{}</strong> {}", step["value"], step["label"])
        choices.append((str(step["value"]), label))
    choices.append((str(LEVEL_UNKNOWN), _("Weet ik niet / niet van toepassing")))
    return choices


class NiveauAnswersForm(ErrorSummaryMixin, forms.Form):
    """The answers for the bouwstenen of one niveau, three fields per bouwsteen. Built from the
    round's snapshot, so it needs no query."""

    def __init__(self, *args, bouwstenen, scale, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.bouwstenen = bouwstenen
        level_errors = {
            "invalid_choice": _("Kies een stap van de schaal (1 tot en met 5) of ‘weet ik niet’.")
        }
        layout = []
        for bouwsteen in bouwstenen:
            number, pk = bouwsteen["number"], bouwsteen["id"]
            answer = answers.get(pk)
            self.fields[f"b{pk}_current"] = forms.ChoiceField(
                label=_("Bouwsteen %(number)d: hoe is het nu?") % {"number": number},
                choices=_level_choices(scale, with_meaning=True),
                widget=forms.RadioSelect,
                required=False,
                error_messages=level_errors,
            )
            self.fields[f"b{pk}_desired"] = forms.ChoiceField(
                label=_("Bouwsteen %(number)d: waar wil je naartoe?") % {"number": number},
                choices=_level_choices(scale, with_meaning=False),
                widget=forms.RadioSelect,
                required=False,
                error_messages=level_errors,
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
        self.helper = _helper()
        self.helper.layout = Layout(*layout)

    def answer_inputs(self):
        data = self.cleaned_data
        return [
            AnswerInput(
                bouwsteen_id=bouwsteen["id"],
                current_level=_level_int(data.get(f"b{bouwsteen['id']}_current")),
                desired_level=_level_int(data.get(f"b{bouwsteen['id']}_desired")),
                toelichting=data.get(f"b{bouwsteen['id']}_toelichting", "").strip(),
            )
            for bouwsteen in self.bouwstenen
        ]


def _level_str(level):
    return "" if level is None else str(level)


def _level_int(value):
    return None if value in (None, "") else int(value)


class EraseConfirmForm(ErrorSummaryMixin, forms.Form):
    """Asks the coordinator to confirm erasing a closed round's personal data."""

    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Ik begrijp dat namen, e-mailadressen en links van deze ronde voorgoed weg zijn."
        ),
        error_messages={
            "required": gettext_lazy("Vink dit aan als je de gegevens echt wilt wissen.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
