"""Fast multi-row inserts for bulk loads (imports, the demo).

Building a model instance per row costs more than the insert itself at a hundred
thousand persons; bulk loads therefore hand rows of database-ready values to the
driver's executemany (PostgreSQL: pipelined; SQLite: one prepared statement). Values
must already be in database form: ISO date strings, fen integers, JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models


class BulkInserter:
    def __init__(self, model: type[models.Model], attnames: Sequence[str]) -> None:
        meta = model._meta
        by_attname = {f.attname: f for f in meta.concrete_fields}
        qn = connection.ops.quote_name
        columns = [by_attname[a].column for a in attnames]
        placeholders = ", ".join(["%s"] * len(columns))
        self.model = model
        self.attnames = tuple(attnames)
        self.copy_sql = f"COPY {qn(meta.db_table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
        self.sql = f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(c) for c in columns)}) VALUES ({placeholders})"  # noqa: S608

    def insert(self, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY streams the rows in one round trip, several times faster than
                # even pipelined INSERTs.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, rows)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve primary keys for rows whose children are inserted in the same batch.

    Must be called inside the loading transaction after it has written (so that on SQLite
    the write lock is held and no other writer can take the same keys).
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    pk_column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk_column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        qn = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({qn(pk_column)}), 0) FROM {qn(table)}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def db_json(value: Any) -> str:
    if not value and isinstance(value, dict):
        return "{}"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def db_datetime(value: Any) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def chunked(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, definition) of a table's indexes that enforce nothing: not its primary key,
    not unique, not backing a constraint."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid"
                " WHERE x.indrelid = %s::regclass AND NOT x.indisunique AND NOT x.indisprimary"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid) ORDER BY c.relname",
                [table])
        else:
            # Indexes SQLite makes for constraints have no SQL of their own.
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL"
                " AND upper(sql) NOT LIKE 'CREATE UNIQUE%%' ORDER BY name", [table])
        return cursor.fetchall()


def _is_empty(table: str, conn: Any = connection) -> bool:
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {conn.ops.quote_name(table)} LIMIT 1")  # noqa: S608
        return cursor.fetchone() is None


def analyse_if_filled(tables: Iterable[str], conn: Any = connection) -> None:
    """Planner statistics for tables that hold rows (after a migration adds indexes to them). An
    empty table is left alone: analysed empty, PostgreSQL would plan the first large import as if
    it stayed so."""
    for table in tables:
        if not _is_empty(table, conn):
            with conn.cursor() as cursor:
                cursor.execute(f"ANALYZE {conn.ops.quote_name(table)}")


@contextmanager
def indexes_built_after(models_: Sequence[type[models.Model]]) -> Iterator[list[str]]:
    """A large load into empty tables: their secondary indexes are built once, after the rows.

    Adding a row to a B-tree index costs a search and often a page split; building the index
    from all the rows at once is one sort, several times cheaper for a whole table (this is
    how database restores load). Only tables that are empty when the load starts are
    treated so: for a table that holds rows, rebuilding its indexes would cost more than it
    saves. Must run inside the load's transaction: if the load fails, the rollback restores
    the indexes as they were. Primary keys and unique indexes stay, so every row is still
    checked as it arrives. Yields the names of the deferred indexes.
    """
    deferred: list[tuple[str, str]] = []
    for model in models_:
        table = model._meta.db_table
        if _is_empty(table):
            deferred += _secondary_indexes(table)
    with connection.cursor() as cursor:
        for name, _definition in deferred:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield [name for name, _definition in deferred]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and deferred:
            # Sorting in memory rather than in temporary files; for this transaction only.
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in deferred:
            cursor.execute(definition)
