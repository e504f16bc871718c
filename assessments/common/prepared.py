"""Statements PostgreSQL plans once per connection instead of on every execution.

Django sends every statement with its parameters filled in, so PostgreSQL parses and plans
each one anew; for the autosave's few short statements that was a third of PostgreSQL's time
per save. `prepared_cursor` gives a Django cursor (wrapped, logged and counted as any) whose
statements are bound server-side and prepared on first use, per connection. Off with
DB_PREPARED_STATEMENTS=0 (settings.PREPARED_STATEMENTS), e.g. behind a pooler that hands
one session's statements to another connection (PgBouncer in transaction mode before 1.21);
on SQLite an ordinary cursor."""

from contextlib import contextmanager
from functools import cache

from django.conf import settings
from django.db import connection

# executions of one statement after which psycopg prepares it by itself: in effect never
_ONLY_WHEN_ASKED = 2**31


@contextmanager
def prepared_cursor():
    if connection.vendor != "postgresql" or not settings.PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            yield cursor
        return
    # as connection.cursor() does, with another cursor class
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:  # Django's default, under which psycopg prepares nothing
        raw.prepare_threshold = _ONLY_WHEN_ASKED  # Django's own cursors never prepare anyway
    with connection.wrap_database_errors:
        cursor = connection._prepare_cursor(_prepared_class()(raw))
    with cursor:
        yield cursor


@cache
def _prepared_class():
    from django.db.backends.postgresql.base import ServerBindingCursor  # noqa: PLC0415

    class PreparedCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparedCursor
