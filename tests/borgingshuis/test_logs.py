"""Logs are JSON lines on stdout, and no link that opens someone's answers or account is
written to them: the tokens in the paths (also URL-encoded, in a ?next=) are masked, in
Django's logs and in gunicorn's access log."""

import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from borgingshuis.logs import JsonFormatter, MaskTokensFilter, mask_tokens

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zk3_x-9QpLm2vB7nR4tY8wE1uI6oP0aS5dF3gH2jK9l"


@pytest.mark.parametrize(
    "text, masked",
    [
        (f"GET /vragenlijst/{TOKEN}/niveau/gesprek/", "GET /vragenlijst/***/niveau/gesprek/"),
        (f"/en/vragenlijst/{TOKEN}/autosave/", "/en/vragenlijst/***/autosave/"),
        (f"/collega-uitnodiging/{TOKEN}/", "/collega-uitnodiging/***/"),
        (f"/account/reset/MTI/{TOKEN}/", "/account/reset/***/***/"),
        (
            f"/account/login/?next=%2Fcollega-uitnodiging%2F{TOKEN}%2F",
            "/account/login/?next=%2Fcollega-uitnodiging%2F***%2F",
        ),
        ("/rondes/12/rapport/", "/rondes/12/rapport/"),
    ],
)
def test_tokens_are_masked(text, masked):
    assert mask_tokens(text) == masked


def test_a_django_log_record_comes_out_as_masked_json():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        (f"/vragenlijst/{TOKEN}/",),
        None,
    )
    record.status_code = 404
    assert MaskTokensFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Not Found: /vragenlijst/***/"
    assert line["level"] == "WARNING" and line["logger"] == "django.request"
    assert line["status"] == 404 and TOKEN not in json.dumps(line)


def test_the_settings_send_logs_through_the_filter_to_stdout():
    from django.conf import settings

    handler = settings.LOGGING["handlers"]["stdout"]
    assert handler["stream"] == "ext://sys.stdout"
    assert handler["filters"] == ["mask_tokens"] and handler["formatter"] == "json"
    for name in ["django", "django.server"]:
        assert settings.LOGGING["loggers"][name]["handlers"] == ["stdout"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_logs_requests_as_json_without_tokens(tmp_path):
    """A respondent link too long to be one gives 404 without a database query."""
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEVELOPMENT": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'leeg.sqlite3'}",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "borgingshuis/gunicorn_conf.py",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "borgingshuis.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    long_token = TOKEN * 2
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/vragenlijst/{long_token}/?x=1")
            except urllib.error.HTTPError as error:
                error.close()
                assert error.code == 404
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
    finally:
        server.send_signal(signal.SIGTERM)
        stdout, stderr = server.communicate(timeout=30)
    assert long_token not in stdout + stderr
    lines = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert access and access[-1]["path"] == "/vragenlijst/***/" and access[-1]["status"] == "404"
    assert any(line["message"] == "Not Found: /vragenlijst/***/" for line in lines)


@contextlib.contextmanager
def gunicorn_with_one_worker(tmp_path):
    """gunicorn as the README runs it (borgingshuis/gunicorn_conf.py), one worker, on a free
    loopback port; yields (port, master pid, output read after it stopped: a list)."""
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEVELOPMENT": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'leeg.sqlite3'}",
        "HOME": str(tmp_path),  # gunicorn's control socket, away from other runs
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "borgingshuis/gunicorn_conf.py"]
    command += ["-b", f"127.0.0.1:{port}", "-w", "1", "borgingshuis.wsgi"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = []
    try:
        deadline = time.monotonic() + 30
        while not worker_pids(server.pid):
            assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
            time.sleep(0.1)
        yield port, server.pid, output
    finally:
        server.send_signal(signal.SIGTERM)
        output.append(server.communicate(timeout=30)[0])


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def raw_request(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(data)
        return client.recv(200)


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        # gunicorn refuses the second Content-Length after reading the target, and logs the
        # request without a path: the access log used to raise there and end the worker
        (
            f"POST /vragenlijst/{TOKEN}/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
            "Content-Length: 1\r\n\r\nx".encode(),
            b"400",
        ),
        (b"NIET-HTTP\r\n\r\n", b"400"),  # a malformed request line
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Groot: " + b"a" * 9000 + b"\r\n\r\n", b"431"),
    ],
)
def test_a_request_gunicorn_refuses_itself_never_ends_the_worker(tmp_path, request_bytes, status):
    with gunicorn_with_one_worker(tmp_path) as (port, master, output):
        [worker] = worker_pids(master)
        answers = [raw_request(port, request_bytes) for _ in range(3)]
        time.sleep(0.5)  # a worker that died would be replaced by now
        assert worker_pids(master) == [worker]
    assert all(answer.startswith(b"HTTP/1.1 " + status) for answer in answers)
    lines = [json.loads(line) for line in output[0].splitlines() if line.strip()]
    assert not [line for line in lines if "exited with code" in line.get("message", "")]
    assert not [line for line in lines if line["level"] == "ERROR"]
    assert TOKEN not in output[0]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    if request_bytes.startswith(b"POST"):  # the one gunicorn logs: path from the raw target
        assert [line["path"] for line in access] == ["/vragenlijst/***/"] * 3
        assert {line["status"] for line in access} == {"400"}
