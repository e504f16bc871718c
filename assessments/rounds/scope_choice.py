"""The choice of a round's scope on its form (new, and edited in concept): the whole
organisation or one of its parts, and which bouwstenen it asks.

Without JavaScript it works in one post: a radio group picks all bouwstenen, one whole
niveau ("alleen het niveau Vraagstuk") or "een eigen keuze", the checkboxes below it
(a fieldset per niveau) hold that own choice. The checkboxes are of the model shown; a
hidden field names that model, so an own choice made for one model is never read as
numbers of another one chosen in the same post (the page then shows the other model's
checkboxes and asks again). static/js/round_scope.js keeps radio and boxes in step."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bouwstenen.models import Bouwsteen, Framework

from ..organisations.models import Onderdeel

ALL = "all"
OWN = "own"
NIVEAU_PREFIX = "niveau-"
WHOLE_ORGANISATION = ""


class RoundScopeMixin:
    """Adds `onderdeel`, `asked_set`, `bouwstenen` and `bouwstenen_model` to a round form.
    Call add_scope_fields(organisations=…) in __init__ after the form's own fields; cleaned
    data then holds `onderdeel` (a part or None) and `asked_bouwstenen` (numbers, [] for
    all)."""

    def add_scope_fields(self, *, organisations, framework: Framework | None):
        parts = list(
            Onderdeel.objects.filter(organisation__in=organisations)
            .select_related("organisation")
            .order_by("organisation__name", "kind", "name")
        )
        self.scope_parts = {str(part.pk): part for part in parts}
        self.fields["onderdeel"] = forms.ChoiceField(
            label=gettext_lazy("Waarover gaat de ronde?"),
            choices=_part_choices(parts),
            required=False,
            help_text=gettext_lazy(
                "De hele organisatie, of één team, project of gemeente. Onderdelen voeg je toe "
                "bij de organisatie, onder Onderdelen."
            ),
            error_messages={
                "invalid_choice": gettext_lazy(
                    "Kies de hele organisatie of een onderdeel uit de lijst."
                )
            },
        )
        self.scope_framework = self._shown_framework(framework)
        self.scope_bouwstenen = list(
            Bouwsteen.objects.filter(framework=self.scope_framework)
            .select_related("niveau")
            .order_by("niveau__order", "order", "number")
            if self.scope_framework
            else []
        )
        niveaus = {b.niveau.code: b.niveau.name for b in self.scope_bouwstenen}
        self.fields["asked_set"] = forms.ChoiceField(
            label=gettext_lazy("Welke bouwstenen vraagt de ronde?"),
            choices=[(ALL, _("Alle bouwstenen"))]
            + [
                (f"{NIVEAU_PREFIX}{code}", _("Alleen het niveau %(niveau)s") % {"niveau": name})
                for code, name in niveaus.items()
            ]
            + [(OWN, _("Een eigen keuze: de bouwstenen die hieronder aangevinkt zijn"))],
            widget=forms.RadioSelect,
            initial=ALL,
            required=False,  # not sent (a page without this part): all, as before
            error_messages={"invalid_choice": gettext_lazy("Kies een van de mogelijkheden.")},
        )
        self.fields["bouwstenen"] = forms.TypedMultipleChoiceField(
            label=gettext_lazy("Bouwstenen"),
            choices=[(b.number, f"{b.number}. {b.short_title}") for b in self.scope_bouwstenen],
            coerce=int,
            required=False,
            error_messages={"invalid_choice": gettext_lazy("Kies alleen bouwstenen uit de lijst.")},
        )
        self.fields["bouwstenen_model"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial.setdefault(
            "bouwstenen_model", self.scope_framework.pk if self.scope_framework else ""
        )
        self._scope_initial()

    def _shown_framework(self, framework):
        """The model whose bouwstenen the page shows: the one posted (when it is one to
        choose from), else the round's or the form's first."""
        queryset = self.fields["framework"].queryset if "framework" in self.fields else None
        if self.is_bound and queryset is not None:
            posted = self.data.get(self.add_prefix("framework"))
            found = queryset.filter(pk=posted).first() if str(posted or "").isdigit() else None
            if found is not None:
                return found
        if framework is not None:
            return framework
        return queryset.first() if queryset is not None else None

    def _scope_initial(self):
        instance = getattr(self, "instance", None)
        asked = list(instance.asked_bouwstenen) if instance and instance.pk else []
        if instance is not None and instance.pk and instance.onderdeel_id:
            self.initial.setdefault("onderdeel", str(instance.onderdeel_id))
        numbers = [b.number for b in self.scope_bouwstenen]
        self.initial.setdefault("bouwstenen", asked or numbers)
        chosen = ALL
        for code, members in self._niveau_numbers().items():
            if asked and sorted(asked) == sorted(members):
                chosen = f"{NIVEAU_PREFIX}{code}"
        if asked and chosen == ALL:
            chosen = OWN
        self.initial.setdefault("asked_set", chosen)

    def _niveau_numbers(self) -> dict[str, list[int]]:
        groups: dict[str, list[int]] = {}
        for bouwsteen in self.scope_bouwstenen:
            groups.setdefault(bouwsteen.niveau.code, []).append(bouwsteen.number)
        return groups

    def bouwsteen_groups(self) -> list[dict]:
        """The checkboxes per niveau, for the template (a fieldset each): the niveau's code
        and name, and per bouwsteen its number, label, id and whether it is checked."""
        if self.is_bound:
            checked = {str(value) for value in self.data.getlist(self.add_prefix("bouwstenen"))}
        else:
            checked = {str(value) for value in self.initial.get("bouwstenen", [])}
        groups: dict[str, dict] = {}
        for index, bouwsteen in enumerate(self.scope_bouwstenen):
            group = groups.setdefault(
                bouwsteen.niveau.code,
                {"code": bouwsteen.niveau.code, "name": bouwsteen.niveau.name, "items": []},
            )
            group["items"].append(
                {
                    "number": bouwsteen.number,
                    "label": f"{bouwsteen.number}. {bouwsteen.short_title}",
                    "id": f"{self['bouwstenen'].auto_id}_{index}",
                    "checked": str(bouwsteen.number) in checked,
                }
            )
        return list(groups.values())

    def clean_onderdeel(self):
        value = self.cleaned_data.get("onderdeel") or WHOLE_ORGANISATION
        return self.scope_parts.get(value)

    def clean_scope(self, organisation):
        """Call from clean(): the part must be of `organisation`, and the chosen bouwstenen
        of the model posted; sets cleaned_data["asked_bouwstenen"]."""
        cleaned = self.cleaned_data
        part = cleaned.get("onderdeel")
        foreign = part is not None and organisation is not None
        if foreign and part.organisation_id != organisation.pk:
            self.add_error(
                "onderdeel",
                _(
                    "Dit onderdeel hoort bij een andere organisatie. Kies een onderdeel van "
                    "%(name)s."
                )
                % {"name": organisation.name},
            )
        choice = cleaned.get("asked_set", ALL) or ALL
        if choice != OWN:
            self.errors.pop("bouwstenen", None)  # the boxes only count for an own choice
        if choice == ALL:
            cleaned["asked_bouwstenen"] = []
        elif choice and choice.startswith(NIVEAU_PREFIX):
            cleaned["asked_bouwstenen"] = self._niveau_numbers().get(
                choice.removeprefix(NIVEAU_PREFIX), []
            )
        elif choice == OWN:
            shown = str(self.scope_framework.pk) if self.scope_framework else ""
            if cleaned.get("bouwstenen_model") != shown:
                self.errors.pop("bouwstenen", None)
                self.add_error(
                    "bouwstenen",
                    _("Je koos een ander model. Vink hieronder de bouwstenen van dit model aan."),
                )
            elif "bouwstenen" in cleaned and not cleaned["bouwstenen"]:
                self.add_error("bouwstenen", _("Kies minstens één bouwsteen."))
            elif "bouwstenen" in cleaned:
                cleaned["asked_bouwstenen"] = cleaned["bouwstenen"]
        if not self.errors and "asked_bouwstenen" in cleaned:
            # so the model's own check (Round.clean) sees the choice, in _post_clean
            self.instance.onderdeel = part
            self.instance.asked_bouwstenen = cleaned["asked_bouwstenen"]


def _part_choices(parts: list[Onderdeel]) -> list:
    """Whole organisation first; the parts, grouped per organisation when there are more."""
    whole = [(WHOLE_ORGANISATION, _("Hele organisatie"))]
    organisations = {part.organisation_id for part in parts}
    if len(organisations) <= 1:
        return whole + [(str(p.pk), f"{p.name} ({p.get_kind_display()})") for p in parts]
    grouped: dict[str, list] = {}
    for part in parts:
        grouped.setdefault(part.organisation.name, []).append(
            (str(part.pk), f"{part.name} ({part.get_kind_display()})")
        )
    return whole + list(grouped.items())
