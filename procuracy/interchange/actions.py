"""The import of case packages: all-or-nothing, every problem listed."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procuracy.cases.actions import do_store_prepared
from procuracy.cases.facets import rebuild_facets
from procuracy.cases.models import Case
from procuracy.cases.writer import MODELS as WRITTEN_MODELS
from procuracy.cases.writer import PreparedCases, prepare_rows, write_stamp
from procuracy.core.bulk import indexes_built_after
from procuracy.core.models import ObjectChange
from procuracy.interchange.models import ImportRecord
from procuracy.interchange.problems import Problem
from procuracy.interchange.reading import Source, file_digest, iter_sources, parse_source
from procuracy.interchange.validation import Catalogue, PackageValidator
from procuracy.organizations.codes import code_in_scope

if TYPE_CHECKING:
    from procuracy.accounts.models import User

# What an import writes: the writer's tables and the change log.
LOADED_TABLES = (*WRITTEN_MODELS.values(), ObjectChange)
CHUNK = 1000  # cases written per batch
TASK = 250  # records a worker checks per task
IN_FLIGHT = 160  # batches checked ahead of the writer: rate differences even out, memory stays bounded
# Below this size the import checks records in its own process; above it a second process
# checks the next records while this one writes (2 cores: about twice the throughput).
WORKERS = int(os.environ.get("PROCURACY_IMPORT_WORKERS", "1"))
PARALLEL_FROM_BYTES = int(os.environ.get("PROCURACY_IMPORT_PARALLEL_FROM", 4 * 2**20))


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    cases_created: int = 0
    cases_updated: int = 0
    persons: int = 0
    events: int = 0
    record: ImportRecord | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def cases(self) -> int:
        return self.cases_created + self.cases_updated


@dataclass
class Checked:
    """A record after every check that needs no database, with its package if it passed."""

    file: str
    line: int
    case_id: str | None
    problems: list[Problem]
    package: dict[str, Any] | None = None


@dataclass
class TaskResult:
    checked: list[Checked]
    prepared: PreparedCases


class RecordChecker:
    def __init__(self, catalogue: Catalogue, today: dt.date, scope: str, stamp: Any) -> None:
        self.validator = PackageValidator(catalogue, today)
        self.procuratorates = catalogue.procuratorates
        self.charges = catalogue.charges
        self.scope = scope
        self.stamp = stamp
        self.facets = True  # False: the load derives the case list's facets at its end

    def check(self, source: Source) -> Checked:
        record = parse_source(source)
        if record.problem is not None:
            return Checked(record.file, record.line, None, [record.problem])
        data = record.data
        problems = self.validator.validate(data, record.file, record.line)
        case_id = data.get("case_id") if isinstance(data, dict) else None
        code = data.get("procuratorate") if isinstance(data, dict) else None
        if isinstance(code, str) and code in self.procuratorates and not code_in_scope(code, self.scope):
            problems.append(Problem(
                message=_("procuratorate %(code)s is outside your jurisdiction (%(scope)s)") % {
                    "code": code, "scope": self.scope},
                file=record.file, line=record.line, case_id=case_id, field="procuratorate",
            ))
        if problems:
            return Checked(record.file, record.line, case_id, problems)
        return Checked(record.file, record.line, case_id, [], data)

    def check_many(self, sources: list[Source]) -> TaskResult:
        checked = [self.check(s) for s in sources]
        prepared = prepare_rows([c.package for c in checked if c.package is not None], self.charges, self.stamp,
                                facets=self.facets)
        for item in checked:
            item.package = None  # the rows carry it from here on
        return TaskResult(checked, prepared)


_worker_checker: RecordChecker | None = None


def _init_worker(checker: RecordChecker) -> None:
    global _worker_checker
    _worker_checker = checker


def _check_in_worker(sources: list[Source]) -> TaskResult:
    if _worker_checker is None:
        raise RuntimeError("worker not initialised")
    return _worker_checker.check_many(sources)


def _batches(sources: Iterator[Source], size: int) -> Iterator[list[Source]]:
    while batch := list(islice(sources, size)):
        yield batch


class _Rollback(Exception):
    pass


class _Importer:
    def __init__(self, *, actor: User, update: bool, dry_run: bool, today: dt.date,
                 progress: Callable[[int], None] | None) -> None:
        self.actor, self.update, self.dry_run = actor, update, dry_run
        self.catalogue = Catalogue.load()
        _now, self.stamp = write_stamp()
        self.checker = RecordChecker(self.catalogue, today, actor.procuratorate_id, self.stamp)
        self.result = ImportResult(dry_run=dry_run)
        self.progress = progress
        # Batches as the checker prepared them (each numbered from zero), written together.
        self.pending: list[PreparedCases] = []
        self.pending_where: list[tuple[str, int]] = []
        self.seen: dict[str, str] = {}  # case_id → where it was first seen

    def take(self, task: TaskResult) -> None:
        for item in task.checked:
            if self.progress:
                self.progress(1)
            problems = item.problems
            if isinstance(item.case_id, str) and item.case_id:
                first = self.seen.get(item.case_id)
                if first is not None:
                    problems = [*problems, Problem(
                        message=_("the case id appears twice in this import (first at %(where)s)") % {
                            "where": first},
                        file=item.file, line=item.line, case_id=item.case_id, field="case_id")]
                else:
                    self.seen[item.case_id] = f"{item.file}:{item.line}"
            if problems:
                self.result.problems.extend(problems)
            else:
                self.pending_where.append((item.file, item.line))
        self.pending.append(task.prepared)
        if len(self.pending_where) >= CHUNK:
            self.flush()

    def feed(self, sources: Iterator[Source], parallel: bool) -> None:
        if not parallel:
            for batch in _batches(sources, TASK):
                self.take(self.checker.check_many(batch))
            return
        # fork: the worker starts with the loaded catalogue and active language; it never
        # touches the database connection it inherits.
        context = multiprocessing.get_context("fork")
        # The pool's feeder thread reads ahead only while fewer than IN_FLIGHT batches await
        # the writer: the worker stays busy through a flush, memory stays bounded.
        slots = threading.BoundedSemaphore(IN_FLIGHT)

        def gated(batches: Iterator[list[Source]]) -> Iterator[list[Source]]:
            for batch in batches:
                slots.acquire()
                yield batch

        with context.Pool(WORKERS, initializer=_init_worker, initargs=(self.checker,)) as pool:
            for task in pool.imap(_check_in_worker, gated(_batches(sources, TASK))):
                slots.release()
                self.take(task)

    def flush(self) -> None:
        batches, where = self.pending, self.pending_where
        self.pending, self.pending_where = [], []
        case_ids = [case_id for batch in batches for case_id in batch.case_ids]
        if not case_ids:
            return
        existing = dict(Case.objects.filter(case_id__in=case_ids).values_list("case_id", "pk"))
        replace: dict[str, int] = {}
        if existing:
            scope = self.actor.procuratorate_id
            current = dict(Case.objects.filter(pk__in=existing.values()).values_list("case_id", "procuratorate_id"))
            for case_id, (file, line) in zip(case_ids, where, strict=True):
                if case_id not in existing:
                    continue
                if not self.update:
                    self.result.problems.append(Problem(
                        message=_("a case with this id is already stored (import with --update to replace it)"),
                        file=file, line=line, case_id=case_id, field="case_id"))
                elif not code_in_scope(current[case_id], scope):
                    self.result.problems.append(Problem(
                        message=_("the stored case belongs to a procuratorate outside your jurisdiction"),
                        file=file, line=line, case_id=case_id, field="procuratorate"))
                else:
                    replace[case_id] = existing[case_id]
        self.result.cases_updated += len(replace)
        self.result.cases_created += len(case_ids) - len(replace)
        self.result.persons += sum(batch.persons for batch in batches)
        self.result.events += sum(batch.events for batch in batches)
        if self.result.problems or self.dry_run:
            return
        record = self.result.record
        message = _("import %(id)s:") % {"id": record.pk if record else ""}
        start = 0
        for batch in batches:
            mine = {cid: replace[cid] for cid in batch.case_ids if cid in replace}
            sources = [f"{file}:{line}" for file, line in where[start:start + len(batch.case_ids)]]
            start += len(batch.case_ids)
            do_store_prepared(batch, actor=self.actor, stamp=self.stamp, replace=mine, message=message,
                              sources=sources)


def do_import(
    paths: Sequence[Path],
    *,
    actor: User,
    update: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
    names: Sequence[str] | None = None,
) -> ImportResult:
    """Validate and store every case of the files, or store nothing and list every problem."""
    today = today or timezone.localdate()
    importer = _Importer(actor=actor, update=update, dry_run=dry_run, today=today, progress=progress)
    names = list(names) if names is not None else [p.name for p in paths]
    files, readable = [], []
    for path, name in zip(paths, names, strict=True):
        try:
            files.append({"name": name, "sha256": file_digest(path), "size": path.stat().st_size})
            readable.append((path, name))
        except OSError as exc:
            importer.result.problems.append(Problem(
                message=_("the file cannot be read (%(error)s)") % {"error": exc.strerror}, file=name))
    parallel = sum(f["size"] for f in files) >= PARALLEL_FROM_BYTES
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Check foreign keys as each batch is written, while the next batch is being
                # validated, rather than all at once in a long serial commit.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if not dry_run:
                importer.result.record = ImportRecord.objects.create(
                    user=actor, started=timezone.now(), update=update, files=files)
            # A large file loaded into empty tables (a new database, the demo) builds their
            # indexes once at the end; anything smaller goes row by row.
            bulk = parallel and not dry_run
            deferring = indexes_built_after(LOADED_TABLES) if bulk else nullcontext()
            with deferring:
                # Into an empty registry, the case list's facets are derived from the stored rows
                # in one pass at the end rather than computed and sent row by row.
                importer.checker.facets = not (bulk and not Case.objects.exists())
                for path, name in readable:
                    with path.open("rb") as stream:
                        importer.feed(iter_sources(stream, name), parallel)
                importer.flush()
                if not importer.checker.facets and not importer.result.problems:
                    rebuild_facets()
            record = importer.result.record
            if importer.result.problems or dry_run or record is None:
                raise _Rollback
            record.finished = timezone.now()
            record.cases_created = importer.result.cases_created
            record.cases_updated = importer.result.cases_updated
            record.persons = importer.result.persons
            record.events = importer.result.events
            record.save()
    except _Rollback:
        importer.result.record = None
    else:
        if importer.result.cases >= ANALYZE_FROM_CASES:
            refresh_planner_statistics()
    return importer.result


ANALYZE_FROM_CASES = 5000


def refresh_planner_statistics() -> None:
    """After a large load the planner's row estimates are stale until the next automatic run,
    and a bad estimate turns a 30 ms query into a scan: refresh them now. PostgreSQL also
    vacuums the new rows (a few seconds for a national database), marking their pages visible
    to all, so that the index-only scans of lists and reports need not visit the table until
    autovacuum would have come by; VACUUM cannot run in a transaction, ANALYZE alone does then."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A smaller sample (20 × 300 rows) is ample for these plans and takes a third of the time.
            cursor.execute("SET default_statistics_target = 20")
        for model in LOADED_TABLES:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"VACUUM (ANALYZE) {table}" if vacuum else f"ANALYZE {table}")
        if connection.vendor == "postgresql":
            cursor.execute("RESET default_statistics_target")
