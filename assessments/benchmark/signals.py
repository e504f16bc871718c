"""The benchmark's part in a report (reporting/comparison.py): the comparison a closed round's
report shows. Connected in AppConfig.ready."""

from django.dispatch import receiver

from ..reporting.comparison import report_comparison
from .comparison import comparison_for_report


@receiver(report_comparison, dispatch_uid="assessments-benchmark-comparison")
def _report_comparison(sender, report, **kwargs):
    return comparison_for_report(report)
