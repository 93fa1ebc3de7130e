"""The database session of a report, and its independent aggregates run side by side.

A report is a handful of large aggregates that do not depend on each other. Each runs on one
core; run one after another they leave the other cores idle. `side_by_side` runs them on this
connection and on others, each in its own thread, at the same time (the database does the work,
so the threads hardly wait for each other's interpreter). settings.REPORT_CONNECTIONS says how
many connections one report may read on.

All of them read the same data. On PostgreSQL the report's transaction is REPEATABLE READ and
exports its snapshot, which the other connections import (SET TRANSACTION SNAPSHOT), so every
figure of a report is of one instant even while cases are being written. On SQLite, where a
read transaction would take the write lock (config.settings), each aggregate reads the data as
it is when it starts, as a report read on one connection does.

A report computed inside a transaction that is already open (a test's, or a caller's that has
written and not committed) is read on that connection only: no other could see what the
transaction has written.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction

T = TypeVar("T")
log = logging.getLogger(__name__)

SNAPSHOT_ID = re.compile(r"[0-9A-F]+-[0-9A-F]+(-[0-9]+)?")


@dataclass(frozen=True)
class Session:
    connections: int  # how many connections the aggregates may run on
    snapshot: str | None = None  # PostgreSQL: the snapshot the other connections import


_SESSION: ContextVar[Session | None] = ContextVar("report_session", default=None)


def _parallel_workers(count: int) -> int:
    """Parallel workers per query, which pages go without (config.settings): a report read on one
    connection takes two; read on several, its connections already keep the cores busy, and
    workers would only add their start-up and their share of the switching between processes."""
    if count == 1:
        return 2
    return max(0, (os.cpu_count() or 1) // count - 1)


def _postgres_settings(cursor: Any, count: int) -> None:
    """Memory enough to group and sort in memory rather than on disk; no JIT compilation, which
    costs more (a few hundred milliseconds) than it saves on queries of well under a second."""
    cursor.execute("SET LOCAL work_mem = '64MB'")
    cursor.execute("SET LOCAL jit = off")
    cursor.execute(f"SET LOCAL max_parallel_workers_per_gather = {_parallel_workers(count):d}")


def _connections() -> int:
    return 1 if connection.in_atomic_block else settings.REPORT_CONNECTIONS


@contextmanager
def report_session() -> Iterator[None]:
    """Everything a report reads, in one session (see the module's description)."""
    count = _connections()
    postgres = connection.vendor == "postgresql"
    with transaction.atomic() if postgres else nullcontext():
        token = _SESSION.set(Session(connections=count, snapshot=_begin_postgres(count) if postgres else None))
        try:
            yield
        finally:
            _SESSION.reset(token)


def _begin_postgres(count: int) -> str | None:
    """The report's settings, and the snapshot the other connections import (if there are any)."""
    with connection.cursor() as cursor:
        if count > 1:
            # The first statement of the transaction, as it must be.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        _postgres_settings(cursor, count)
        if count == 1:
            return None
        cursor.execute("SELECT pg_export_snapshot()")
        [(snapshot,)] = cursor.fetchall()
        return snapshot


@contextmanager
def _other_connection(session: Session) -> Iterator[None]:
    """This thread's own connection, reading what the report's connection reads."""
    if connection.vendor != "postgresql":
        yield
        return
    if session.snapshot is None or not SNAPSHOT_ID.fullmatch(session.snapshot):
        raise DatabaseError(f"not a snapshot: {session.snapshot!r}")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            # A statement of its own that takes no parameters; the identifier was checked above.
            cursor.execute(f"SET TRANSACTION SNAPSHOT '{session.snapshot}'")
            _postgres_settings(cursor, session.connections)
        yield


def side_by_side(tasks: Sequence[Callable[[], T]]) -> list[T]:
    """The results of `tasks`, in their order, computed on several connections at once where the
    report's session allows it (each connection takes the next task when it is free: longest
    first balances them best)."""
    session = _SESSION.get()
    if session is None or session.connections < 2 or len(tasks) < 2:
        return [task() for task in tasks]
    waiting = deque(enumerate(tasks))
    results: list[Any] = [None] * len(tasks)
    failures: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                if failures or not waiting:
                    return
                index, task = waiting.popleft()
            try:
                results[index] = task()
            except BaseException as error:
                with lock:
                    failures.append(error)
                return

    def helper() -> None:
        try:
            with _other_connection(session):
                work()
        except DatabaseError:
            # No other connection (the server's limit reached, say): the others do it all.
            log.warning("report aggregates read on one connection only", exc_info=True)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=helper, name=f"report-reader-{i}", daemon=True)
               for i in range(min(session.connections, len(tasks)) - 1)]
    for thread in threads:
        thread.start()
    try:
        work()
    finally:
        for thread in threads:
            thread.join()
    if failures:
        raise failures[0]
    return results
