"""A real task worker in a subprocess for the tests: the project's own db_worker command
against the test's database (on SQLite a file copy of it, copied back when the worker has
stopped), with its render slots and its liveness lock in the test's folders. Two things
differ from production, both outside what the tests test: it keeps its CPU priority (at
SCHED_IDLE it would barely run while the rest of the suite keeps both cores busy), and its
"PDF" is a loop of TEST_RENDER_SECONDS, so the moment of a signal is known."""

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
RUNNER = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borgingshuis.settings")
import django
django.setup()
from assessments.common import stored_pdf
from borgingshuis.worker.management.commands import db_worker

db_worker.lower_priority = lambda: ["left as it was (test)"]
db_worker.lower_priority_for_users = lambda nice: [f"left as it was (test, not nice {nice})"]

def render_pdf(html):
    print("test: rendering", flush=True)
    end = time.monotonic() + float(os.environ["TEST_RENDER_SECONDS"])
    while time.monotonic() < end:
        time.sleep(0.02)
    return b"%PDF-1.7 test"

stored_pdf.render_pdf = render_pdf
from django.core.management import call_command
call_command("db_worker", "--no-startup-delay", "--interval", "0.1", "--no-reload", *sys.argv[1:])
"""


class WorkerProcess:
    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            assert self.process.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, f"no {text!r} in:\n" + "".join(self.lines)
            time.sleep(0.05)

    def wait_for_count(self, text: str, count: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while sum(text in line for line in self.lines) < count:
            assert self.process.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, f"not {count}x {text!r} in:\n" + "".join(self.lines)
            time.sleep(0.05)

    def stop(self, timeout: float) -> tuple[int, float]:
        """SIGTERM; returns the exit code and the seconds the worker took to exit."""
        sent = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        return code, time.monotonic() - sent


def database_url(tmp_path: Path) -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return f"sqlite:///{tmp_path / 'worker.sqlite3'}"


@contextlib.contextmanager
def worker(tmp_path, *, render_seconds: float, grace: float, args: tuple[str, ...] = ()):
    """A db_worker subprocess on the test's database with one render slot in tmp_path, and
    the command's `args` (e.g. "--queue-name", "pdf-user")."""
    url = database_url(tmp_path)
    copy = connection.vendor == "sqlite"
    if copy:  # the test database lives in this process's memory: the worker gets a copy
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(tmp_path / "worker.sqlite3")) as file:
            connection.connection.backup(file)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "RENDER_SLOT_DIR": str(tmp_path / "slots"),
        "RENDER_SLOTS": "1",
        "LOG_LEVEL": "INFO",
        "TASK_WORKER_STOP_GRACE": str(grace),
        "TEST_RENDER_SECONDS": str(render_seconds),
        "TASK_WORKER_DIR": settings.TASK_WORKER_DIR,
    }
    process = subprocess.Popen(
        [sys.executable, "-c", RUNNER, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield WorkerProcess(process)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        process.stdout.close()
        if copy:  # what the worker wrote, back into the test's database
            with contextlib.closing(sqlite3.connect(tmp_path / "worker.sqlite3")) as file:
                file.backup(connection.connection)
