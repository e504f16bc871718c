"""The health check of a reused database connection (borgingshuis/postgresql): no round trip
while nothing has arrived on the connection, Django's `SELECT 1` otherwise, and a connection
the server ended is replaced before the request's first query."""

import socket

import pytest
from django.db import connection, connections

from borgingshuis.postgresql.base import _nothing_to_read


class Peer:
    """A socket pair: the app's end, with its fileno() as a database connection has."""

    def __init__(self):
        self.app, self.server = socket.socketpair()

    def fileno(self):
        return self.app.fileno()

    def close(self):
        self.app.close()
        self.server.close()


def test_a_quiet_connection_has_nothing_to_read_and_a_closed_or_talking_one_has():
    quiet, talking, ended = Peer(), Peer(), Peer()
    talking.server.send(b"E")
    ended.server.close()

    try:
        assert _nothing_to_read(quiet)
        assert not _nothing_to_read(talking)
        assert not _nothing_to_read(ended)
    finally:
        for peer in (quiet, talking, ended):
            peer.close()


@pytest.mark.django_db
def test_a_connection_the_server_ended_is_found_unusable_and_replaced():
    if connection.vendor == "sqlite":  # nothing to end: Django's own backend, unchanged
        assert type(connections["default"]).__module__ == "django.db.backends.sqlite3.base"
        return
    other = connections.create_connection("default")  # outside the test's transaction
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        assert other.is_usable()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])

        assert not other.is_usable()
        other.health_check_done = False
        other.close_if_health_check_failed()
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone()[0] != pid
    finally:
        other.close()


@pytest.mark.django_db
def test_a_quiet_idle_connection_is_usable_without_a_query(monkeypatch):
    if connection.vendor == "sqlite":
        assert type(connections["default"]).__module__ == "django.db.backends.sqlite3.base"
        return
    other = connections.create_connection("default")
    try:
        other.ensure_connection()
        sent = []
        monkeypatch.setattr(type(other.connection), "cursor", lambda *a, **k: sent.append(a))

        assert other.is_usable()
        assert sent == []
    finally:
        monkeypatch.undo()
        other.close()
