"""The comparison with other organisations that a closed round's report shows (the page, the
PDF and the workbook). The benchmark makes it from reports, so it sits above reporting in the
import direction (pyproject.toml's import-linter contracts): it answers the signal below
(benchmark/signals.py, connected in AppConfig.ready), and reporting asks without importing it."""

from django.dispatch import Signal

# Sent with the `report` (report.Report); a receiver returns what the report shows of the
# comparison (benchmark.comparison.Comparison) or None.
report_comparison = Signal()


def comparison_shown(report):
    """The comparison a receiver gives for `report`; None when there is none (no receiver,
    the organisation does not take part, no release yet, the round is not closed)."""
    for _receiver, comparison in report_comparison.send(sender=None, report=report):
        if comparison is not None:
            return comparison
    return None
