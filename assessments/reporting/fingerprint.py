"""The fingerprint of a report: a hash of everything it shows, so a cached PDF is served
while nothing changed and rendered again as soon as anything did."""

import functools
import hashlib
import json

from django.conf import settings
from django.utils import translation

from ..rounds.models import Round
from .sources import Sources, read_sources, report_date

# Bump when the report's code changes in a way that changes the PDF; changes to its templates
# and stylesheets are picked up by layout_version().
REPORT_VERSION = "3"
LAYOUT_FILES = [
    "templates/pdf/borgingsrapport.html",
    "templates/house/house.svg.html",
    "static/css/report.css",
    "static/css/report-print.css",
    "static/css/widths.css",
]


@functools.cache
def layout_version() -> str:
    """A hash of the report's templates and stylesheets, so a new release re-renders PDFs."""
    digest = hashlib.sha256(REPORT_VERSION.encode())
    paths = [settings.BASE_DIR / name for name in LAYOUT_FILES]
    paths += sorted((settings.BASE_DIR / "templates/assessments/report").glob("*.html"))
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def report_fingerprint(round: Round, sources: Sources | None = None) -> str:
    """A hash of everything the report of `round` shows: the same hash means the same PDF.
    Takes no queries when given the round's `sources` (see read_sources), else reads them."""
    sources = sources or read_sources(round)
    previous, previous_inputs = sources.previous, sources.previous_inputs
    data = {
        "version": layout_version(),
        "language": translation.get_language(),
        "round": [
            round.pk,
            round.name,
            round.status,
            round.min_group_size,
            str(report_date(round)),
        ],
        "organisation": round.organisation.name,
        "texts": sources.texts.to_json(),
        "rows": sources.inputs.rows,
        "consensus": sorted(sources.inputs.consensus.items()),
        "respondents": sources.respondents,
        "actions": sources.actions,
        "previous": [
            previous.pk if previous else None,
            previous.name if previous else None,
            sources.previous_texts.to_json() if sources.previous_texts else None,
            previous_inputs.rows if previous_inputs else None,
            sorted(previous_inputs.consensus.items()) if previous_inputs else None,
            sources.previous_actions,
        ],
    }
    payload = json.dumps(data, sort_keys=True, default=str).encode()
    return hashlib.sha256(payload).hexdigest()
