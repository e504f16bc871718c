"""The borgingsrapport as A4 PDF, rendered by WeasyPrint and cached per fingerprint."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.text import slugify

from ..rounds.models import Round
from .fingerprint import report_fingerprint
from .models import RenderedReport
from .report import PRINT_HOUSE, Report, build_report
from .sources import read_sources

PDF_STYLESHEETS = ["css/report.css", "css/report-print.css", "css/widths.css"]


def report_filename(round: Round, extension: str = "pdf") -> str:
    """The download name of the round's report, e.g. borgingsrapport-gemeente-x-scan-2026.pdf;
    the CSV of its figures has the same name with extension "csv"."""
    organisation = slugify(round.organisation.name) or round.organisation.slug
    return f"borgingsrapport-{organisation}-{slugify(round.name) or round.pk}.{extension}"


def render_report_html(report: Report) -> str:
    return render_to_string("pdf/borgingsrapport.html", report.context())


def render_pdf(html: str) -> bytes:
    """Render the report HTML to a tagged (PDF/UA-1) A4 PDF. Stylesheets and fonts are read
    from the app and the system (DejaVu); nothing is fetched over the network."""
    from weasyprint import CSS, HTML

    stylesheets = [CSS(filename=finders.find(path)) for path in PDF_STYLESHEETS]
    document = HTML(string=html, base_url=str(settings.BASE_DIR / "static"))
    return document.write_pdf(stylesheets=stylesheets, pdf_variant="pdf/ua-1")


def report_pdf(round: Round) -> tuple[bytes, bool]:
    """The round's PDF and whether it came from the cache. A PDF is rendered again only when
    the fingerprint of what the report shows has changed. The round's data is read once,
    for the fingerprint and the report alike."""
    sources = read_sources(round)
    fingerprint = report_fingerprint(round, sources)
    cached = RenderedReport.objects.filter(round=round, fingerprint=fingerprint).first()
    if cached:
        return bytes(cached.pdf), True
    report = build_report(round, sources=sources, house=PRINT_HOUSE)
    pdf = render_pdf(render_report_html(report))
    RenderedReport.objects.update_or_create(
        round=round, defaults={"fingerprint": fingerprint, "pdf": pdf}
    )
    return pdf, False
