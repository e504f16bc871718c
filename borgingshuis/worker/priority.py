"""Lower the calling process's CPU priority so that it holds wherever the process was started.

`nice` alone ranks a process only among the processes of its own scheduling group. With the
kernel's autogroup scheduling on (`kernel.sched_autogroup_enabled=1`, the default of most
distributions), every session (`setsid`, a service manager's service) is a group of its own,
and the groups share the CPU equally: five `nice -n 10` workers, each in its own session,
had five times the web server's share. So the worker
- runs under `SCHED_IDLE` (it gets the CPU only when nothing else in its group wants it), and
  at nice 19 should the kernel refuse that policy;
- when it leads its own session (its autogroup is its own: a service manager or `setsid`
  started it), sets that autogroup's nice to 19 as well, so that the group itself ranks below
  the web server's. A worker that shares its session (bin/serve, a terminal) leaves the
  session's autogroup alone: lowering it would lower everything else in that session;
- on a machine with more than one CPU, keeps off the first: even at the lowest priority,
  renders on every core slow the web server down (caches, wake-ups), so one core stays theirs.
Under a service manager that puts each service in a cgroup of its own, the autogroup does not
apply and the unit's `CPUWeight=` does the same (README). Lowering needs no privileges.

A worker that renders only the PDFs people wait for (`db_worker --queue-name pdf-user`)
lowers itself less (lower_priority_for_users): at `SCHED_IDLE` a saturated web server left a
6-10 s render 510-644 s of the CPU; a person waiting is served like a slow request instead, at
a nice between the web server's and the background worker's, and still off the first CPU.
"""

import os
import time
from pathlib import Path

NICE = 19  # the lowest priority
AUTOGROUP = Path("/proc/self/autogroup")
AUTOGROUP_TRIES = 20  # the kernel allows one autogroup change in 0.1 s across the machine


def lower_priority(autogroup: Path = AUTOGROUP) -> list[str]:
    """Lower this process's priority as far as it goes; returns what was done, for the log."""
    return _lowered(NICE, idle=True, autogroup=autogroup)


def lower_priority_for_users(nice: int, autogroup: Path = AUTOGROUP) -> list[str]:
    """Lower this process to `nice` only, without SCHED_IDLE: a worker whose renders people
    wait for. Returns what was done, for the log."""
    return _lowered(nice, idle=False, autogroup=autogroup)


def _lowered(nice: int, *, idle: bool, autogroup: Path) -> list[str]:
    done = []
    if os.getpriority(os.PRIO_PROCESS, 0) < nice:
        os.setpriority(os.PRIO_PROCESS, 0, nice)
    done.append(f"nice {os.getpriority(os.PRIO_PROCESS, 0)}")
    if idle:
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            done.append("SCHED_IDLE")
        except (AttributeError, OSError):  # not Linux, or a sandbox forbids it: nice holds
            done.append("SCHED_IDLE refused")
    if os.getsid(0) == os.getpid() and autogroup.exists():
        done.append(autogroup_lower(autogroup, nice))
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) > 1:
        os.sched_setaffinity(0, cpus[1:])
        done.append(f"CPUs {cpus[1]}-{cpus[-1]}")
    return done


def autogroup_lower(autogroup: Path, nice: int = NICE) -> str:
    for _attempt in range(AUTOGROUP_TRIES):
        try:
            autogroup.write_text(str(nice))
            return f"autogroup nice {nice}"
        except BlockingIOError:  # EAGAIN: another process changed an autogroup just now
            time.sleep(0.1)
        except OSError as error:
            return f"autogroup unchanged ({error.strerror})"
    return "autogroup unchanged (busy)"
