"""The autosave's write as one PostgreSQL function (questionnaire/autosave_call.py): a save
then takes one round trip instead of four. Nothing on SQLite, which keeps the statements."""

from django.db import migrations

AUTOSAVE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION borgingshuis_autosave(
    p_token text, p_round bigint, p_opened_at timestamptz,
    p_page text, p_seq integer, p_after integer, p_last_step text,
    p_answers json, p_free bigint[], p_own bigint[]
) RETURNS TABLE (outcome text, of_round bigint, saved_bouwsteen bigint, saved_version integer)
LANGUAGE plpgsql VOLATILE AS $function$
DECLARE
    person record;
    round_state record;
    own_mark_holds boolean;
BEGIN
    -- The respondent's row first, as every write of their own (rounds/locking.py).
    SELECT id, round_id, save_page, save_seq, submitted_at INTO person
      FROM assessments_respondent
     WHERE token = p_token AND revoked_at IS NULL
       FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'unknown'::text, NULL::bigint, NULL::bigint, NULL::integer;
        RETURN;
    END IF;
    IF person.round_id IS DISTINCT FROM p_round THEN  -- names the round, writes nothing
        RETURN QUERY SELECT 'unknown'::text, person.round_id, NULL::bigint, NULL::integer;
        RETURN;
    END IF;
    -- A statement of its own: its snapshot is taken once the lock is held, so it sees a
    -- close that held the row before.
    SELECT status, opened_at INTO round_state FROM assessments_round WHERE id = p_round;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'unknown'::text, p_round, NULL::bigint, NULL::integer;
        RETURN;
    END IF;
    IF round_state.status <> 'open' THEN
        RETURN QUERY SELECT round_state.status::text, p_round, NULL::bigint, NULL::integer;
        RETURN;
    END IF;
    IF round_state.opened_at IS DISTINCT FROM p_opened_at THEN
        RETURN QUERY SELECT 'unknown'::text, p_round, NULL::bigint, NULL::integer;
        RETURN;
    END IF;
    IF person.submitted_at IS NOT NULL THEN
        RETURN QUERY SELECT 'sent'::text, p_round, NULL::bigint, NULL::integer;
        RETURN;
    END IF;
    IF p_page IS NOT NULL AND p_page = person.save_page AND p_seq <= person.save_seq THEN
        RETURN QUERY SELECT 'overtaken'::text, p_round, NULL::bigint, NULL::integer;
        RETURN;
    END IF;
    -- p_answers: [{"b": bouwsteen id, "c": current, "d": desired, "t": toelichting,
    -- "v": the version it was based on}]; p_free: the bouwstenen saved whatever is stored;
    -- p_own: those also in the page's save in flight, which they may follow.
    own_mark_holds := p_after IS NOT NULL AND p_page = person.save_page
                      AND p_after = person.save_seq;
    RETURN QUERY
    WITH written AS (
        INSERT INTO assessments_answer AS answer (
            respondent_id, bouwsteen_id, current_level, desired_level, toelichting,
            version, updated_at)
        SELECT person.id, given.b, given.c, given.d, given.t, coalesce(given.v, 0) + 1, now()
          FROM json_to_recordset(p_answers)
               AS given(b bigint, c smallint, d smallint, t text, v integer)
        ON CONFLICT (respondent_id, bouwsteen_id) DO UPDATE SET
            current_level = EXCLUDED.current_level, desired_level = EXCLUDED.desired_level,
            toelichting = EXCLUDED.toelichting, version = answer.version + 1,
            updated_at = EXCLUDED.updated_at
        WHERE answer.version = EXCLUDED.version - 1
           OR answer.bouwsteen_id = ANY (p_free)
           OR (own_mark_holds AND answer.version = EXCLUDED.version
               AND answer.bouwsteen_id = ANY (p_own))
        RETURNING answer.bouwsteen_id, answer.version
    ),
    -- The page's mark only when every answer was stored (as questionnaire/services._write).
    marked AS (
        UPDATE assessments_respondent SET
            save_page = CASE WHEN p_page IS NOT NULL
                AND (SELECT count(*) FROM written) = json_array_length(p_answers)
                THEN p_page ELSE '' END,
            save_seq = CASE WHEN p_page IS NOT NULL
                AND (SELECT count(*) FROM written) = json_array_length(p_answers)
                THEN p_seq ELSE 0 END,
            last_step = p_last_step
         WHERE id = person.id
    )
    SELECT 'saved'::text, p_round, NULL::bigint, NULL::integer
    UNION ALL
    SELECT 'saved'::text, p_round, written.bouwsteen_id, written.version FROM written;
END
$function$;
"""

DROP_AUTOSAVE_FUNCTION = """
DROP FUNCTION IF EXISTS borgingshuis_autosave(
    text, bigint, timestamptz, text, integer, integer, text, json, bigint[], bigint[]);
"""


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(AUTOSAVE_FUNCTION)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_AUTOSAVE_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0025_rode_draad")]

    operations = [migrations.RunPython(create_function, drop_function)]
