"""The lock order of a round's rows, the same for every write, so no two writes deadlock and a
close never waits behind an endless stream of saves.

**Invariant: a write that locks the round's row locks it before any respondent's row; a
respondent's own write locks only their own respondent's row, never the round's.** A
respondent's write therefore never waits while holding what a round's write waits for, and
no cycle of waits (a deadlock) can form between them.

- **Changes to the round or its list of people** (open, close answering, close, invite,
  revoke, reinstate, correct, remove, remind, a tussenstand's release, the consensus and
  the actions) take the round's row FOR NO KEY UPDATE first (`lock_round`), then the
  respondents' rows they change. Two of them take turns on the round.
- **Closing answering** (`round_answers_close`, also inside `round_close`) then takes every
  respondent's row of the round (`lock_people`), in id order, before it counts and changes
  the status. So **the status leaves "open" only in a transaction that holds every
  respondent's row of the round**. It waits for the saves and sends in flight, each of which
  holds its own respondent's row, and later saves of those people queue behind it (row
  locks of one strength are granted in turn, so new saves never starve the close, as they
  did behind a shared lock on the round's row).
- **A respondent's own writes** (autosave, a niveau page, their role, send and reopen) take
  only their own respondent's row, FOR NO KEY UPDATE, and then read the round's status in
  the next statement (`lock_respondent`). They never wait for the round's row, so they can
  never hold a respondent's row that a close waits for while waiting for the close; saves of
  different people never wait for each other. The status is read after the respondent's
  row is held, in a statement of its own: when a close held that row, it has committed by
  then and the save reads "answers closed" and is refused; when it did not, the close waits
  for the save before it counts. No answer is written after a close. (Reading the status in
  the locking statement itself would read it as it was before the wait.) The autosave on
  PostgreSQL reads the status in the statement that writes, its next one, and writes only
  while it reads "open" (questionnaire/answer_statements.py); once the process knows the
  round, the same two steps run as two statements of one database function, called once
  (questionnaire/autosave_call.py): each statement of a function takes its own snapshot.

Deleting a concept round also takes its row FOR NO KEY UPDATE first; the delete itself takes
the respondents' rows before the round's (Django deletes what refers to a row first).
SQLite has no row locks: a transaction takes the database's write lock when it starts
(settings.py), which puts all of this in one order anyway. A deadlock or serialization
failure that still happens (an operator's own SQL, another table) is retried once by the
services and otherwise answered with a "try again" page, never a 500
(common/lock_conflicts.py).
"""

import json
from dataclasses import dataclass, replace

from django.apps import apps
from django.db import connection

from ..common.prepared import prepared_cursor


def lock_round(round_id: int, *, related=()):
    """Lock the round's row for a change to the round or its people (call inside
    transaction.atomic, before touching any respondent) and return it as stored, with the
    `related` objects joined but not locked. Raises Round.DoesNotExist for a round deleted
    meanwhile."""
    rounds = apps.get_model("assessments", "Round").objects.select_related(*related)
    return rounds.select_for_update(no_key=True, of=("self",)).get(pk=round_id)


def lock_people(round_id: int) -> None:
    """Lock every respondent's row of the round (after lock_round): returns once the saves
    and sends in flight are done, and holds off the next ones until the transaction ends."""
    people = apps.get_model("assessments", "Respondent").objects.filter(round_id=round_id)
    list(people.order_by("pk").select_for_update(no_key=True).values_list("pk"))


@dataclass(frozen=True)
class LockedRespondent:
    """A respondent's row as held by lock_respondent, with their round's status as read
    after the lock was granted (None: not read yet, see lock_respondent's `read_round`)."""

    respondent_id: int
    round_id: int
    save_page: str
    save_seq: int
    submitted_at: object  # a datetime, None while not sent
    round_status: str | None
    bouwsteen_ids: frozenset[int]  # those the round asks of its frozen model (its snapshot)
    niveau_codes: frozenset[str]
    opened_at: object = None  # the round's, which the ids and codes hold for


def lock_respondent(
    *, respondent_id: int | None = None, token: str | None = None, read_round: bool = True
):
    """Lock the active respondent's row (by id or by token) for their own write (call inside
    transaction.atomic) and return it with their round's status as it is now, the ids of
    its model's bouwstenen the round asks (Round.asked_bouwstenen, fixed once it opened)
    and the codes of its niveaus (from its snapshot); None for an
    unknown or revoked respondent. Two queries. The snapshot (some 18 kB) is neither sent
    nor parsed on a save: the database picks the ids and codes out, and only the first
    time this process sees the round open (_model_keys). Without `read_round`, when this
    process knows the round's ids and codes, one query: the status is left unread (None)
    for the caller's next statement to read, as the one that writes (then it must check
    opened_at too, and forget_round when it differs)."""
    respondent = apps.get_model("assessments", "Respondent")._meta.db_table
    lock = " FOR NO KEY UPDATE" if connection.vendor == "postgresql" else ""
    with prepared_cursor() as cursor:
        cursor.execute(
            f"SELECT id, round_id, save_page, save_seq, submitted_at FROM {respondent} "  # noqa: S608
            f"WHERE {'id' if token is None else 'token'} = %s AND revoked_at IS NULL{lock}",
            [respondent_id if token is None else token],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    cached = _model_keys.get(row[1])
    if not read_round and cached is not None:
        opened_at, ids, codes = cached
        return LockedRespondent(*row, None, ids, codes, opened_at)
    return read_round_state(LockedRespondent(*row, None, frozenset(), frozenset()))


def read_round_state(locked: LockedRespondent) -> LockedRespondent:
    """`locked` with its round's status, ids and codes read now (one query)."""
    round = apps.get_model("assessments", "Round")._meta.db_table
    cached = _model_keys.get(locked.round_id)
    known_since = cached[0] if cached is not None else None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT status, opened_at, CASE WHEN opened_at = %s THEN NULL "  # noqa: S608
            f"ELSE {_SNAPSHOT_KEYS[connection.vendor]} END FROM {round} WHERE id = %s",
            [known_since, locked.round_id],
        )
        status, opened_at, found = cursor.fetchone()
    if found is None:  # opened_at is the one the cached ids and codes were read with
        ids, codes = cached[1:]
    else:
        ids, codes = _model_keys_of(locked.round_id, status, opened_at, found)
    return replace(
        locked, round_status=status, bouwsteen_ids=ids, niveau_codes=codes, opened_at=opened_at
    )


# The ids and codes of an open round's snapshot, by round id, with the round's opened_at:
# a round's snapshot is taken when it opens and never changes after that (answering never
# opens again), so they hold for as long as opened_at is the one they were read with.
_model_keys: dict[int, tuple] = {}
_MODEL_KEYS_KEPT = 4096  # rounds; then the cache starts again


def known_round_keys(round_id: int) -> tuple | None:
    """(opened_at, bouwsteen ids, niveau codes) of an open round as this process read them,
    None when it has not (or no longer)."""
    return _model_keys.get(round_id)


def forget_round(round_id: int) -> None:
    """The round's opened_at differs from the one its ids and codes were read with."""
    _model_keys.pop(round_id, None)


def _model_keys_of(round_id, status, opened_at, found) -> tuple[frozenset, frozenset]:
    ids, numbers, codes, asked = (_json_list(keys) for keys in _json_list(found))
    asked = set(asked)
    ids = frozenset(
        key for key, number in zip(ids, numbers, strict=True) if not asked or number in asked
    )
    codes = frozenset(codes)
    if opened_at is not None and status == "open":
        if len(_model_keys) >= _MODEL_KEYS_KEPT:
            _model_keys.clear()
        _model_keys[round_id] = (opened_at, ids, codes)
    return ids, codes


# The bouwsteen ids and numbers and the niveau codes in a round's snapshot, and the numbers
# the round asks, as one JSON list of four lists (the first three empty for a concept round's
# empty snapshot; the last empty when every bouwsteen is asked).
_SNAPSHOT_KEYS = {
    "postgresql": (
        "jsonb_build_array(jsonb_path_query_array(snapshot, '$.bouwstenen[*].id'), "
        "jsonb_path_query_array(snapshot, '$.bouwstenen[*].number'), "
        "jsonb_path_query_array(snapshot, '$.niveaus[*].code'), asked_bouwstenen)"
    ),
    "sqlite": (
        "json_array((SELECT json_group_array(json_extract(value, '$.id')) "
        "FROM json_each(snapshot, '$.bouwstenen')), "
        "(SELECT json_group_array(json_extract(value, '$.number')) "
        "FROM json_each(snapshot, '$.bouwstenen')), "
        "(SELECT json_group_array(json_extract(value, '$.code')) "
        "FROM json_each(snapshot, '$.niveaus')), json(asked_bouwstenen))"
    ),
}


def _json_list(value) -> list:
    """A JSON list as the driver returns it: decoded (psycopg) or as text (SQLite)."""
    return json.loads(value) if isinstance(value, str) else list(value or ())
