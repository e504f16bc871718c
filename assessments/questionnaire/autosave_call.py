"""The autosave in one round trip on PostgreSQL: the database function borgingshuis_autosave
(migration 0026) locks the respondent's row, reads the round's status in a statement of its
own once the lock is held (the order of rounds/locking.py), and stores the answers and the
page's mark as services._write does. No transaction to begin or commit from here: the call is
one statement, so PostgreSQL runs it as one transaction, or inside the caller's.

The answers and the niveau are checked beforehand against the ids and codes of the link's
round as this process read them (rounds/locking.py). For a link the process has not seen, a
first call that writes nothing names its round; for a round it has not read, the long way
(services._save_by_token) reads it. The function writes nothing and answers "unknown" when
the link, its round or the round's opening is not the one known here; the long way then
decides."""

import json

from django.db import connection

from ..common.prepared import prepared_cursor
from ..rounds.locking import forget_round, known_round_keys

UNKNOWN = "unknown"
SENT = "sent"
OVERTAKEN = "overtaken"
SAVED = "saved"

# Typed, so the call finds the function whatever types psycopg picks
_TYPES = (
    "text",
    "bigint",
    "timestamptz",
    "text",
    "integer",
    "integer",
    "text",
    "json",
    "bigint[]",
    "bigint[]",
)
_CALL = f"SELECT * FROM borgingshuis_autosave({', '.join(f'%s::{name}' for name in _TYPES)})"

# The round of each link saved through this process (a respondent's round never changes).
_round_of_token: dict[str, int] = {}
_TOKENS_KEPT = 65536  # then the memory starts again


def remember(token: str, round_id: int) -> None:
    if len(_round_of_token) >= _TOKENS_KEPT:
        _round_of_token.clear()
    _round_of_token[token] = round_id


def available() -> bool:
    return connection.vendor == "postgresql"


def call(*, token: str, answers: list, niveau: str, mark) -> tuple[str, dict[int, int]] | None:
    """(outcome, {bouwsteen id: new version}) with outcome SAVED, SENT, OVERTAKEN or the
    round's status when it is not open; None when this process does not know the link's
    round well enough to save this way (nothing was written)."""
    round_id = _round_of_token.get(token)
    if round_id is None:  # one call that writes nothing names the round
        _outcome, round_id, _saved = _call(token, None, None, "", [], mark=None)
        if round_id is None:  # an unknown or revoked link: the long way says so
            return None
        remember(token, round_id)
    keys = known_round_keys(round_id)
    if keys is None:
        return None
    opened_at, ids, codes = keys
    if niveau not in codes or any(item.bouwsteen_id not in ids for item in answers):
        return None  # the long way says what is wrong, or reads the round afresh
    outcome, _round, saved = _call(token, round_id, opened_at, niveau, answers, mark=mark)
    if outcome == UNKNOWN:
        forget_round(round_id)
        _round_of_token.pop(token, None)
        return None
    return outcome, saved


def _call(token, round_id, opened_at, niveau, answers, *, mark) -> tuple[str, int | None, dict]:
    """(outcome, the respondent's round, {bouwsteen id: new version})."""
    page, seq, after = (mark.page, mark.seq, mark.after) if mark is not None else (None, 0, None)
    # The answers as one JSON text and the ids as array literals: psycopg adapts strings
    # faster than lists.
    given = [
        {
            "b": item.bouwsteen_id,
            "c": item.current_level,
            "d": item.desired_level,
            "t": item.toelichting,
            "v": item.version,
        }
        for item in answers
    ]
    free = [item.bouwsteen_id for item in answers if item.version is None]
    own = [item.bouwsteen_id for item in answers if item.after_own_save]
    params = [
        token,
        round_id,
        opened_at,
        page,
        seq,
        after,
        f"niveau:{niveau}",
        json.dumps(given),
        _array(free),
        _array(own),
    ]
    with prepared_cursor() as cursor:
        cursor.execute(_CALL, params)
        rows = cursor.fetchall()
    saved = {bouwsteen: version for _outcome, _round, bouwsteen, version in rows if bouwsteen}
    return rows[0][0], rows[0][1], saved


def _array(ids: list[int]) -> str:
    return "{" + ",".join(str(int(value)) for value in ids) + "}"
