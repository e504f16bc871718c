"""Django's PostgreSQL backend with a health check that costs no round trip while nothing
has happened to the connection.

Django checks a reused connection (CONN_HEALTH_CHECKS) with `SELECT 1` before the first
query of every request: a round trip that, for a short request such as the autosave, cost
as much CPU as one of its own statements. An idle connection receives nothing unless the
server ends it (a restart, an administrator, an idle timeout): then the server sends its
error and closes, and the socket turns readable. So a connection whose socket has nothing to
read and that libpq holds healthy and idle is usable as it is; anything else goes through
Django's `SELECT 1`, which also reads and discards whatever arrived. A peer that vanished
without a word (a cut network) is missed by both checks alike: the first query then fails
as it would have after a `SELECT 1` that passed a moment before."""

import select

from django.db.backends.postgresql import base
from psycopg.pq import ConnStatus, TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        raw = self.connection
        if raw is None or raw.closed or raw.broken or raw.pgconn.status != ConnStatus.OK:
            return False
        if raw.pgconn.transaction_status == TransactionStatus.IDLE and _nothing_to_read(raw):
            return True
        return super().is_usable()


def _nothing_to_read(raw) -> bool:
    """Nothing has arrived on the connection's socket, nor has it been closed or failed
    (poll reports those whatever is asked)."""
    poller = select.poll()
    poller.register(raw.fileno(), select.POLLIN | select.POLLPRI)
    return not poller.poll(0)
