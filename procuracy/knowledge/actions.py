"""Writes of the case database: importing judgments and guiding cases, all or nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procuracy.cases.models import Charge
from procuracy.core.audit import record_change
from procuracy.core.models import ChangeAction
from procuracy.knowledge import store
from procuracy.knowledge.build import SHIPPED_INDEX, Entry, build_index, document_info, load_index_file
from procuracy.knowledge.corpus import (
    TOPIC_KIND,
    Derived,
    Format,
    RecordProblem,
    derive,
    detect_format,
    guiding_case_text,
    judgment_text,
    read_records,
    record_digest,
    validate_guiding_case,
    validate_judgment,
)
from procuracy.knowledge.index import GUIDING_CASE, JUDGMENT, DocumentInfo
from procuracy.knowledge.models import (
    CorpusImport,
    GuidingCase,
    GuidingCaseCharge,
    Judgment,
    JudgmentCharge,
    SearchIndex,
)
from procuracy.knowledge.store import INDEX_NAME
from procuracy.knowledge.tokens import TOKENIZER_VERSION

if TYPE_CHECKING:
    from procuracy.accounts.models import User

__all__ = ["CorpusImportResult", "do_import_corpus", "do_rebuild_index"]

_JUDGMENT_FIELDS = (
    "id", "kind", "charges", "fact", "full_text", "term_months", "life_imprisonment", "death_penalty",
    "fine_yuan", "articles", "source",
)  # fmt: skip
_GUIDING_FIELDS = (
    "number", "seq", "title", "batch", "issued", "keywords", "gist", "facts", "process", "process_heading",
    "significance", "laws", "charges", "topic", "subtopics", "credits", "decided", "page_date", "source",
)  # fmt: skip
_BATCH = 500


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class CorpusImportResult:
    problems: list[RecordProblem] = field(default_factory=list)
    judgments: Counts = field(default_factory=Counts)
    guiding_cases: Counts = field(default_factory=Counts)
    indexed: int = 0
    tokenized: int = 0
    classifier: str = ""
    record: CorpusImport | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "judgments": vars(self.judgments) | {"total": self.judgments.total},
            "guiding_cases": vars(self.guiding_cases) | {"total": self.guiding_cases.total},
            "indexed": self.indexed,
            "tokenized": self.tokenized,
            "errors": [{"file": p.file, "line": p.line, "record": p.record, "field": p.field,
                        "message": p.message, "text": str(p)} for p in self.problems],
        }


@dataclass
class _Checked:
    data: dict[str, Any]
    fmt: Format
    key: str
    digest: str


def _read(paths: Sequence[Path]) -> tuple[list[_Checked], list[RecordProblem]]:
    """Every record of every file, checked; problems list everything wrong, with file and line."""
    checked: list[_Checked] = []
    problems: list[RecordProblem] = []
    seen: dict[tuple[Format, str], str] = {}
    for path in paths:
        if not path.is_file():
            problems.append(RecordProblem(_("no such file"), str(path), 0))
            continue
        try:
            for source in read_records(path):
                if source.problem:
                    problems.append(RecordProblem(source.problem, source.file, source.line))
                    continue
                fmt = detect_format(source.data)
                if fmt is None:
                    problems.append(RecordProblem(
                        _("neither a judgment (id, kind, fact) nor a guiding case (number, seq, gist)"),
                        source.file, source.line))
                    continue
                data = source.data
                key = str(data.get("id") if fmt == "judgment" else data.get("number"))
                issues = validate_judgment(data) if fmt == "judgment" else validate_guiding_case(data)
                for name, message in issues:
                    problems.append(RecordProblem(message, source.file, source.line, key, name))
                where = f"{source.file}:{source.line}"
                if (fmt, key) in seen:
                    problems.append(RecordProblem(
                        _("the same record appears again (first at %(where)s)") % {"where": seen[(fmt, key)]},
                        source.file, source.line, key))
                    continue
                seen[(fmt, key)] = where
                if not issues:
                    checked.append(_Checked(data, fmt, key, record_digest(data)))
        except (OSError, EOFError) as exc:
            problems.append(RecordProblem(_("cannot read the file: %(error)s") % {"error": exc}, str(path), 0))
    return checked, problems


def _judgment_values(data: Mapping[str, Any], derived: Derived, digest: str, text_digest: int) -> dict[str, Any]:
    return {
        "kind": data["kind"],
        "charges_raw": list(data.get("charges") or []),
        "fact": data.get("fact") or "",
        "full_text": data.get("full_text") or "",
        "term_months": derived.sentence.months if derived.sentence else None,
        "life_imprisonment": bool(derived.sentence and derived.sentence.life),
        "death_penalty": bool(derived.sentence and derived.sentence.death),
        "sentence_from_text": derived.sentence_from_text,
        "fine_yuan": data.get("fine_yuan"),
        "articles": list(data.get("articles") or []),
        "source": data.get("source") or "",
        "extra": {k: v for k, v in data.items() if k not in _JUDGMENT_FIELDS},
        "unmapped_charges": list(derived.unmapped),
        "amount_yuan": derived.amount,
        "amount_charge": derived.amount_charge,
        "tier": derived.tier,
        "statutory_months_min": derived.months_min,
        "statutory_months_max": derived.months_max,
        "statutory_life": derived.life,
        "circumstances": list(derived.circumstances),
        "digest": digest,
        "text_digest": f"{text_digest:016x}",
    }


def _guiding_values(data: Mapping[str, Any], derived: Derived, digest: str, text_digest: int) -> dict[str, Any]:
    def day(value: Any) -> date | None:
        return date.fromisoformat(value) if value else None

    return {
        "seq": data["seq"],
        "title": data["title"],
        "batch": data.get("batch"),
        "issued": day(data.get("issued")),
        "keywords": list(data.get("keywords") or []),
        "gist": data.get("gist") or "",
        "facts": data.get("facts") or "",
        "process": data.get("process") or "",
        "process_heading": list(data.get("process_heading") or []),
        "significance": data.get("significance") or "",
        "laws": data.get("laws") or "",
        "charges_raw": list(data.get("charges") or []),
        "topic": data["topic"],
        "subtopics": list(data.get("subtopics") or []),
        "credits": data.get("credits") or "",
        "decided": data.get("decided") or "",
        "page_date": day(data.get("page_date")),
        "source": data.get("source") or "",
        "extra": {k: v for k, v in data.items() if k not in _GUIDING_FIELDS},
        "unmapped_charges": list(derived.unmapped),
        "amount_yuan": derived.amount,
        "amount_charge": derived.amount_charge,
        "tier": derived.tier,
        "circumstances": list(derived.circumstances),
        "digest": digest,
        "text_digest": f"{text_digest:016x}",
    }


def _store(
    model: type[Judgment] | type[GuidingCase],
    key_field: str,
    items: list[tuple[_Checked, dict[str, Any], tuple[str, ...]]],
    existing: Mapping[str, tuple[int, str]],
    counts: Counts,
    charge_ids: Mapping[str, int],
) -> None:
    """Create new rows, update changed ones (their charge rows replaced), skip identical ones."""
    link_model = JudgmentCharge if model is Judgment else GuidingCaseCharge
    link_field = "judgment_id" if model is Judgment else "guiding_case_id"
    created: list[Any] = []
    updated: list[Any] = []
    charges_of: dict[str, tuple[str, ...]] = {}
    for checked, values, charges in items:
        current = existing.get(checked.key)
        if current is not None and current[1] == checked.digest:
            counts.unchanged += 1
            continue
        charges_of[checked.key] = charges
        if current is None:
            created.append(model(**{key_field: checked.key}, **values))
            counts.created += 1
        else:
            updated.append(model(pk=current[0], **{key_field: checked.key}, **values))
            counts.updated += 1
    model.objects.bulk_create(created, batch_size=_BATCH)
    if updated:
        fields = list(next(values for _item, values, _names in items if values))
        model.objects.bulk_update(updated, fields, batch_size=_BATCH)
        link_model.objects.filter(**{f"{link_field}__in": [row.pk for row in updated]}).delete()
    written = {getattr(row, key_field): row.pk for row in (*created, *updated)}
    if any(row.pk is None for row in created):
        # Where the database returns no keys from a bulk insert (SQLite before 3.35), read them back.
        written.update(model.objects.filter(**{f"{key_field}__in": list(charges_of)}).values_list(key_field, "pk"))
    links = [
        link_model(**{link_field: written[key]}, charge_id=charge_ids[name], seq=seq)
        for key, names in charges_of.items()
        for seq, name in enumerate(n for n in names if n in charge_ids)
    ]
    link_model.objects.bulk_create(links, batch_size=_BATCH * 4)


def _charge_names(link_model: type[JudgmentCharge] | type[GuidingCaseCharge], link: str, key: str) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for owner, name in link_model.objects.order_by(link, "seq").values_list(f"{link}__{key}", "charge__name"):
        names.setdefault(owner, []).append(name)
    return names


def _database_entries() -> list[Entry]:
    """Every stored document as the index sees it (texts are fetched later, only if needed)."""
    judgment_charges = _charge_names(JudgmentCharge, "judgment", "judgment_id")
    guiding_charges = _charge_names(GuidingCaseCharge, "guiding_case", "number")
    entries: list[Entry] = []
    rows = Judgment.objects.order_by("judgment_id").values_list(
        "judgment_id", "kind", "term_months", "life_imprisonment", "death_penalty", "amount_yuan",
        "amount_charge", "tier", "circumstances", "text_digest",
    )
    for key, kind, months, life, death, amount, amount_charge, tier, circumstances, digest in rows:
        entries.append(Entry(DocumentInfo(
            key=key, doc_type=JUDGMENT, kind=kind, charges=tuple(judgment_charges.get(key, ())), term_months=months,
            life=life, death=death, amount=amount, amount_charge=amount_charge, tier=tier,
            circumstances=tuple(circumstances), digest=int(digest, 16),
        )))
    for key, topic, amount, amount_charge, tier, circumstances, digest in GuidingCase.objects.order_by("seq").values_list(
        "number", "topic", "amount_yuan", "amount_charge", "tier", "circumstances", "text_digest"
    ):
        entries.append(Entry(DocumentInfo(
            key=key, doc_type=GUIDING_CASE, kind=TOPIC_KIND.get(topic, "other"),
            charges=tuple(guiding_charges.get(key, ())), amount=amount, amount_charge=amount_charge, tier=tier,
            circumstances=tuple(circumstances), digest=int(digest, 16),
        )))
    return entries


def _fetch_texts(keys: list[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for row in Judgment.objects.filter(judgment_id__in=keys).values("judgment_id", "fact", "full_text"):
        texts[row["judgment_id"]] = judgment_text(row)
    for case in GuidingCase.objects.filter(number__in=keys):
        texts[case.number] = guiding_case_text({
            "title": case.title, "keywords": case.keywords, "gist": case.gist, "facts": case.facts,
            "process": case.process, "significance": case.significance, "laws": case.laws,
        })
    return texts


def _rebuild(
    fresh_texts: Mapping[str, str], progress: Callable[[int], object] | None
) -> tuple[int, int, str]:
    """Build the index of what the database now holds and store it (in the caller's transaction)."""
    entries = _database_entries()
    for entry in entries:
        entry.text = fresh_texts.get(entry.info.key)
    loaded = store.current()
    sources = [loaded.index if loaded else None, load_index_file(SHIPPED_INDEX)]
    index, report = build_index(entries, sources=sources, fetch_texts=_fetch_texts, progress=progress)
    stored = SearchIndex.objects.filter(name=INDEX_NAME).values_list("digest", flat=True).first()
    if stored != index.digest:
        SearchIndex.objects.update_or_create(
            name=INDEX_NAME,
            defaults={"digest": index.digest, "built": timezone.now(), "documents": index.size,
                      "tokenizer": TOKENIZER_VERSION, "data": index.to_bytes()},
        )
    transaction.on_commit(lambda: store.remember(index))
    return index.size, report.tokenized, report.classifier


def _file_entry(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"name": path.name, "path": str(path), "sha256": digest.hexdigest()}


def do_import_corpus(
    paths: Iterable[Path], *, actor: User, progress: Callable[[int], object] | None = None
) -> CorpusImportResult:
    """Load judgments and guiding cases, all or nothing, and rebuild the search index.

    Records are recognised by their fields; a record already stored with the same content is left
    alone, a changed one is updated (so a re-import is idempotent and says what it changed).
    """
    paths = [Path(p) for p in paths]
    result = CorpusImportResult()
    checked, problems = _read(paths)
    if problems:
        result.problems = problems
        return result
    started = timezone.now()
    with transaction.atomic():
        existing_judgments = {k: (pk, d) for k, pk, d in Judgment.objects.values_list("judgment_id", "pk", "digest")}
        existing_guiding = {k: (pk, d) for k, pk, d in GuidingCase.objects.values_list("number", "pk", "digest")}
        charge_ids = dict(Charge.objects.values_list("name", "pk"))
        judgments: list[tuple[_Checked, dict[str, Any], tuple[str, ...]]] = []
        guiding: list[tuple[_Checked, dict[str, Any], tuple[str, ...]]] = []
        fresh_texts: dict[str, str] = {}
        for item in checked:
            existing = existing_judgments if item.fmt == "judgment" else existing_guiding
            current = existing.get(item.key)
            if current is not None and current[1] == item.digest:
                (judgments if item.fmt == "judgment" else guiding).append((item, {}, ()))
                continue
            derived = derive(item.data, item.fmt)
            info, text = document_info(item.data, item.fmt, derived)
            fresh_texts[item.key] = text
            if item.fmt == "judgment":
                judgments.append((item, _judgment_values(item.data, derived, item.digest, info.digest), derived.charges))
            else:
                guiding.append((item, _guiding_values(item.data, derived, item.digest, info.digest), derived.charges))
        _store(Judgment, "judgment_id", judgments, existing_judgments, result.judgments, charge_ids)
        _store(GuidingCase, "number", guiding, existing_guiding, result.guiding_cases, charge_ids)
        result.indexed, result.tokenized, result.classifier = _rebuild(fresh_texts, progress)
        record = CorpusImport.objects.create(
            user=actor, started=started, finished=timezone.now(), files=[_file_entry(p) for p in paths],
            counts={"judgments": vars(result.judgments), "guiding_cases": vars(result.guiding_cases),
                    "indexed": result.indexed, "tokenized": result.tokenized},
        )
        record_change(actor=actor, action=ChangeAction.CREATE, obj=record,
                      after={"files": record.files, "counts": record.counts},
                      message=_("case database import"))
        result.record = record
    return result


def do_rebuild_index(*, actor: User, progress: Callable[[int], object] | None = None) -> int:
    """Rebuild the search index from the stored documents (after a tokenizer or format change)."""
    with transaction.atomic():
        size, _tokenized, _classifier = _rebuild({}, progress)
        record = CorpusImport.objects.create(
            user=actor, started=timezone.now(), finished=timezone.now(), files=[],
            counts={"indexed": size, "rebuild": True},
        )
        record_change(actor=actor, action=ChangeAction.CREATE, obj=record, after={"counts": record.counts},
                      message=_("search index rebuilt"))
    return size
