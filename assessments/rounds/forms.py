"""Forms for rounds and invitations. Error messages are Dutch (gettext)."""

import uuid

from crispy_forms.layout import Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bouwstenen.models import Framework

from ..common.forms import ErrorSummaryMixin, email_field, form_helper
from ..organisations.models import Organisation
from .counting import BESTUUR
from .invitations import Invitee
from .invite_lines import (
    MAX_INVITE_LINES,
    or_list,
    parse_invite_line,
    rol_aliases,
    rol_examples,
)
from .mail_texts import validate_plain_text
from .messages import RoundMessage
from .models import Round
from .scope_choice import RoundScopeMixin
from .start_keys import new_start_key


def invitation_language_field():
    """The language of the e-mail and questionnaire; empty takes the organisation's."""
    return forms.ChoiceField(
        label=gettext_lazy("Taal van de uitnodiging en de vragenlijst"),
        choices=[("", gettext_lazy("De taal van de organisatie"))] + list(settings.LANGUAGES),
        required=False,
    )


class RoundForm(RoundScopeMixin, ErrorSummaryMixin, forms.ModelForm):
    # Made when the page is shown; the same page sent twice makes one round (start_keys.py).
    start_key = forms.CharField(widget=forms.HiddenInput, required=False)

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
        # by the Dutch name: the same model comes first (and is chosen) in every language
        self.fields["framework"].queryset = Framework.objects.published().order_by(
            "name_nl", "version"
        )
        self.fields["framework"].empty_label = None
        self.fields["deadline"].help_text = _("Niet verplicht. De ronde sluit je zelf.")
        self.fields["start_key"].initial = new_start_key
        self.add_scope_fields(organisations=organisations, framework=None)
        self.helper = form_helper()
        # the bouwstenen are drawn per niveau by templates/assessments/_round_scope.html
        self.helper.layout = Layout(
            "organisation", "name", "onderdeel", "framework", "deadline", "start_key"
        )

    def clean(self):
        cleaned = super().clean()
        self.clean_scope(cleaned.get("organisation"))
        return cleaned

    def clean_start_key(self):
        """The posted key; a post without a valid one (a page older than the key, or no
        browser at all) acts as its own key and creates its own round. Never an error: the
        field is hidden, and a mangled key is not the person's mistake."""
        try:
            return uuid.UUID(self.cleaned_data["start_key"])
        except ValueError:
            return new_start_key()


class RoundEditForm(RoundScopeMixin, ErrorSummaryMixin, forms.ModelForm):
    """Name and deadline of a round that is not closed; the model version and the scope
    (part and bouwstenen) only in concept, because an open round's answers belong to the
    version and the scope it opened with."""

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
        self.helper = form_helper()
        self.has_scope = self.instance.status == Round.Status.CONCEPT
        if self.has_scope:
            self.add_scope_fields(
                organisations=Organisation.objects.filter(pk=self.instance.organisation_id),
                framework=self.instance.framework,
            )
            self.helper.layout = Layout("name", "onderdeel", "framework", "deadline")

    def clean(self):
        cleaned = super().clean()
        if self.has_scope:
            self.clean_scope(self.instance.organisation)
        return cleaned


def invite_list_help(rollen) -> str:
    """The help text of the pasted list, with the roles of the round's model, escaped: crispy
    (like Django's own form templates) outputs a help text as HTML, and the example
    "<jan@gemeente.nl>" would be read as a tag and vanish."""
    examples = rol_examples(rollen) or [""]
    text = _(
        "Eén persoon per regel: e-mailadres, en als je wilt naam en rol (%(choices)s), "
        "gescheiden door komma's. Bijvoorbeeld: jan@gemeente.nl, Jan de Vries, %(first)s "
        "of Jan de Vries <jan@gemeente.nl>, %(second)s"
    ) % {
        "choices": or_list(examples),
        "first": examples[0],
        "second": examples[min(1, len(examples) - 1)],
    }
    return escape(text)


class InviteListForm(ErrorSummaryMixin, forms.Form):
    people = forms.CharField(
        label=gettext_lazy("E-mailadressen"),
        widget=forms.Textarea(attrs={"rows": 8}),
        # Not stripped: line numbers in the messages count from the first line as pasted.
        strip=False,
        error_messages={"required": gettext_lazy("Plak minstens één e-mailadres.")},
    )
    # not "language": the page's other form has that field, and ids must be unique
    list_language = invitation_language_field()

    def __init__(self, *args, rollen, gemeenten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rollen = rol_aliases(rollen)
        self.gemeenten = {name.lower(): pk for pk, name in gemeenten}
        self.fields["people"].help_text = invite_list_help(rollen)
        if gemeenten:
            self.fields["people"].help_text += " " + escape(
                _("Iemand van het bestuur kan er ook de gemeente bij krijgen (%(names)s).")
                % {"names": or_list([name for _pk, name in gemeenten])}
            )
        self.invitees = []
        self.line_errors = []  # (line number, message)
        self.helper = form_helper()

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
                invitee = parse_invite_line(line, self.rollen, self.gemeenten)
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

    def clean(self):
        cleaned = super().clean()
        for invitee in self.invitees:
            invitee.language = cleaned.get("list_language", "")
        return cleaned


class InviteOneForm(ErrorSummaryMixin, forms.Form):
    email = email_field()
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=120, required=False)
    rol = forms.TypedChoiceField(
        label=gettext_lazy("Rol"), coerce=int, required=False, empty_value=None
    )
    gemeente = forms.TypedChoiceField(
        label=gettext_lazy("Gemeente (alleen voor bestuur)"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": gettext_lazy("Kies een gemeente van deze organisatie.")},
    )
    language = invitation_language_field()

    def __init__(self, *args, rollen, gemeenten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rol"].choices = [("", _("Nog niet bekend"))] + [
            (rol.id, rol.name) for rol in rollen
        ]
        self.bestuur = {rol.id for rol in rollen if rol.code == BESTUUR}
        if gemeenten:  # (id, name) of the organisation's gemeenten
            self.fields["gemeente"].choices = [("", _("Geen"))] + list(gemeenten)
        else:
            del self.fields["gemeente"]
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("gemeente") and cleaned.get("rol") not in self.bestuur:
            self.add_error(
                "gemeente",
                _("Een gemeente hoort alleen bij iemand die als bestuur is uitgenodigd."),
            )
        return cleaned

    def invitee(self):
        data = self.cleaned_data
        return Invitee(
            email=data["email"],
            name=data["name"],
            rol_id=data["rol"],
            language=data["language"],
            gemeente_id=data.get("gemeente"),
        )


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
        self.helper = form_helper()


class RoundMessageForm(ErrorSummaryMixin, forms.ModelForm):
    """The round's own invitation and reminder texts, its contact person, and whether an old
    link shows the outcome after closing. Plain text only (mail_texts.validate_plain_text)."""

    class Meta:
        model = RoundMessage
        fields = ["contact_name", "contact_email", "invitation_text", "reminder_text"]
        fields += ["outcome_shared"]
        widgets = {
            "invitation_text": forms.Textarea(attrs={"rows": 6}),
            "reminder_text": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "contact_name": gettext_lazy(
                "De e-mails komen van deze persoon (via Borgingshuis). Antwoorden gaan naar het "
                "e-mailadres hieronder."
            ),
            "invitation_text": gettext_lazy(
                "Leeg: de standaardtekst. De aanhef, de persoonlijke link, de einddatum en de "
                "groet zetten we er zelf bij."
            ),
            "reminder_text": gettext_lazy("Leeg: de standaardtekst."),
        }
        error_messages = {
            "contact_email": {
                "invalid": gettext_lazy("Vul een geldig e-mailadres in, zoals naam@gemeente.nl.")
            },
            "invitation_text": {
                "max_length": gettext_lazy("Schrijf hoogstens %(limit_value)d tekens.")
            },
            "reminder_text": {
                "max_length": gettext_lazy("Schrijf hoogstens %(limit_value)d tekens.")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("contact_name", "invitation_text", "reminder_text"):
            self.fields[name].validators.append(validate_plain_text)
        self.helper = form_helper()


class RespondentCorrectForm(InviteOneForm):
    """Correct someone on the list before they answered: address, name, role, gemeente."""


class RespondentGemeenteForm(ErrorSummaryMixin, forms.Form):
    """The gemeente of someone invited as bestuur, also after they answered (until answering
    closes)."""

    gemeente = InviteOneForm.base_fields["gemeente"]

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].label = _("Gemeente")
        self.fields["gemeente"].choices = [("", _("Geen"))] + list(gemeenten)
        self.helper = form_helper()


class RemindConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        required=True,
        error_messages={"required": gettext_lazy("Bevestig dat je de herinneringen wilt sturen.")},
    )
