"""The task worker lowers its own CPU priority, also when it runs in a session of its own
(a service manager, setsid), where the kernel's autogroup makes plain nice useless."""

import io
import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command, get_commands

from borgingshuis.worker import priority
from borgingshuis.worker.management.commands import db_worker

ROOT = Path(__file__).resolve().parents[3]
# A child process that lowers itself, then reports its nice, policy and autogroup.
CHILD = """
import io
import os
from borgingshuis.worker.priority import lower_priority
print(lower_priority())
print(os.getpriority(os.PRIO_PROCESS, 0), os.sched_getscheduler(0) == os.SCHED_IDLE)
print(sorted(os.sched_getaffinity(0)))
print(open("/proc/self/autogroup").read().strip())
"""


def cpus_left() -> str:
    """The CPUs a lowered worker keeps to: all but the first, on a machine with several."""
    cpus = sorted(os.sched_getaffinity(0))
    return str(cpus[1:] if len(cpus) > 1 else cpus)


def run_child(new_session: bool) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=new_session,
        check=True,
    )
    return done.stdout.splitlines()


def test_a_worker_in_its_own_session_lowers_its_autogroup_too():
    done, state, cpus, autogroup = run_child(new_session=True)
    assert state == "19 True"
    assert cpus == cpus_left()
    assert "autogroup nice 19" in done
    assert autogroup.endswith("nice 19")


def test_a_worker_sharing_its_session_leaves_the_sessions_autogroup_alone():
    before = Path("/proc/self/autogroup").read_text()
    done, state, cpus, autogroup = run_child(new_session=False)
    assert state == "19 True"
    assert cpus == cpus_left()
    assert "autogroup" not in done
    assert Path("/proc/self/autogroup").read_text() == before  # the test's own session
    assert autogroup == before.strip()


def test_the_autogroup_is_tried_again_while_the_kernel_says_busy(monkeypatch):
    class Busy:
        tries = 0

        def write_text(self, text):
            self.tries += 1
            if self.tries < 3:
                raise BlockingIOError
            self.written = text

    monkeypatch.setattr(priority.time, "sleep", lambda seconds: None)
    busy = Busy()
    assert priority.autogroup_lower(busy) == "autogroup nice 19"
    assert (busy.tries, busy.written) == (3, "19")
    busy.tries = -100
    assert priority.autogroup_lower(busy) == "autogroup unchanged (busy)"


def test_an_autogroup_that_cannot_be_written_is_left(tmp_path):
    assert priority.autogroup_lower(tmp_path) == "autogroup unchanged (Is a directory)"


def test_manage_py_db_worker_is_the_command_that_lowers_first(monkeypatch):
    assert get_commands()["db_worker"] == "borgingshuis.worker"
    calls = []
    monkeypatch.setattr(db_worker, "lower_priority", lambda: calls.append("lower") or ["low"])
    monkeypatch.setattr(
        db_worker.db_worker.Command, "handle", lambda self, *args, **options: calls.append("run")
    )
    output = io.StringIO()
    call_command("db_worker", "--batch", "--no-reload", stdout=output)
    assert calls == ["lower", "run"]
    assert output.getvalue() == "Task worker priority: low\n"
    assert os.sched_getscheduler(0) != os.SCHED_IDLE  # the test process itself was not lowered
