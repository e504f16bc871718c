"""Fresh planner statistics after a bulk load.

PostgreSQL plans a query from what it knows of a table's size and contents. Its autovacuum
analyses a table some time after it changed a lot, but until then a table that was just
filled in bulk is planned as it was: after an import of a million answers the answers of a
20-person round were read with a sequential scan (152 ms) until ANALYZE (issue 31). So the
bulk paths (import_organisation, load_demo, the load scripts' loaders) analyse the tables they
filled themselves, once, after their transaction committed. SQLite plans without such
statistics unless asked (its ANALYZE is opt-in and the app never asks), so nothing is issued
there."""

from django.db import connection


def tables_analyse(models) -> list[str]:
    """Run ANALYZE on the tables of `models` on PostgreSQL (each table once); returns the
    tables analysed, none on another database. Call it outside the transaction that filled
    them, so the statistics it stores describe committed rows that every session sees."""
    if connection.vendor != "postgresql":
        return []
    tables = sorted({model._meta.db_table for model in models})
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return tables
