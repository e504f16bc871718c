"""The autosave's write as one PostgreSQL function (questionnaire/autosave_call.py): a save
then takes one round trip instead of four. Nothing on SQLite, which keeps the statements."""

from django.db import migrations

AUTOSAVE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION borgingshuis_autosave(
    p_token text, p_round bigint, p_opened_at timestamptz,
    p_page text, p_seq integer, p_after integer, p_last_step text, p_now timestamptz,
    p_bouwstenen bigint[], p_current smallint[], p_desired smallint[],
    p_toelichting text[], p_version integer[], p_after_own boolean[]
) RETURNS TABLE (outcome text, of_round bigint, saved_bouwsteen bigint, saved_version integer)
LANGUAGE plpgsql VOLATILE AS $function$
DECLARE
    person record;
    round_state record;
    free_ids bigint[];
    own_ids bigint[];
    saved_ids bigint[];
    saved_versions integer[];
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
    free_ids := ARRAY(
        SELECT given.id FROM unnest(p_bouwstenen, p_version) AS given(id, version)
         WHERE given.version IS NULL);
    IF p_after IS NOT NULL AND p_page = person.save_page AND p_after = person.save_seq THEN
        own_ids := ARRAY(
            SELECT given.id FROM unnest(p_bouwstenen, p_after_own) AS given(id, own)
             WHERE given.own);
    ELSE
        own_ids := '{}';
    END IF;
    WITH written AS (
        INSERT INTO assessments_answer AS answer (
            respondent_id, bouwsteen_id, current_level, desired_level, toelichting,
            version, updated_at)
        SELECT person.id, given.id, given.current_level, given.desired_level,
               given.toelichting, coalesce(given.version, 0) + 1, p_now
          FROM unnest(p_bouwstenen, p_current, p_desired, p_toelichting, p_version)
               AS given(id, current_level, desired_level, toelichting, version)
        ON CONFLICT (respondent_id, bouwsteen_id) DO UPDATE SET
            current_level = EXCLUDED.current_level, desired_level = EXCLUDED.desired_level,
            toelichting = EXCLUDED.toelichting, version = answer.version + 1,
            updated_at = EXCLUDED.updated_at
        WHERE answer.version = EXCLUDED.version - 1
           OR answer.bouwsteen_id = ANY (free_ids)
           OR (answer.version = EXCLUDED.version AND answer.bouwsteen_id = ANY (own_ids))
        RETURNING answer.bouwsteen_id, answer.version
    )
    SELECT array_agg(written.bouwsteen_id), array_agg(written.version)
      INTO saved_ids, saved_versions FROM written;
    -- The page's mark only when every answer was stored (as questionnaire/services._write).
    UPDATE assessments_respondent SET
        save_page = CASE WHEN p_page IS NOT NULL
            AND coalesce(cardinality(saved_ids), 0) = cardinality(p_bouwstenen)
            THEN p_page ELSE '' END,
        save_seq = CASE WHEN p_page IS NOT NULL
            AND coalesce(cardinality(saved_ids), 0) = cardinality(p_bouwstenen)
            THEN p_seq ELSE 0 END,
        last_step = p_last_step
     WHERE id = person.id;
    RETURN QUERY
        SELECT 'saved'::text, p_round, NULL::bigint, NULL::integer
        UNION ALL
        SELECT 'saved'::text, p_round, saved.id, saved.version
          FROM unnest(coalesce(saved_ids, '{}'), coalesce(saved_versions, '{}'))
               AS saved(id, version);
END
$function$;
"""

DROP_AUTOSAVE_FUNCTION = """
DROP FUNCTION IF EXISTS borgingshuis_autosave(
    text, bigint, timestamptz, text, integer, integer, text, timestamptz,
    bigint[], smallint[], smallint[], text[], integer[], boolean[]);
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
