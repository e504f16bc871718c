"""Which texts of the model are kept in Dutch and English (django-modeltranslation).

Every listed field gets a column per language (`title_nl`, `title_en`); reading `title` gives
the active language's text, or the Dutch one where the English is empty
(MODELTRANSLATION_FALLBACK_LANGUAGES in settings.py).

The history is registered here, after the translation fields exist, and not with
`history = HistoricalRecords()` on the models: that would build the historical models before
modeltranslation adds its columns, and the history would then miss the texts per language
(django-simple-history's documented way to combine the two).
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Bouwsteen, Framework, Niveau, ReflectionQuestion, Rol, ScaleLevel

TRANSLATED_FIELDS = {
    Framework: ("name", "intro"),
    Niveau: ("name", "description"),
    Rol: ("name", "description"),
    Bouwsteen: ("title", "short_title", "description"),
    ReflectionQuestion: ("text",),
    ScaleLevel: ("label", "meaning"),
}

for _model, _fields in TRANSLATED_FIELDS.items():
    register(_model)(
        type(
            f"{_model.__name__}TranslationOptions",
            (TranslationOptions,),
            {
                "fields": _fields,
                # Only Dutch is required; an empty English text falls back to Dutch.
                "required_languages": ("nl",),
            },
        )
    )
    simple_history.register(_model)
