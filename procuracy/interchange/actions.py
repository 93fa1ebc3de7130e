"""The import of case packages: all-or-nothing, every problem listed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procuracy.cases.actions import do_store_packages
from procuracy.cases.models import Case
from procuracy.interchange.models import ImportRecord
from procuracy.interchange.packages import normalize_package
from procuracy.interchange.problems import Problem
from procuracy.interchange.reading import file_digest, read_records
from procuracy.interchange.validation import Catalogue, PackageValidator
from procuracy.organizations.models import code_in_scope

if TYPE_CHECKING:
    from procuracy.accounts.models import User

CHUNK = 1000


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


class _Rollback(Exception):
    pass


@dataclass
class _Pending:
    case_id: str
    file: str
    line: int
    raw: dict[str, Any]


class _Importer:
    def __init__(self, *, actor: User, update: bool, dry_run: bool, today: dt.date,
                 progress: Callable[[int], None] | None) -> None:
        self.actor, self.update, self.dry_run = actor, update, dry_run
        self.catalogue = Catalogue.load()
        self.validator = PackageValidator(self.catalogue, today)
        self.result = ImportResult(dry_run=dry_run)
        self.progress = progress
        self.pending: list[_Pending] = []

    def feed(self, stream: Any, name: str) -> None:
        scope = self.actor.procuratorate_id
        for record in read_records(stream, name):
            if self.progress:
                self.progress(1)
            if record.problem is not None:
                self.result.problems.append(record.problem)
                continue
            found = self.validator.validate(record.data, record.file, record.line)
            code = record.data.get("procuratorate") if isinstance(record.data, dict) else None
            if isinstance(code, str) and code in self.catalogue.procuratorates and not code_in_scope(code, scope):
                found.append(Problem(
                    message=_("procuratorate %(code)s is outside your jurisdiction (%(scope)s)") % {
                        "code": code, "scope": scope},
                    file=record.file, line=record.line, case_id=record.data.get("case_id"), field="procuratorate",
                ))
            if found:
                self.result.problems.extend(found)
                continue
            self.pending.append(_Pending(record.data["case_id"], record.file, record.line, record.data))
            if len(self.pending) >= CHUNK:
                self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        existing = dict(Case.objects.filter(case_id__in=[p.case_id for p in batch])
                        .values_list("case_id", "pk"))
        replace: dict[str, int] = {}
        if existing:
            scope = self.actor.procuratorate_id
            current = dict(Case.objects.filter(pk__in=existing.values()).values_list("case_id", "procuratorate_id"))
            for item in batch:
                if item.case_id not in existing:
                    continue
                if not self.update:
                    self.result.problems.append(Problem(
                        message=_("a case with this id is already stored (import with --update to replace it)"),
                        file=item.file, line=item.line, case_id=item.case_id, field="case_id"))
                elif not code_in_scope(current[item.case_id], scope):
                    self.result.problems.append(Problem(
                        message=_("the stored case belongs to a procuratorate outside your jurisdiction"),
                        file=item.file, line=item.line, case_id=item.case_id, field="procuratorate"))
                else:
                    replace[item.case_id] = existing[item.case_id]
        self.result.cases_updated += len(replace)
        self.result.cases_created += len(batch) - len(replace)
        if self.result.problems or self.dry_run:
            self.result.persons += sum(len(p.raw["persons"]) for p in batch)
            self.result.events += sum(len(person["events"]) for p in batch for person in p.raw["persons"])
            return
        packages = [normalize_package(p.raw) for p in batch]
        persons, events = do_store_packages(
            packages, actor=self.actor, charges=self.catalogue.charges, replace=replace,
            message=_("import %(id)s") % {"id": self.result.record.pk if self.result.record else ""},
        )
        self.result.persons += persons
        self.result.events += events


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
    started = timezone.now()
    try:
        with transaction.atomic():
            if not dry_run:
                importer.result.record = ImportRecord.objects.create(
                    user=actor, started=started, update=update,
                    files=[{"name": n, "sha256": file_digest(p), "size": p.stat().st_size}
                           for p, n in zip(paths, names, strict=True)],
                )
            for path, name in zip(paths, names, strict=True):
                try:
                    stream = path.open("rb")
                except OSError as exc:
                    importer.result.problems.append(Problem(
                        message=_("the file cannot be read (%(error)s)") % {"error": exc.strerror}, file=name))
                    continue
                with stream:
                    importer.feed(stream, name)
            importer.flush()
            if importer.result.problems or dry_run:
                raise _Rollback
            record = importer.result.record
            if record is None:
                raise _Rollback
            record.finished = timezone.now()
            record.cases_created = importer.result.cases_created
            record.cases_updated = importer.result.cases_updated
            record.persons = importer.result.persons
            record.events = importer.result.events
            record.save()
    except _Rollback:
        importer.result.record = None
    return importer.result
