"""One autosave, measured in-process: CPU time per request of the app and of PostgreSQL, the
queries it sends, and (--profile) where the app's time goes. Beside it the bare view
(scripts/floor_wsgi.py) the same way, so the figures read as a ratio that a busy machine
hardly changes (CPU time, not wall time).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/borgingshuis_load \\
        .venv/bin/python scripts/profile_autosave.py [--requests 2000] [--profile]

Production settings (no DJANGO_DEVELOPMENT, a throwaway SECRET_KEY), the WSGI application
called as gunicorn calls it (the whole middleware, the request_started/finished signals), with
what the TLS proxy adds. Seeds what scripts/load_autosave.py seeds and removes it afterwards.
PostgreSQL's CPU time is that of this process's own backend (/proc, so the server must run on
this machine)."""

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "borging.example.nl"
os.environ.pop("DJANGO_DEVELOPMENT", None)
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", HOST)
os.environ.setdefault("LOG_LEVEL", "ERROR")
# one backend for the whole run, so its CPU time is all of PostgreSQL's (60 s would replace it)
os.environ.setdefault("CONN_MAX_AGE", "3600")
sys.path.insert(0, str(ROOT / "scripts"))

import load_autosave  # noqa: E402  (sets Django up)
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import set_urlconf  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402
from loadgen import cpu_seconds  # noqa: E402


def environ(method: str, path: str, body: bytes = b"", headers: dict | None = None) -> dict:
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": HOST,
        "HTTP_X_FORWARDED_PROTO": "https",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "CONTENT_LENGTH": str(len(body)),
    }
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        env[key if key in ("CONTENT_TYPE",) else f"HTTP_{key}"] = value
    return env


def call(app, env: dict) -> tuple[str, bytes]:
    status = []
    body = b"".join(app(env, lambda s, h, *_: status.append(s)))
    return status[0], body


class Autosaves:
    """Each call is the next respondent's save of one changed answer, as the load test's."""

    def __init__(self, tokens, bouwstenen, niveau, csrf):
        self.tokens, self.bouwstenen, self.niveau, self.csrf = tokens, bouwstenen, niveau, csrf
        self.number, self.versions = 0, {}
        self.pages = {token: secrets.token_hex(8) for token in tokens}

    def __call__(self) -> dict:
        token = self.tokens[self.number % len(self.tokens)]
        bouwsteen = self.bouwstenen[self.number % len(self.bouwstenen)]
        self.number += 1
        body = {
            "niveau": self.niveau,
            "page": self.pages[token],
            "seq": self.number,
            "answers": [
                {
                    "bouwsteen": bouwsteen,
                    "version": self.versions.get((token, bouwsteen), 0),
                    "current": self.number % 6,
                    "desired": None,
                    "toelichting": f"toelichting {self.number}",
                }
            ],
        }
        self.last = (token, bouwsteen)
        return environ(
            "POST",
            f"/vragenlijst/{token}/autosave/",
            json.dumps(body).encode(),
            {
                "Content-Type": "application/json",
                "X-CSRFToken": self.csrf,
                "Cookie": f"csrftoken={self.csrf}",
                "Referer": f"https://{HOST}/vragenlijst/{token}/",
            },
        )

    def acknowledged(self, body: bytes) -> None:
        self.versions[self.last] = json.loads(body)["saved"][str(self.last[1])]


def measure(app, make, count: int, check, profile: cProfile.Profile | None = None, db=True):
    """(app CPU ms, PostgreSQL CPU ms) per request over `count` requests."""
    backend = None
    if db and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
    db_before = cpu_seconds(backend) if backend else 0.0
    app_cpu = 0.0
    for _ in range(count):
        env = make()
        started = time.process_time()
        if profile:
            profile.enable()
        status, body = call(app, env)
        if profile:
            profile.disable()
        app_cpu += time.process_time() - started
        check(status, body)
    db = (cpu_seconds(backend) - db_before) if backend else 0.0
    return 1000 * app_cpu / count, 1000 * db / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--profile", action="store_true", help="cProfile the autosaves")
    arguments = parser.parse_args()
    count = min(max(arguments.requests, 100), 20000)
    load_autosave.require_postgresql()
    _round, tokens, bouwstenen, niveau, _mix = load_autosave.seed(mix=False)
    app = WSGIHandler()
    try:
        csrf = get_random_string(32)  # as the cookie a page sets (the page needs static files)
        saves = Autosaves(tokens, bouwstenen, niveau, csrf)

        def saved(status, body):
            if not status.startswith("200"):
                raise SystemExit(f"autosave answered {status}: {body[:300]!r}")
            saves.acknowledged(body)

        measure(app, saves, 200, saved)  # warm up
        queries = []  # request_started empties connection.queries: a wrapper sees them all
        with connection.execute_wrapper(
            lambda run, sql, *args: queries.append(sql) or run(sql, *args)
        ):
            saved(*call(app, saves()))
        profile = cProfile.Profile(time.process_time) if arguments.profile else None
        autosave = measure(app, saves, count, saved, profile)
    finally:
        load_autosave.cleanup()

    import floor_wsgi  # noqa: PLC0415  (makes its URLs the root's)

    set_urlconf(None)

    def ok(status, body):
        if not status.startswith("200"):
            raise SystemExit(f"floor answered {status}")

    floor_app = floor_wsgi.application
    measure(floor_app, lambda: environ("GET", "/floor/"), 200, ok)
    floor = measure(floor_app, lambda: environ("GET", "/floor/"), count, ok, db=False)

    if profile:
        stats = pstats.Stats(profile, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
    print(f"queries per autosave: {len(queries)}")
    for query in queries:
        print(f"  {' '.join(query.split())[:200]}")
    print(f"{'':<10}{'app ms':>8}{'db ms':>8}{'all':>8}")
    for name, (app_ms, db_ms) in (("floor", floor), ("autosave", autosave)):
        print(f"{name:<10}{app_ms:>8.3f}{db_ms:>8.3f}{app_ms + db_ms:>8.3f}")
    ratio = sum(autosave) / sum(floor)
    print(f"autosave / floor: all {ratio:.2f}, app {autosave[0] / floor[0]:.2f}")
    print(f"requests each: {count}; load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
