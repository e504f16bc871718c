"""The open-loop load generator the load scripts share: gunicorn on a loopback port, simulated
users who send one request at a time, and the table of rates, latencies and CPU time. No
Django: the script that uses it seeds the data and says what one request is."""

import http.client
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 15
# Development switches a process started as production must not inherit.
DEVELOPMENT_ONLY = ("DJANGO_DEVELOPMENT", "DEBUG")


def installation_env(render_slot_dir: str | None, **production: str) -> dict:
    """The environment for the gunicorn and worker processes a load script starts: this
    installation's own (whatever its operator set: RENDER_SLOTS, CONN_MAX_AGE, …), its render
    slot folder as its settings resolved it (`render_slot_dir`; None: as inherited, for a
    script that sets Django up afterwards and then names it), and the production settings
    of the README's recipe on top (`production`), without the development switches. Not built
    from scratch: workers started from a bare environment took the machine-wide slot folder
    and shared one slot with every other installation on the machine (issue 31)."""
    env = {name: value for name, value in os.environ.items() if name not in DEVELOPMENT_ONLY}
    if render_slot_dir is not None:
        env["RENDER_SLOT_DIR"] = render_slot_dir
    env.update(production)
    return env


@dataclass
class Person:
    """One simulated respondent: their link, cookie and what the server acknowledged."""

    token: str
    csrf: str = ""
    page: str = field(default_factory=lambda: secrets.token_hex(8))
    seq: int = 0
    busy: bool = False
    versions: dict[int, int] = field(default_factory=dict)  # bouwsteen id -> version
    acknowledged: dict[int, tuple] = field(default_factory=dict)  # bouwsteen -> (cur, text)


@dataclass
class Step:
    rate: int
    latencies: list[float] = field(default_factory=list)  # of the saves acknowledged
    errors: int = 0  # answered other than 200 or 409, or not answered (timeout, connection)
    conflicts: int = 0  # 409: the server refused a stale save, as it should
    unsent: int = 0  # due while every simulated person still waited: the generator's limit
    sent: int = 0
    cpu_seconds: float = 0.0
    db_cpu_seconds: float | None = None  # PostgreSQL's backends (DatabaseCpu); None: not seen
    wall_seconds: float = 0.0
    load: float = 0.0  # the machine's 1-minute load average when the step ended

    @property
    def served(self) -> int:
        return len(self.latencies) + self.errors + self.conflicts

    @property
    def cpu_ms(self) -> float:
        """The app's CPU time per request answered (gunicorn, not PostgreSQL)."""
        return 1000 * self.cpu_seconds / self.served if self.served else 0.0

    @property
    def db_cpu_ms(self) -> float:
        """PostgreSQL's CPU time per request answered (its backends for this database)."""
        return 1000 * (self.db_cpu_seconds or 0.0) / self.served if self.served else 0.0

    def row(self, name: str, floor: "Step | None") -> str:
        achieved = len(self.latencies) / self.wall_seconds if self.wall_seconds else 0
        p50, p95, p99 = percentiles(self.latencies)
        db = f"{self.db_cpu_ms:.2f}" if self.db_cpu_seconds is not None else "-"
        # without a floor step (--mix-only) there is nothing to compare with
        ratio = app_ratio = "-"
        if floor is not None and floor.cpu_ms:
            floor_total = floor.cpu_ms + floor.db_cpu_ms
            ratio = f"{(self.cpu_ms + self.db_cpu_ms) / floor_total:.2f}"
            app_ratio = f"{self.cpu_ms / floor.cpu_ms:.2f}"
        return (
            f"{name:<9}{self.rate:>7}{achieved:>10.1f}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}"
            f"{self.errors:>8}{self.conflicts:>11}{self.unsent:>8}{self.cpu_ms:>8.2f}{db:>8}"
            f"{ratio:>8}{app_ratio:>8}{self.load:>6.1f}"
        )


# cpu ms/req: app = gunicorn's master and workers, db = PostgreSQL's backends of the database;
# vs floor: app + db against the bare view's app + db (all = the CPU of a request, db included)
HEADER = (
    f"{'':<9}{'target':>7}{'achieved':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    f"{'errors':>8}{'conflicts':>11}{'unsent':>8}{'app ms':>8}{'db ms':>8}"
    f"{'all/fl':>8}{'app/fl':>8}{'load':>6}"
)


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return (values[0], values[0], values[0]) if values else (0.0, 0.0, 0.0)
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


class Server:
    """gunicorn on a free loopback port as the README's production setup runs it: its config
    file (JSON access log, here into `log`), two workers, in a session of its own (as a service
    manager starts it), with the environment `env`. Every request carries `headers`, what the
    TLS proxy in front adds."""

    def __init__(self, floor: bool, env: dict, headers: dict, log: Path):
        ready_path = "/floor/" if floor else "/"
        self.port = 18000 + random.randrange(1000)
        self.headers = headers
        app = "scripts.floor_wsgi:application" if floor else "borgingshuis.wsgi:application"
        command = [str(ROOT / ".venv/bin/gunicorn"), "-c", "borgingshuis/gunicorn_conf.py", app]
        command += ["-b", f"127.0.0.1:{self.port}"]
        self.log = log
        with log.open("w") as output:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=output, stderr=output, start_new_session=True
            )
        for _attempt in range(100):
            try:
                self.get(ready_path, headers={})
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        sys.exit(f"gunicorn did not start:\n{log.read_text()}")

    def get(self, path: str, headers: dict) -> http.client.HTTPResponse:
        return self.send("GET", path, None, headers)[0]

    def send(
        self, method: str, path: str, body: str | None, headers: dict
    ) -> tuple[http.client.HTTPResponse, bytes]:
        """One request on a new connection, with the proxy's headers; the answer and its body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S)
        conn.request(method, path, body, headers={**self.headers, **headers})
        response = conn.getresponse()
        payload = response.read()
        conn.close()
        return response, payload

    def cpu_seconds(self) -> float:
        """User and system CPU time of gunicorn's master and workers so far."""
        return sum(cpu_seconds(pid) for pid in [self.process.pid, *children(self.process.pid)])

    def server_errors(self) -> int:
        """Requests gunicorn logged with a 5xx status, and errors it logged."""
        count = 0
        for line in self.log.read_text().splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                count += 1  # not a log line of ours: a traceback
                continue
            count += str(entry.get("status", "")).startswith("5") or entry.get("level") in (
                "ERROR",
                "CRITICAL",
            )
        return count

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process so far; 0 when it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    try:
        return [int(item) for item in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:  # it has ended
        return []


class DatabaseCpu:
    """CPU time of the local PostgreSQL's backends serving one database, read from /proc like
    gunicorn's (a backend's title is "postgres: [cluster:] user database host(port) state").
    Sampled while a step runs, so a connection that ends during the step keeps what it used
    up to the last sample, and one that starts counts from nothing (its start-up included).
    Other databases of the same server (other installations, tests) are not counted; the
    WAL writer's and checkpointer's share of the writes is not either."""

    EVERY_S = 0.2

    def __init__(self, database: str):
        self.database = database
        self.postmaster = _postmaster()

    @property
    def found(self) -> bool:
        return self.postmaster is not None

    def backends(self) -> dict[int, float]:
        cpu = {}
        for pid in children(self.postmaster) if self.postmaster else []:
            try:
                title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").split()
            except OSError:  # it has ended
                continue
            if self.database.encode() in title[2:4]:
                cpu[pid] = cpu_seconds(pid)
        return cpu

    def measure(self, stop: threading.Event, result: list) -> None:
        """Sample until `stop` is set; then put the CPU seconds used meanwhile in `result`."""
        first = self.backends()
        last = dict(first)
        while True:
            stopping = stop.wait(self.EVERY_S)
            for pid, cpu in self.backends().items():
                first.setdefault(pid, 0.0)
                last[pid] = cpu
            if stopping:
                break
        result.append(sum(last[pid] - first[pid] for pid in last))


def _postmaster() -> int | None:
    """The local PostgreSQL server's main process: a "postgres" whose parent is not one."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            comm = (entry / "comm").read_text().strip()
            parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
            parent_comm = Path(f"/proc/{parent}/comm").read_text().strip() if parent != "0" else ""
        except OSError:
            continue
        if comm == "postgres" and parent_comm != "postgres":
            return int(entry.name)
    return None


class Load:
    """The open-loop generator for one server; with `database`, PostgreSQL's CPU time too."""

    def __init__(self, server: Server, people: list[Person], send, database: DatabaseCpu = None):
        self.server, self.people, self.send = server, people, send
        self.database = database
        self.lock = threading.Lock()
        self.next_person = 0

    def free_person(self) -> Person | None:
        with self.lock:
            for _ in range(len(self.people)):
                person = self.people[self.next_person]
                self.next_person = (self.next_person + 1) % len(self.people)
                if not person.busy:
                    person.busy = True
                    return person
        return None

    def run(self, step: Step, seconds: float) -> None:
        interval = 1 / step.rate
        start = time.perf_counter()
        cpu_before = self.server.cpu_seconds()
        stop, db_cpu, sampler = threading.Event(), [], None
        if self.database is not None and self.database.found:
            sampler = threading.Thread(target=self.database.measure, args=(stop, db_cpu))
            sampler.start()
        with ThreadPoolExecutor(max_workers=64) as pool:
            number = 0
            while (due := start + number * interval) < start + seconds:
                time.sleep(max(0.0, due - time.perf_counter()))
                person = self.free_person()
                if person is None:
                    step.unsent += 1  # every simulated person is still waiting: overload
                else:
                    step.sent += 1
                    pool.submit(self._one, step, person, due)
                number += 1
        step.wall_seconds = time.perf_counter() - start
        step.cpu_seconds = self.server.cpu_seconds() - cpu_before
        if sampler is not None:
            stop.set()
            sampler.join()
            step.db_cpu_seconds = db_cpu[0]
        step.load = os.getloadavg()[0]

    def _one(self, step: Step, person: Person, due: float) -> None:
        try:
            outcome = self.send(self.server, person)
        except (OSError, http.client.HTTPException):
            outcome = "error"
        finally:
            person.busy = False
        latency_ms = 1000 * (time.perf_counter() - due)
        with self.lock:
            if outcome == "ok":
                step.latencies.append(latency_ms)
            elif outcome == "conflict":
                step.conflicts += 1
            else:
                step.errors += 1
