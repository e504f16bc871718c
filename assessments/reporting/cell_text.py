"""Text in a spreadsheet cell that never runs as a formula (OWASP "CSV injection").

A spreadsheet runs a cell whose text starts with "=", "+", "-" or "@" as a formula, also after
a leading tab or line break; a formula can fetch a web page with the sheet's data or start a
program. Names of rounds, actions, owners and model texts are typed by people, so every text
that goes into a CSV file or an Excel workbook of the app passes `safe_text`, which puts an
apostrophe in front of such text: a spreadsheet then shows it as it was typed. Numbers are
not text and are left alone ("-0,5" in the CSV is a number). Without Django."""

# What a spreadsheet may read as the start of a formula (OWASP: = + - @ tab carriage return).
FORMULA_STARTS = ("=", "+", "-", "@")
LEADING_BLANKS = " \t\r\n"


def needs_guard(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula: it starts with a formula
    character, or with a tab or carriage return, or with blanks before a formula character."""
    return text.startswith(("\t", "\r")) or text.lstrip(LEADING_BLANKS).startswith(FORMULA_STARTS)


def safe_text(text: str) -> str:
    """`text` as a cell may hold it: with a leading apostrophe when a spreadsheet could run
    it as a formula, else unchanged."""
    return "'" + text if needs_guard(text) else text
