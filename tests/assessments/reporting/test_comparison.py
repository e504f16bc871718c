"""reporting/comparison.py: the report asks for its comparison through a signal, so the
benchmark above it answers without reporting importing it."""

from types import SimpleNamespace

from assessments.reporting.comparison import comparison_shown, report_comparison


def test_the_first_comparison_a_receiver_gives_is_shown():
    report = SimpleNamespace(round=SimpleNamespace(is_closed=False))  # the benchmark: None
    shown = object()
    asked = []

    def none_here(sender, report, **kwargs):
        asked.append(report)

    def this_one(sender, report, **kwargs):
        return shown

    report_comparison.connect(none_here, dispatch_uid="test-none-here")
    report_comparison.connect(this_one, dispatch_uid="test-this-one")
    try:
        assert comparison_shown(report) is shown
    finally:
        report_comparison.disconnect(dispatch_uid="test-none-here")
        report_comparison.disconnect(dispatch_uid="test-this-one")
    assert asked == [report]


def test_the_benchmark_answers_the_signal():
    # a round that is not closed shows no comparison, without a query
    report = SimpleNamespace(round=SimpleNamespace(is_closed=False))
    answered = report_comparison.send(sender=None, report=report)
    modules = {receiver.__module__ for receiver, _comparison in answered}
    assert "assessments.benchmark.signals" in modules
    assert comparison_shown(report) is None
