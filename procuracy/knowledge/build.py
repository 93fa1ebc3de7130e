"""Building the index: reusing what earlier indexes already hold, tokenizing and training the rest.

Tokenizing the public corpus costs jieba several seconds of every core, and training the charge
classifier a few more, while most imports change few documents or none. So a build takes a
document's word counts from an earlier index (the one in the database, or the copy shipped with
the project for the shipped corpus) when the digest of its text is the same and the tokenizer
has not changed, and reuses a classifier trained on exactly the same labelled texts.

Pure Python and numpy: the import, the shipped-cache command and the evaluation share it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from procuracy.knowledge.classifier import ChargeClassifier, training_digest
from procuracy.knowledge.corpus import TOPIC_KIND, Derived, Format, guiding_case_text, judgment_text
from procuracy.knowledge.index import GUIDING_CASE, JUDGMENT, CorpusIndex, DocumentInfo, Terms, text_digest
from procuracy.knowledge.tokens import TOKENIZER_VERSION, count_many

__all__ = ["BuildReport", "Entry", "build_index", "document_info", "load_index_file"]

DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED_INDEX = DATA_DIR / "corpus-index.npz"


@dataclass
class Entry:
    """A document to index; its text is needed only when no earlier index holds its words."""

    info: DocumentInfo
    text: str | None = None


@dataclass
class BuildReport:
    documents: int = 0
    reused: int = 0
    tokenized: int = 0
    classifier: str = ""  # "reused" or "trained"
    extra: dict[str, Any] = field(default_factory=dict)


def document_info(data: Mapping[str, Any], fmt: Format, derived: Derived) -> tuple[DocumentInfo, str]:
    """The index's view of a checked record, and the text it indexes."""
    if fmt == "judgment":
        text = judgment_text(data)
        info = DocumentInfo(
            key=str(data["id"]),
            doc_type=JUDGMENT,
            kind=str(data["kind"]),
            charges=derived.charges,
            term_months=derived.sentence.months if derived.sentence else None,
            life=bool(derived.sentence and derived.sentence.life),
            death=bool(derived.sentence and derived.sentence.death),
            amount=derived.amount,
            amount_charge=derived.amount_charge,
            tier=derived.tier,
            circumstances=derived.circumstances,
            digest=text_digest(text),
        )
        return info, text
    text = guiding_case_text(data)
    info = DocumentInfo(
        key=str(data["number"]),
        doc_type=GUIDING_CASE,
        kind=TOPIC_KIND.get(str(data.get("topic")), "other"),
        charges=derived.charges,
        amount=derived.amount,
        amount_charge=derived.amount_charge,
        tier=derived.tier,
        circumstances=derived.circumstances,
        digest=text_digest(text),
    )
    return info, text


def load_index_file(path: Path = SHIPPED_INDEX) -> CorpusIndex | None:
    """An index stored as a file (the shipped one), or None when absent or of another format."""
    try:
        return CorpusIndex.from_bytes(path.read_bytes())
    except (OSError, ValueError, KeyError):
        return None


def _index_digest(index: CorpusIndex, classifier_digest: str) -> str:
    hasher = hashlib.sha256(f"{index.meta.get('format')}|{TOKENIZER_VERSION}|{classifier_digest}|".encode())
    for name in CorpusIndex._ARRAYS:
        hasher.update(np.ascontiguousarray(getattr(index, name)).tobytes())
    for items in (index.keys, index.charge_names, index.vocab):
        hasher.update("\n".join(items).encode("utf-8"))
    return hasher.hexdigest()


def build_index(
    entries: Sequence[Entry],
    *,
    sources: Iterable[CorpusIndex | None] = (),
    fetch_texts: Callable[[list[str]], Mapping[str, str]] | None = None,
    progress: Callable[[int], object] | None = None,
    train: bool = True,
) -> tuple[CorpusIndex, BuildReport]:
    """An index of ``entries``, reusing word counts and the classifier of ``sources`` where valid."""
    usable = [s for s in sources if s is not None and s.meta.get("tokenizer") == TOKENIZER_VERSION]
    report = BuildReport(documents=len(entries))
    terms: list[Terms | None] = [None] * len(entries)
    for n, entry in enumerate(entries):
        for source in usable:
            position = source.key_pos.get(entry.info.key)
            if position is not None and int(source.digests[position]) == entry.info.digest:
                terms[n] = source.terms_of(position)
                break
    missing = [n for n, t in enumerate(terms) if t is None]
    report.reused = len(entries) - len(missing)
    report.tokenized = len(missing)
    if progress and report.reused:
        progress(report.reused)
    if missing:
        texts = {n: entries[n].text for n in missing}
        absent = [entries[n].info.key for n, text in texts.items() if text is None]
        if absent:
            if fetch_texts is None:
                raise ValueError(f"no text for {len(absent)} documents to tokenize")
            fetched = fetch_texts(absent)
            for n in missing:
                if texts[n] is None:
                    texts[n] = fetched[entries[n].info.key]
        counts = count_many([texts[n] or "" for n in missing], progress=progress)
        for n, count in zip(missing, counts, strict=True):
            terms[n] = Terms.from_counts(count)
    index = CorpusIndex.build([e.info for e in entries], [t for t in terms if t is not None])

    classifier: ChargeClassifier | None = None
    labelled = np.flatnonzero(index.labelled)
    if train and len(labelled):
        wanted = training_digest(index, labelled)
        for source in usable:
            candidate = ChargeClassifier.from_extras(source.extras)
            if candidate is not None and candidate.digest == wanted:
                classifier = candidate
                report.classifier = "reused"
                break
        if classifier is None:
            classifier = ChargeClassifier.train(index, labelled)
            report.classifier = "trained"
        index.extras = classifier.to_extras()
    index.meta["digest"] = _index_digest(index, classifier.digest if classifier else "")
    index.meta["documents"] = index.size
    return index, report
