"""The maturity scale every framework is scored on: levels 1 (afwezig) to 5 (geborgd en
lerend), plus "weet ik niet / niet van toepassing". A framework names the steps (ScaleLevel);
their number and meaning as figures are fixed here, once.

"Weet ik niet" is stored as 0 but is never a zero in a figure: it is counted on its own.
"""

from django.utils.translation import gettext_lazy as _

LOWEST = 1
HIGHEST = 5
LEVELS = tuple(range(LOWEST, HIGHEST + 1))
UNKNOWN = 0  # "weet ik niet / niet van toepassing"
UNKNOWN_LABEL = _("Weet ik niet / niet van toepassing")

# Every stored value: the levels and "weet ik niet" (for model field choices).
STORED_CHOICES = [(UNKNOWN, UNKNOWN_LABEL)] + [(value, str(value)) for value in LEVELS]

# A colour-blind-safe sequential scale (ColorBrewer YlGnBu), light to dark; band 0 is "no
# level". The level is always printed beside its colour, so nothing depends on colour alone.
BAND_FILLS = {0: "#ffffff", 1: "#edf8b1", 2: "#c7e9b4", 3: "#7fcdbb", 4: "#41b6c4", 5: "#225ea8"}
BAND_TEXT_ON_DARK = "#ffffff"
BAND_TEXT = "#102a43"


def band(level: float | None) -> int:
    """The colour band (1-5) of a level, halves rounding up (2.5 is band 3); 0 for no level."""
    if level is None:
        return 0
    return max(LOWEST, min(HIGHEST, int(level + 0.5)))


def band_fill(band: int) -> str:
    return BAND_FILLS[band]


def band_text(band: int) -> str:
    """A text colour readable on the band's fill (WCAG AA)."""
    return BAND_TEXT_ON_DARK if band == HIGHEST else BAND_TEXT
