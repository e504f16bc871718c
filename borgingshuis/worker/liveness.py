"""Which task workers are alive, told without asking them anything.

A worker at the lowest priority on a busy machine may not get the CPU for minutes (issue 29
measured a 6-10 s render taking 510-644 s), so a heartbeat it writes would go stale while it
is alive and working. Liveness therefore rests on what the operating system and the database
keep for a process however little it runs, and drop the moment it ends:

- **on its own machine**, a lock on a file `worker-<id>.lock` in TASK_WORKER_DIR (under the
  app's own `var/`, so per installation), held for the worker's whole life; the kernel frees
  it when the process ends, however it ends;
- **on PostgreSQL, from any machine**, a connection of its own, kept open for its whole life,
  named `borgingshuis-worker <id>` (its application_name): PostgreSQL lists it in
  pg_stat_activity until the process is gone. The worker's ordinary connection cannot serve:
  it is closed between tasks (CONN_MAX_AGE).
"""

import contextlib
import copy
import fcntl
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.utils import load_backend

APPLICATION_NAME = "borgingshuis-worker "


class Presence:
    """What a running worker holds to be seen alive (see the module docstring)."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        directory = Path(settings.TASK_WORKER_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / f"worker-{worker_id}.lock"
        self.lock = open(self.path, "a")  # noqa: SIM115 (held for the process's life)
        fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.database = None
        self.keep_connected()

    def keep_connected(self) -> None:
        """(Re)open the named connection on PostgreSQL when it is not open (a restarted
        database server closed it); call it now and then, e.g. once per worker loop."""
        if connection.vendor != "postgresql":
            return
        if self.database is not None and self.database.is_usable():
            return
        if self.database is not None:
            with contextlib.suppress(DatabaseError):
                self.database.close()
        # A copy of the settings: the process's own connections keep their name.
        settings_dict = copy.deepcopy(connection.settings_dict)
        options = settings_dict.setdefault("OPTIONS", {})
        options["application_name"] = f"{APPLICATION_NAME}{self.worker_id}"[:63]
        database = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict)
        with contextlib.suppress(DatabaseError):  # the database may be down: next time
            database.ensure_connection()
            self.database = database

    def close(self) -> None:
        if self.database is not None:
            with contextlib.suppress(DatabaseError):
                self.database.close()
        with contextlib.suppress(OSError):
            self.path.unlink()
        self.lock.close()


def alive_workers() -> set[str]:
    """The ids of the workers alive now: those holding their lock file in TASK_WORKER_DIR on
    this machine, and on PostgreSQL those with their named connection open, from any
    machine. Lock files left by a worker that ended are removed on the way."""
    alive = set()
    directory = Path(settings.TASK_WORKER_DIR)
    for path in directory.glob("worker-*.lock") if directory.is_dir() else ():
        if _held(path):
            alive.add(path.stem.removeprefix("worker-"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT application_name FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name LIKE %s",
                [APPLICATION_NAME + "%"],
            )
            alive |= {name.removeprefix(APPLICATION_NAME) for (name,) in cursor.fetchall()}
    return alive


def _held(path: Path) -> bool:
    try:
        with open(path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            path.unlink()  # nobody holds it: the worker has ended
    except BlockingIOError:
        return True
    except OSError:  # gone meanwhile
        return False
    return False
