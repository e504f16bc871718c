"""The PDF mix of the load script: task workers (`manage.py db_worker`, as production runs
them: each in a session of its own, as a service manager starts it, with the production
environment) that keep rendering PDF borgingsrapporten while the autosaves are measured.
Needs django.setup() first."""

import statistics
import subprocess
import threading
from dataclasses import dataclass, field

from django.db import connection
from loadgen import ROOT, children, cpu_seconds

from assessments.models import RenderedReport
from assessments.reporting.pdf import pdf_render_request

POLL_S = 0.2
WARM_UP_S = 60  # at most; a worker at the lowest priority on a busy machine may not get there


@dataclass
class MixFigures:
    renders: int = 0
    render_cpu: list[float] = field(default_factory=list)  # seconds per render, as stored
    worker_cpu_seconds: float = 0.0
    most_at_once: int = 0  # renders past the queue at one time, sampled every POLL_S

    def line(self, seconds: float) -> str:
        median = statistics.median(self.render_cpu) if self.render_cpu else 0.0
        return (
            f"{self.renders} PDFs rendered in {seconds:.0f} s (median {median:.1f} s CPU each), "
            f"at most {self.most_at_once} rendering at once, "
            f"workers used {self.worker_cpu_seconds:.0f} s CPU"
        )


class PdfMix:
    """`workers` task workers, each started as `command` (e.g. `manage.py db_worker`) in a
    session of its own with the environment `env`, re-rendering each round's PDF as soon as
    the last one is stored (as if what the report shows kept changing): with as many workers
    as rounds, that many renders run at once. Use as a context manager around the measured
    step."""

    def __init__(self, round_ids: list[int], workers: int, command: list[str], env: dict):
        self.round_ids, self.worker_count, self.command, self.env = round_ids, workers, command, env
        self.figures = MixFigures()
        self.stop = threading.Event()
        self.workers: list[subprocess.Popen] = []
        self.thread = threading.Thread(target=self._keep_rendering, daemon=True)

    def __enter__(self) -> "PdfMix":
        command = [*self.command, "--no-reload", "--interval", str(POLL_S)]
        command += ["--no-startup-delay", "-v", "0"]
        for _ in range(self.worker_count):
            self.workers.append(
                subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True)
            )
        self._warm_up()
        self.cpu_before = self._worker_cpu()
        self.thread.start()
        return self

    def _warm_up(self) -> None:
        """Each worker renders once before the step: the measured renders are the steady
        state, not Python, Django and WeasyPrint loading."""
        for round_id in self.round_ids:
            self._render_again(round_id)
        waiting = set(self.round_ids)
        for _attempt in range(int(WARM_UP_S / POLL_S)):
            waiting -= {round_id for round_id, _seconds in self._finished()}
            if not waiting:
                break
            self.stop.wait(POLL_S)
        for round_id in self.round_ids:
            self._render_again(round_id)

    def __exit__(self, *exc) -> None:
        self.figures.worker_cpu_seconds = self._worker_cpu() - self.cpu_before
        self.stop.set()
        self.thread.join(timeout=10)
        # A worker stops gracefully after its render, which at the lowest priority can take
        # long on a busy machine; the renders are throwaway, so it is stopped at once.
        for worker in self.workers:
            worker.kill()
        for worker in self.workers:
            worker.wait(timeout=30)

    def _worker_cpu(self) -> float:
        pids = [pid for worker in self.workers for pid in [worker.pid, *children(worker.pid)]]
        return sum(cpu_seconds(pid) for pid in pids)

    def _finished(self) -> list[tuple[int, float | None]]:
        """(round, render CPU seconds) of each round whose PDF is stored and current."""
        done = RenderedReport.objects.filter(
            round_id__in=self.round_ids, language="nl", stage=RenderedReport.Stage.IDLE
        ).exclude(fingerprint="")
        return list(done.values_list("round_id", "render_seconds"))

    def _rendering(self) -> int:
        """Renders that have left the queue (a worker waiting for a render slot has not)."""
        running = (RenderedReport.Stage.READING, RenderedReport.Stage.RENDERING)
        return RenderedReport.objects.filter(round_id__in=self.round_ids, stage__in=running).count()

    def _render_again(self, round_id: int) -> None:
        RenderedReport.objects.filter(round_id=round_id).update(fingerprint="")
        pdf_render_request(round_id=round_id, language="nl")

    def _keep_rendering(self) -> None:
        try:
            while not self.stop.wait(POLL_S):
                self.figures.most_at_once = max(self.figures.most_at_once, self._rendering())
                for round_id, seconds in self._finished():
                    self.figures.renders += 1
                    self.figures.render_cpu.append(seconds or 0.0)
                    self._render_again(round_id)
        finally:
            connection.close()
