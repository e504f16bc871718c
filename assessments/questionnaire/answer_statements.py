"""The SQL that stores a respondent's answers (services.py decides what to store).

`upsert`: one INSERT … ON CONFLICT DO UPDATE … WHERE, on any database. `save_after_lock`,
PostgreSQL only: the same upsert with the round's status read and the respondent's mark
written in one statement, run after the respondent's row is locked (rounds/locking.py): an
autosave then takes two statements instead of four."""

from django.db import connection
from django.utils import timezone

from ..common.prepared import prepared_cursor
from ..rounds.models import Respondent, Round
from .models import Answer

ANSWER = Answer._meta.db_table
# The types of the VALUES' columns, which PostgreSQL cannot infer inside a SELECT.
_TYPES = ("bigint", "bigint", "smallint", "smallint", "text", "integer", "timestamptz")
_COLUMNS = (
    "respondent_id, bouwsteen_id, current_level, desired_level, toelichting, version, updated_at"
)


def _upsert_parts(respondent_id, answers, own_mark_holds, typed: bool):
    """(VALUES rows, their parameters, the DO UPDATE's condition, its parameters). Stores each
    answer whose stored version is the one it was based on (or that the page's own save in
    flight just wrote), raising the version by one."""
    now = timezone.now()
    row = "(" + ", ".join(f"%s::{name}" if typed else "%s" for name in _TYPES) + ")"
    params, free, own = [], [], []
    for item in answers:
        base = item.version
        if base is None:
            free.append(item.bouwsteen_id)
            base = 0
        elif item.after_own_save and own_mark_holds:
            own.append(item.bouwsteen_id)
        params += [
            respondent_id,
            item.bouwsteen_id,
            item.current_level,
            item.desired_level,
            item.toelichting,
            base + 1,
            now,
        ]
    condition, condition_params = f"{ANSWER}.version = EXCLUDED.version - 1", []
    if free:
        condition += f" OR {ANSWER}.bouwsteen_id IN ({', '.join(['%s'] * len(free))})"
        condition_params += free
    if own:
        condition += (
            f" OR ({ANSWER}.version = EXCLUDED.version"
            f" AND {ANSWER}.bouwsteen_id IN ({', '.join(['%s'] * len(own))}))"
        )
        condition_params += own
    return ", ".join([row] * len(answers)), params, condition, condition_params


_ON_CONFLICT = (
    "ON CONFLICT (respondent_id, bouwsteen_id) DO UPDATE SET "
    "current_level = EXCLUDED.current_level, desired_level = EXCLUDED.desired_level, "
    f"toelichting = EXCLUDED.toelichting, version = {ANSWER}.version + 1, "
    "updated_at = EXCLUDED.updated_at WHERE {condition} RETURNING bouwsteen_id, version"
)


def upsert(respondent_id: int, answers: list, own_mark_holds: bool) -> dict[int, int]:
    """Store the answers that may be stored; {bouwsteen id: new version} of those written."""
    rows, params, condition, condition_params = _upsert_parts(
        respondent_id, answers, own_mark_holds, typed=False
    )
    sql = (
        f"INSERT INTO {ANSWER} ({_COLUMNS}) VALUES {rows} "  # noqa: S608
        + _ON_CONFLICT.format(condition=condition)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params + condition_params)
        return dict(cursor.fetchall())


def save_after_lock(
    *, locked, answers: list, own_mark_holds: bool, mark, last_step: str
) -> tuple[str | None, object, dict[int, int]]:
    """PostgreSQL: in one statement, read the round's status and opened_at (after the lock,
    as rounds/locking.py asks) and, only when the round is open and opened_at is
    `locked.opened_at` (the one its ids and codes were read with), upsert the answers and
    write the respondent's mark and step: the mark of `mark` when every answer was stored,
    none otherwise (as services._write). Returns (status, opened_at, {bouwsteen id: new
    version}); status None when the round is gone."""
    if answers:
        rows, params, condition, condition_params = _upsert_parts(
            locked.respondent_id, answers, own_mark_holds, typed=True
        )
        written = (
            f"INSERT INTO {ANSWER} ({_COLUMNS}) SELECT * FROM (VALUES {rows}) AS given "  # noqa: S608
            "WHERE EXISTS (SELECT FROM allowed) " + _ON_CONFLICT.format(condition=condition)
        )
    else:
        params, condition_params = [], []
        written = "SELECT NULL::bigint AS bouwsteen_id, NULL::integer AS version WHERE false"
    page, seq = (mark.page, mark.seq) if mark is not None else ("", 0)
    all_stored = f"(SELECT count(*) FROM written) = {len(answers)}"
    sql = (
        f"WITH round AS (SELECT status, opened_at FROM {Round._meta.db_table} WHERE id = %s), "  # noqa: S608
        "allowed AS (SELECT FROM round WHERE status = %s AND opened_at = %s), "
        f"written AS ({written}), "
        f"marked AS (UPDATE {Respondent._meta.db_table} SET "
        f"save_page = CASE WHEN {all_stored} THEN %s ELSE '' END, "
        f"save_seq = CASE WHEN {all_stored} THEN %s ELSE 0 END, last_step = %s "
        "WHERE id = %s AND EXISTS (SELECT FROM allowed)) "
        "SELECT round.status, round.opened_at, written.bouwsteen_id, written.version "
        "FROM round LEFT JOIN written ON true"
    )
    with prepared_cursor() as cursor:
        cursor.execute(
            sql,
            [locked.round_id, Round.Status.OPEN, locked.opened_at]
            + params
            + condition_params
            + [page, seq, last_step, locked.respondent_id],
        )
        rows = cursor.fetchall()
    if not rows:
        return None, None, {}
    status, opened_at = rows[0][:2]
    return status, opened_at, {bouwsteen: version for *_, bouwsteen, version in rows if bouwsteen}
