"""Logs are JSON lines on stdout, and no link that opens someone's answers or account is
written to them: the tokens in the paths (also URL-encoded, in a ?next=) are masked, in
Django's logs and in gunicorn's access log."""

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
