"""The corpus shipped with the project (``data/``), read without a database.

The import command loads these files into the database; the evaluation, the benchmark and the
command that refreshes the shipped index cache read them here directly, deriving exactly what
the import stores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from procuracy.knowledge.build import (
    DATA_DIR,
    SHIPPED_INDEX,
    BuildReport,
    Entry,
    build_index,
    document_info,
    load_index_file,
)
from procuracy.knowledge.corpus import Derived, Format, derive, detect_format, read_records
from procuracy.knowledge.index import CorpusIndex

__all__ = ["GUIDING_CASES_FILE", "JUDGMENTS_FILE", "SHIPPED_FILES", "MemoryCorpus", "load_corpus"]

JUDGMENTS_FILE = DATA_DIR / "judgments.jsonl.gz"
GUIDING_CASES_FILE = DATA_DIR / "guiding_cases.jsonl.gz"
SHIPPED_FILES = (JUDGMENTS_FILE, GUIDING_CASES_FILE)


@dataclass
class MemoryCorpus:
    """Records, what is derived from them, their indexed texts and the index, all in memory."""

    records: list[dict[str, Any]]
    formats: list[Format]
    derived: list[Derived]
    texts: list[str]
    index: CorpusIndex
    report: BuildReport

    def text_of(self, doc: int) -> str:
        return self.texts[doc]


def read_all(paths: Sequence[Path]) -> list[tuple[dict[str, Any], Format]]:
    records: list[tuple[dict[str, Any], Format]] = []
    for path in paths:
        for source in read_records(path):
            fmt = detect_format(source.data)
            if source.problem or fmt is None:
                raise ValueError(f"{source.file}:{source.line}: not a judgment or guiding case record")
            records.append((source.data, fmt))
    return records


def load_corpus(
    paths: Sequence[Path] = SHIPPED_FILES,
    *,
    limit: int | None = None,
    cache: Path | None = SHIPPED_INDEX,
    train: bool = True,
    progress: Callable[[int], object] | None = None,
) -> MemoryCorpus:
    """The corpus of ``paths`` (the shipped one by default), indexed; ``limit`` keeps the first judgments."""
    records = read_all(paths)
    if limit is not None:
        judgments = [r for r in records if r[1] == "judgment"][:limit]
        records = judgments + [r for r in records if r[1] == "guiding_case"]
    derived = [derive(data, fmt) for data, fmt in records]
    entries: list[Entry] = []
    texts: list[str] = []
    for (data, fmt), item in zip(records, derived, strict=True):
        info, text = document_info(data, fmt, item)
        entries.append(Entry(info, text))
        texts.append(text)
    sources = [load_index_file(cache)] if cache is not None else []
    index, report = build_index(entries, sources=sources, train=train, progress=progress)
    return MemoryCorpus(
        records=[r for r, _ in records],
        formats=[f for _, f in records],
        derived=derived,
        texts=texts,
        index=index,
        report=report,
    )
