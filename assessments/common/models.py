"""What the sub-domains' models share: the stored PDF (the borgingsrapport of a round, the
action plan of an organisation), abstract, each sub-domain adding what its PDF is of."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RenderedPdf(models.Model):
    """A PDF stored in one language, and the state of its render in the task worker
    (stored_pdf.py). The PDF is current while `fingerprint` equals the key of what it shows
    now; a subclass adds what the PDF is of."""

    class Stage(models.TextChoices):
        IDLE = "", _("klaar")
        QUEUED = "queued", _("in de wachtrij")
        READING = "reading", _("cijfers op een rij zetten")
        RENDERING = "rendering", _("PDF opmaken")
        FAILED = "failed", _("mislukt")

    language = models.CharField(max_length=10, default="nl")
    fingerprint = models.CharField(max_length=64, blank=True)  # the key the PDF is of
    pdf = models.BinaryField(default=bytes)
    rendered_at = models.DateTimeField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    # a render waiting in the queue (it reads the newest data when it starts), one running
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(max_length=10, choices=Stage, default=Stage.IDLE, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True
