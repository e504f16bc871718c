"""A round's scope: the part of the organisation it is about (Round.onderdeel, None: the whole
organisation) and the bouwstenen it asks (Round.asked_bouwstenen, empty: all of them).

"Niet gevraagd" is derived from the round, never stored: a bouwsteen the round does not ask
has no answers, and every output (the questionnaire, the house, the report, the PDF, the CSV,
the workbooks and the trend) shows it as NOT_ASKED, never as a zero or an empty figure, and
leaves it out of the largest gaps, the findings and the mean figures. Plain functions over
a round and its texts, no query."""

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bouwstenen.snapshot import BouwsteenText, ModelTexts

# How every output names a bouwsteen the round did not ask (a cell, a brick, a CSV field).
NOT_ASKED = _("niet gevraagd")

Text = TypeVar("Text", bound=BouwsteenText)


def asked_of(round, bouwstenen: Iterable[Text]) -> list[Text]:
    """The bouwstenen (texts with a `number`) of `bouwstenen` the round asks, in their order."""
    return [item for item in bouwstenen if round.asks(item.number)]


def asked_ids(round, texts: ModelTexts) -> frozenset[int]:
    """The ids of the bouwstenen of `texts` the round asks."""
    return frozenset(item.id for item in asked_of(round, texts.bouwstenen))


def scope_text(round) -> str:
    """What the round is about, for a heading: "onderdeel: Projectteam Woonvisie" or "Hele
    organisatie". Reads round.onderdeel (select_related it where many rounds are shown)."""
    if round.onderdeel_id is None:
        return gettext("Hele organisatie")
    return gettext("onderdeel: %(name)s") % {"name": round.onderdeel.name}


def asked_text(round, texts: ModelTexts) -> str:
    """ "Gevraagd: 7 van 11 bouwstenen" for a round that asks some of them; "" when it asks
    all."""
    if not round.asked_bouwstenen:
        return ""
    return gettext("Gevraagd: %(count)s van %(total)s bouwstenen") % {
        "count": len(asked_of(round, texts.bouwstenen)),
        "total": len(texts.bouwstenen),
    }


# What a round is about: the whole organisation or one part, and which bouwstenen it asks.
# Chosen in concept, fixed once it opens (Round.save and RoundQuerySet.update refuse).
SCOPE_FIELDS = frozenset({"onderdeel", "onderdeel_id", "asked_bouwstenen"})


def scope_fixed_error() -> ValidationError:
    return ValidationError(
        _(
            "Over welk onderdeel een ronde gaat en welke bouwstenen die vraagt, ligt vast "
            "zodra de ronde open is."
        ),
        code="scope_fixed",
    )
