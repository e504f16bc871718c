"""Figures as the report prints them: Dutch decimals, a dash for "no figure"."""

from django.utils.formats import number_format


def level_text(value) -> str:
    """A level as Dutch text: whole numbers without decimals, else one decimal; "–" for None."""
    if value is None:
        return "–"
    value = round(value, 1)
    if float(value).is_integer():
        return str(int(value))
    return number_format(value, decimal_pos=1)


def signed_text(value) -> str:
    """A change or gap with its sign ("+1", "−0,5", "0"); "–" for None."""
    if value is None:
        return "–"
    text = level_text(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return "0"
