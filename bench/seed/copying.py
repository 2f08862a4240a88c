"""Loading the generated rows: COPY on the caller's connection, the first free ids, and the
foreign keys and indexes dropped around a large load and rebuilt after it."""

TABLES = (
    "returnee",
    "migration_history",
    "case_file",
    "case_transition",
    "case_note",
    "task",
    "appointment",
)


def next_ids(conn) -> dict[str, int]:
    """First free id per table: above both the highest row and the sequence (tables locked)."""
    first = {}
    for table in TABLES:
        seq = conn.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,)).fetchone()[0]
        highest = conn.execute(
            f"SELECT greatest((SELECT coalesce(max(id), 0) FROM {table}),"
            f" (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {seq}))"
        ).fetchone()[0]
        first[table] = highest + 1
    return first


def drop_keys_and_indexes(conn) -> list[str]:
    """Drop the foreign keys and the indexes not backing a constraint (primary keys and unique
    constraints stay) of the loaded tables; return the statements that recreate them."""
    restore_indexes, restore_keys = [], []
    for table, name, definition in conn.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
        (list(TABLES),),
    ).fetchall():
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        restore_keys.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for name, definition in conn.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS"
        " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
        (list(TABLES),),
    ).fetchall():
        conn.execute(f"DROP INDEX {name}")
        restore_indexes.append(definition)
    return restore_indexes + restore_keys


def reset_sequences(conn) -> None:
    for table in TABLES:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" greatest((SELECT coalesce(max(id), 0) FROM {table}), 1))"
        )


def copy_rows(conn, table: str, columns: tuple[str, ...], rows) -> int:
    """Stream tab-separated lines into `table`; returns the number of rows."""
    count = 0
    batch: list[str] = []
    with conn.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for line in rows:
                batch.append(line)
                if len(batch) >= 5000:
                    copy.write("".join(batch))
                    count += len(batch)
                    batch.clear()
            if batch:
                copy.write("".join(batch))
                count += len(batch)
    return count
