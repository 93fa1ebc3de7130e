"""Fast multi-row inserts for bulk loads (imports, the demo).

Building a model instance per row costs more than the insert itself at a hundred
thousand persons; bulk loads therefore hand rows of database-ready values to the
driver's executemany (PostgreSQL: pipelined; SQLite: one prepared statement). Values
must already be in database form: ISO date strings, fen integers, JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
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
