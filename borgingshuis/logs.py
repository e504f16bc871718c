"""Log lines as JSON on stdout, with the secret part of links masked: a respondent's link
(/vragenlijst/<token>/), a colleague's invitation (/collega-uitnodiging/<token>/) and
Django's password link (/account/reset/<uid>/<token>/) open someone's answers or account,
so they must not end up in log files, also not URL-encoded in a ?next= parameter."""

import json
import logging
import re
from datetime import UTC, datetime

MASK = "***"
_SEP = r"(?:/|%2[fF])"
_TOKEN = r"[A-Za-z0-9_\-]+"
_PATTERNS = [
    re.compile(rf"({_SEP}(?:vragenlijst|collega-uitnodiging){_SEP}){_TOKEN}"),
    re.compile(rf"({_SEP}account{_SEP}reset{_SEP}){_TOKEN}({_SEP}){_TOKEN}"),
]


def mask_tokens(text: str | None) -> str:
    """The text with link tokens masked; "" for None (gunicorn has no path for a request it
    refused before reading its target)."""
    text = _PATTERNS[0].sub(rf"\g<1>{MASK}", text or "")
    return _PATTERNS[1].sub(rf"\g<1>{MASK}\g<2>{MASK}", text)


class MaskTokensFilter(logging.Filter):
    """Masks tokens in the message (its arguments merged in first) and in a request line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, None
        if isinstance(getattr(record, "request", None), str):
            record.request = mask_tokens(record.request)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, and a traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = mask_tokens(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)
