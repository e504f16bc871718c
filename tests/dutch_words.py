"""Dutch words in what an English page shows (tests/browser/test_every_page.py).

A page in English may still show what people typed in Dutch (a round's name, an action, a
toelichting, an organisation): those texts are taken out first (`user_texts` collects them
from the database). What remains is split into words; a word from DUTCH_WORDS, frequent Dutch
words that English interface text never uses, is a Dutch text the translation missed."""

import re

from django.apps import apps
from django.db import models

# One of these is in nearly every Dutch sentence, and in no English one.
FUNCTION_WORDS = """
de het een en van niet voor deze dit dat die met naar bij wordt worden zijn ook nog geen maar
als dan op te om uit aan je jouw uw jij wij hoe wat wie waar welke kan kunt moet mag heeft
hebben er nu tot door na alle alleen nieuwe nieuw vorige volgende eerste laatste meer minder
zonder tussen onder boven graag hier daar wel al ja nee
"""
# The interface's own words: buttons, headings, the admin.
INTERFACE_WORDS = """
kies klik sluiten opslaan terug verder annuleren inloggen uitloggen wachtwoord gebruiker
gebruikers gebruikersnaam naam datum tijd vandaag bewerken toevoegen wijzigen verwijderen
bekijken zoeken opgeslagen verstuurd versturen uitnodigen uitnodiging uitgenodigd vragenlijst
vraag vragen antwoord antwoorden gesloten ronde rondes actie acties toelichting toelichtingen
deelnemers organisatie organisaties rapport overzicht instellingen beheer logboek rol rollen
bouwsteen bouwstenen niveau niveaus stap tweede herstelcodes apparaten gegevens
verbeteracties vergelijking
"""
DUTCH_WORDS = frozenset(FUNCTION_WORDS.split() + INTERFACE_WORDS.split())

# Dutch by design on an English page: a person's name in an example, the language of a model
# text's box in the admin ("Title [nl]") or in stored data ("en": …), and addresses and paths
# (the app's paths are Dutch: "/en/organisaties/…" in the logboek), identifiers with a
# digit in them (a task's id, b147d571-…-de058b85e79f, is no word), and a secret shown masked
# (the admin's password summary: "salt: nU*****", random letters that may spell "nu").
PROPER_NAMES = ["Jan de Vries"]
LANGUAGE_TAG = re.compile(r"\[(nl|en)\]|\"(nl|en)\"")
ADDRESS = re.compile(r"https?://\S+|(?<![\w/])/(?:[\w.…-]+/)+[\w.…-]*")
IDENTIFIER = re.compile(r"(?<![\w-])(?=[\w-]*\d)[\w-]+")
MASKED = re.compile(r"[\w+/=]*\*{3,}[\w+/=]*")
WORD = re.compile(r"[^\W\d_]+")


def without(text: str, exempt: list[str]) -> str:
    """`text` with every exempt text taken out where it stands as a whole (not inside a longer
    word), longest first, ignoring case (a stylesheet may show a name in capitals); also
    addresses, identifiers, masked secrets and language tags. Whitespace is made single spaces
    on both sides."""
    text = MASKED.sub(" ", " ".join(text.split()))
    text = ADDRESS.sub(" ", LANGUAGE_TAG.sub(" ", text))
    lower = text.lower()
    parts = {" ".join(part.split()) for part in [*exempt, *PROPER_NAMES]}
    for part in sorted(parts, key=len, reverse=True):
        if part and part.lower() in lower:
            text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", " ¦ ", text, flags=re.IGNORECASE)
            lower = text.lower()
    return IDENTIFIER.sub(" ", text)


def dutch_words(text: str, exempt: list[str] = ()) -> list[str]:
    """The Dutch words in `text` after the exempt texts are taken out, each with the few
    words around it, in the order they appear."""
    rest = without(text, exempt)
    found = []
    for match in WORD.finditer(rest):
        if match.group().lower() in DUTCH_WORDS:
            start, end = max(match.start() - 30, 0), match.end() + 30
            found.append(f"{match.group()!r} in …{rest[start:end]}…")
    return found


def _strings(value):
    """The strings in a JSON value, however deep, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _model_texts(model) -> set[str]:
    """The fields of `model` (or of the model a history row copies) that are model texts
    with their own English (django-modeltranslation), with their _nl and _en columns."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        options = translator.get_options_for_model(getattr(model, "instance_type", model))
    except NotRegistered:
        return set()
    return {f"{name}{suffix}" for name in options.all_fields for suffix in ("", "_nl", "_en")}


def user_texts() -> list[str]:
    """Every text people (or the site's set-up) put in the database: the text fields, codes,
    slugs and the strings inside JSON of every model. Not the model's Dutch texts, wherever
    they are (a round keeps a copy of its model): those an English page must show in
    English. Not fields with a fixed list of choices either (shown by their translated
    label). Texts shorter than three characters are left out."""
    texts = set()
    for model in apps.get_models():
        model_texts = _model_texts(model)
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
            and not field.choices
            and field.name not in model_texts
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                texts |= {text for value in row for text in _strings(value) if len(text) >= 3}
    return sorted(texts - model_texts_nl())


def model_texts_nl() -> set[str]:
    """The Dutch of every model text (django-modeltranslation's _nl columns), all versions."""
    from modeltranslation.translator import translator

    texts = set()
    for model in translator.get_registered_models():
        names = [f"{name}_nl" for name in translator.get_options_for_model(model).all_fields]
        for row in model._default_manager.values_list(*names):
            texts |= {value for value in row if value}
    return texts


def dutch_model_texts(framework) -> set[str]:
    """Every Dutch text of the model that differs from its English one."""
    from bouwstenen.models import Bouwsteen

    texts = set()
    for bouwsteen in Bouwsteen.objects.filter(framework=framework).prefetch_related("questions"):
        texts |= {bouwsteen.title_nl, bouwsteen.description_nl}
        texts |= {q.text_nl for q in bouwsteen.questions.all()}
    for level in framework.scale.all():
        texts |= {level.label_nl, level.meaning_nl}
    for axis in [*framework.niveau_set.all(), *framework.rol_set.all()]:
        texts |= {axis.name_nl, axis.description_nl}
    return {text for text in texts if text not in {"Managers"}}
