"""At most a few PDF renders at once on one machine, however many task workers run there.

A render keeps a core busy for seconds. At the lowest priority (borgingshuis/worker/) five
renders at once still fill the spare core all the time, and the web server's answers wait on
that core's caches and wake-ups: the load test measured the autosave's p95 at 2-4x with five
at once and 1.1-1.5x with one. Five at once also finish no sooner than one after another
(each gets a fifth of the core), so waiting in turn costs nothing and the first PDF is ready
sooner. A render therefore first takes one of `RENDER_SLOTS` slots (by default one less than
the machine's CPUs, at least one): an exclusive lock on a file in `RENDER_SLOT_DIR`, shared by
every worker of the machine and freed by the kernel when its process ends, however it ends.

A worker that renders only the PDFs people wait for (`db_worker --queue-name pdf-user`,
render_queue.py) has one slot of its own per machine, `render-slot-user`: a person's PDF
never waits for a background render, which at the lowest priority on a busy machine may hold
its slot for minutes. So on a machine with such a worker at most RENDER_SLOTS + 1 renders run
at once, the extra one only while a person waits for it.
"""

import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

WAIT_POLL_S = 0.1
logger = logging.getLogger(__name__)
# True while this process waits for a slot: a task worker asked to stop then gives its task
# back at once instead of rendering it first (borgingshuis/worker/stopping.py).
_waiting = False
# True in a worker that renders only the PDFs people wait for: it takes their slot.
_for_users = False


def serve_users() -> None:
    """This process renders only PDFs people wait for: from now on it takes their slot."""
    global _for_users
    _for_users = True


def waiting_for_slot() -> bool:
    return _waiting


def slot_count() -> int:
    """The slots of this machine. Not the worker's own CPU affinity: it keeps off the first
    CPU, and the slots count what the machine has."""
    return settings.RENDER_SLOTS or max(1, (os.cpu_count() or 1) - 1)


@contextlib.contextmanager
def render_slot() -> Iterator[int]:
    """Wait for a free slot and hold it for the `with` block; yields the slot's number."""
    global _waiting
    directory = Path(settings.RENDER_SLOT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        held, number = _first_free(directory)
        if held is None:
            _waiting = True
            logger.info("waiting for a render slot in %s", directory)
        while held is None:
            time.sleep(WAIT_POLL_S)
            held, number = _first_free(directory)
    finally:
        _waiting = False
    with held:
        yield number


def _first_free(directory: Path):
    """(the locked file, its number) of the first free slot, or (None, None); the users'
    slot is number -1."""
    if _for_users:
        held = _try_lock(directory / "render-slot-user.lock")
        return (held, -1) if held is not None else (None, None)
    for number in range(slot_count()):
        held = _try_lock(directory / f"render-slot-{number}.lock")
        if held is not None:
            return held, number
    return None, None


def _try_lock(path: Path):
    """The open lock file, locked, or None when another process holds it. Closing the file
    releases the lock."""
    handle = open(path, "a")  # noqa: SIM115 (returned open: the caller's `with` closes it)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle
