"""The inverted index of the case database: BM25 over jieba words, with what each document is about.

Built at import from every judgment and guiding case and stored, serialized, beside them in the
database (one row of ``SearchIndex``), so that it is consistent with the rows it describes, works
the same on SQLite and PostgreSQL, and is loaded once per process. Searching is vector arithmetic
with numpy over postings: a query touches only the postings of its own words, so that search and
similar-case answers stay within milliseconds at a hundred thousand documents.

Stored per document: its key (J00001, 检例第73号), type, kind, charges (catalogue names), sentence,
amount and statutory bracket, circumstances (bits), the digest of its text, and its word counts
(a forward index). The term-major postings, document lengths and BM25 weights are derived when the
index is loaded. The forward index doubles as a token cache: a rebuild re-tokenizes only documents
whose text changed.

Pure Python and numpy: the evaluation and the benchmarks build indexes without a database.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from procuracy.knowledge.circumstances import to_bits
from procuracy.knowledge.corpus import DOCUMENT_KINDS
from procuracy.knowledge.tokens import TOKENIZER_VERSION

__all__ = ["FORMAT_VERSION", "CorpusIndex", "DocumentInfo", "Terms", "text_digest"]

FORMAT_VERSION = 3
JUDGMENT, GUIDING_CASE = 0, 1
DOC_TYPES = ("judgment", "guiding_case")
# BM25 (Robertson and Zaragoza's usual values).
K1 = 1.2
B = 0.75
_NO_MONTHS = -1
_MAX_TF = np.iinfo(np.uint16).max


def text_digest(text: str) -> int:
    """64 bits of a text's hash: whether its stored word counts may be reused."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the index knows about a document besides its words."""

    key: str
    doc_type: int
    kind: str
    charges: tuple[str, ...]
    term_months: int | None = None
    life: bool = False
    death: bool = False
    amount: Decimal | None = None
    amount_charge: str = ""
    tier: int | None = None
    circumstances: tuple[str, ...] = ()
    digest: int = 0


@dataclass(slots=True)
class Terms:
    """Word counts of one document: ``ids`` index ``vocab`` (shared by the documents of one source)."""

    vocab: Sequence[str]
    ids: np.ndarray
    counts: np.ndarray

    @classmethod
    def from_counts(cls, counts: Mapping[str, int]) -> Terms:
        words = list(counts)
        return cls(
            words, np.arange(len(words), dtype=np.int32), np.fromiter(counts.values(), np.int64, len(words))
        )


def _pack_strings(items: Sequence[str]) -> np.ndarray:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _unpack_strings(array: np.ndarray) -> list[str]:
    text = array.tobytes().decode("utf-8")
    return text.split("\n") if text else []


@dataclass
class CorpusIndex:
    """Documents, their words and their facts; see the module docstring."""

    keys: list[str]
    doc_type: np.ndarray  # uint8
    kind: np.ndarray  # uint8, index into DOCUMENT_KINDS
    term_months: np.ndarray  # int16, -1 unknown
    life: np.ndarray  # bool
    death: np.ndarray  # bool
    amount: np.ndarray  # float64, nan unknown (comparisons only; the database keeps the exact Decimal)
    amount_charge: np.ndarray  # int32 into charge_names, -1 none
    tier: np.ndarray  # int8, -1 unknown
    circumstances: np.ndarray  # uint32 bits (circumstances.CIRCUMSTANCES order)
    digests: np.ndarray  # uint64
    charge_names: list[str]
    charge_ptr: np.ndarray  # int64 [N+1]
    charge_ids: np.ndarray  # int32
    vocab: list[str]
    doc_ptr: np.ndarray  # int64 [N+1]
    fwd_term: np.ndarray  # int32, ascending within a document
    fwd_tf: np.ndarray  # uint16
    meta: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, np.ndarray] = field(default_factory=dict)  # e.g. the charge classifier
    # Derived when loaded (see _prepare).
    _ready: bool = field(default=False, repr=False)

    # -- construction ----------------------------------------------------------------------------

    @classmethod
    def build(cls, docs: Sequence[DocumentInfo], terms: Sequence[Terms], meta: Mapping[str, Any] | None = None) -> CorpusIndex:
        if len(docs) != len(terms):
            raise ValueError("one Terms per document")
        # One mapping per source vocabulary into the new, sorted vocabulary (sorted: the same documents
        # always give the same index, byte for byte).
        sources: dict[int, Sequence[str]] = {}
        for item in terms:
            sources.setdefault(id(item.vocab), item.vocab)
        words = sorted({w for vocab in sources.values() for w in vocab})
        position = {w: i for i, w in enumerate(words)}
        maps = {key: np.fromiter((position[w] for w in vocab), np.int32, len(vocab)) for key, vocab in sources.items()}
        ids_parts: list[np.ndarray] = []
        tf_parts: list[np.ndarray] = []
        lengths = np.zeros(len(docs), dtype=np.int64)
        for n, item in enumerate(terms):
            ids = maps[id(item.vocab)][item.ids]
            order = np.argsort(ids, kind="stable")
            ids_parts.append(ids[order])
            tf_parts.append(np.minimum(item.counts[order], _MAX_TF).astype(np.uint16))
            lengths[n] = len(ids)
        doc_ptr = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(lengths, out=doc_ptr[1:])
        charge_names = sorted({c for d in docs for c in d.charges} | {d.amount_charge for d in docs if d.amount_charge})
        charge_pos = {c: i for i, c in enumerate(charge_names)}
        charge_counts = np.fromiter((len(d.charges) for d in docs), np.int64, len(docs))
        charge_ptr = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(charge_counts, out=charge_ptr[1:])
        kinds = {k: i for i, k in enumerate(DOCUMENT_KINDS)}
        index = cls(
            keys=[d.key for d in docs],
            doc_type=np.fromiter((d.doc_type for d in docs), np.uint8, len(docs)),
            kind=np.fromiter((kinds[d.kind] for d in docs), np.uint8, len(docs)),
            term_months=np.fromiter(
                (_NO_MONTHS if d.term_months is None else min(d.term_months, 32767) for d in docs), np.int16, len(docs)
            ),
            life=np.fromiter((d.life for d in docs), bool, len(docs)),
            death=np.fromiter((d.death for d in docs), bool, len(docs)),
            amount=np.fromiter((math.nan if d.amount is None else float(d.amount) for d in docs), np.float64, len(docs)),
            amount_charge=np.fromiter((charge_pos.get(d.amount_charge, -1) for d in docs), np.int32, len(docs)),
            tier=np.fromiter((-1 if d.tier is None else d.tier for d in docs), np.int8, len(docs)),
            circumstances=np.fromiter((to_bits(d.circumstances) for d in docs), np.uint32, len(docs)),
            digests=np.fromiter((d.digest for d in docs), np.uint64, len(docs)),
            charge_names=charge_names,
            charge_ptr=charge_ptr,
            charge_ids=np.fromiter((charge_pos[c] for d in docs for c in d.charges), np.int32, int(charge_counts.sum())),
            vocab=words,
            doc_ptr=doc_ptr,
            fwd_term=np.concatenate(ids_parts) if ids_parts else np.zeros(0, np.int32),
            fwd_tf=np.concatenate(tf_parts) if tf_parts else np.zeros(0, np.uint16),
            meta={"format": FORMAT_VERSION, "tokenizer": TOKENIZER_VERSION, **(meta or {})},
        )
        index._prepare()
        return index

    # -- serialization ---------------------------------------------------------------------------

    _ARRAYS = (
        "doc_type", "kind", "term_months", "life", "death", "amount", "amount_charge", "tier",
        "circumstances", "digests", "charge_ptr", "charge_ids", "doc_ptr", "fwd_term", "fwd_tf",
    )  # fmt: skip

    def to_bytes(self) -> bytes:
        arrays = {name: getattr(self, name) for name in self._ARRAYS}
        arrays["keys"] = _pack_strings(self.keys)
        arrays["charge_names"] = _pack_strings(self.charge_names)
        arrays["vocab"] = _pack_strings(self.vocab)
        arrays["meta"] = np.frombuffer(json.dumps(self.meta, ensure_ascii=False).encode("utf-8"), np.uint8)
        for name, value in self.extras.items():
            arrays[f"extra__{name}"] = value
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> CorpusIndex:
        with np.load(io.BytesIO(data), allow_pickle=False) as stored:
            meta = json.loads(stored["meta"].tobytes().decode("utf-8"))
            if meta.get("format") != FORMAT_VERSION:
                raise ValueError(f"index format {meta.get('format')} is not {FORMAT_VERSION}: rebuild it")
            index = cls(
                keys=_unpack_strings(stored["keys"]),
                charge_names=_unpack_strings(stored["charge_names"]),
                vocab=_unpack_strings(stored["vocab"]),
                meta=meta,
                extras={name[7:]: stored[name] for name in stored.files if name.startswith("extra__")},
                **{name: stored[name] for name in cls._ARRAYS},
            )
        index._prepare()
        return index

    @property
    def digest(self) -> str:
        return str(self.meta.get("digest", ""))

    # -- derived structures ------------------------------------------------------------------------

    def _prepare(self) -> None:
        n = len(self.keys)
        self.size = n
        self.term_id = {w: i for i, w in enumerate(self.vocab)}
        entry_doc = np.repeat(np.arange(n, dtype=np.int32), np.diff(self.doc_ptr))
        tf = self.fwd_tf.astype(np.float32)
        self.doc_len = np.bincount(entry_doc, weights=tf, minlength=n).astype(np.float32)
        average = float(self.doc_len.mean()) if n else 1.0
        self.average_length = max(average, 1e-9)
        order = np.argsort(self.fwd_term, kind="stable")
        self.post_doc = entry_doc[order]
        post_tf = tf[order]
        counts = np.bincount(self.fwd_term, minlength=len(self.vocab))
        self.post_ptr = np.zeros(len(self.vocab) + 1, dtype=np.int64)
        np.cumsum(counts, out=self.post_ptr[1:])
        self.df = counts.astype(np.float32)
        self.idf = np.log1p((n - self.df + 0.5) / (self.df + 0.5)).astype(np.float32)
        norm = K1 * (1 - B + B * self.doc_len / self.average_length)
        # The BM25 term-frequency part of every posting, computed once: a query adds idf × this.
        self.post_w = (post_tf * (K1 + 1) / (post_tf + norm[self.post_doc])).astype(np.float32)
        self.entry_doc = entry_doc
        # Charges: a document-major list for scoring, and document lists per charge for filters.
        self.charge_doc = np.repeat(np.arange(n, dtype=np.int32), np.diff(self.charge_ptr))
        self.charge_pos = {c: i for i, c in enumerate(self.charge_names)}
        self.charge_count = np.diff(self.charge_ptr)
        self.is_judgment = self.doc_type == JUDGMENT
        self.labelled = self.is_judgment & (self.charge_count > 0)
        self.key_pos = {k: i for i, k in enumerate(self.keys)}
        self._ready = True

    # -- reading documents ----------------------------------------------------------------------------

    def charges_of(self, doc: int) -> list[str]:
        return [self.charge_names[c] for c in self.charge_ids[self.charge_ptr[doc] : self.charge_ptr[doc + 1]]]

    def terms_of(self, doc: int) -> Terms:
        start, end = self.doc_ptr[doc], self.doc_ptr[doc + 1]
        return Terms(self.vocab, self.fwd_term[start:end], self.fwd_tf[start:end].astype(np.int64))

    def months_of(self, doc: int) -> int | None:
        value = int(self.term_months[doc])
        return None if value == _NO_MONTHS else value

    def docs_with_charge(self, charge: str) -> np.ndarray:
        position = self.charge_pos.get(charge)
        if position is None:
            return np.zeros(0, dtype=np.int32)
        return self.charge_doc[self.charge_ids == position]

    def query_terms(self, counts: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray]:
        """Term ids and counts of the words of a query that the index knows."""
        known = [(self.term_id[w], c) for w, c in counts.items() if w in self.term_id]
        if not known:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        ids, tfs = zip(*known, strict=True)
        return np.asarray(ids, np.int32), np.asarray(tfs, np.float32)

    # -- scoring -------------------------------------------------------------------------------------

    def bm25(self, term_ids: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every document for these terms (each counted once unless weighted)."""
        scores = np.zeros(self.size, dtype=np.float32)
        for position, term in enumerate(term_ids):
            start, end = self.post_ptr[term], self.post_ptr[term + 1]
            if start == end:
                continue
            factor = self.idf[term] * (1.0 if weights is None else weights[position])
            # A document appears once in a term's postings, so fancy-index addition is exact.
            scores[self.post_doc[start:end]] += factor * self.post_w[start:end]
        return scores

    def term_weights(self, doc: int, term_ids: np.ndarray) -> np.ndarray:
        """The BM25 weight (tf part) of each of ``term_ids`` in one document, 0 where absent."""
        start, end = self.doc_ptr[doc], self.doc_ptr[doc + 1]
        terms = self.fwd_term[start:end]
        found = np.searchsorted(terms, term_ids)
        found = np.minimum(found, max(len(terms) - 1, 0))
        present = (terms[found] == term_ids) if len(terms) else np.zeros(len(term_ids), bool)
        weights = np.zeros(len(term_ids), dtype=np.float32)
        if present.any():
            tf = self.fwd_tf[start:end][found[present]].astype(np.float32)
            norm = K1 * (1 - B + B * self.doc_len[doc] / self.average_length)
            weights[present] = tf * (K1 + 1) / (tf + norm)
        return weights

    @staticmethod
    def top(scores: np.ndarray, k: int, mask: np.ndarray | None = None) -> np.ndarray:
        """Indices of the k best positive scores (within ``mask``), best first; ties by position.

        The order is total (score descending, then position ascending) and the cut follows it, so
        that ``top(scores, k)`` is always ``top(scores, n)[:k]`` for n ≥ k: the pages of a search,
        each ranked afresh with a larger k, then never repeat or skip a hit.
        """
        if k <= 0:
            return np.zeros(0, dtype=np.int64)
        candidates = np.flatnonzero((scores > 0) & mask) if mask is not None else np.flatnonzero(scores > 0)
        values = scores[candidates]
        if len(candidates) > k:
            # Partitioning alone would keep an arbitrary few of the documents tied at the k-th score.
            # Keep every document above it, then the tied ones with the lowest positions (candidates
            # are in ascending position) until there are k.
            kth = np.partition(-values, k - 1)[k - 1]
            above = -values < kth
            tied = np.flatnonzero(-values == kth)[: k - int(np.count_nonzero(above))]
            above[tied] = True
            candidates, values = candidates[above], values[above]
        order = np.lexsort((candidates, -values))
        return candidates[order]

    # -- replication (benchmarks) ------------------------------------------------------------------------

    def replicated(self, target: int) -> CorpusIndex:
        """The corpus copied until it holds ``target`` documents (keys suffixed ~1, ~2 ...)."""
        n = self.size
        copies = math.ceil(target / n)
        take = np.concatenate([np.arange(n)] * copies)[:target]
        suffix = [("" if i < n else f"~{i // n}") for i in range(target)]

        def per_doc(array: np.ndarray) -> np.ndarray:
            return array[take]

        def csr(ptr: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            lengths = np.diff(ptr)[take]
            new_ptr = np.zeros(target + 1, dtype=np.int64)
            np.cumsum(lengths, out=new_ptr[1:])
            starts = np.repeat(ptr[take], lengths)
            offsets = np.arange(int(new_ptr[-1])) - np.repeat(new_ptr[:-1], lengths)
            return new_ptr, values[starts + offsets]

        doc_ptr, fwd_term = csr(self.doc_ptr, self.fwd_term)
        _, fwd_tf = csr(self.doc_ptr, self.fwd_tf)
        charge_ptr, charge_ids = csr(self.charge_ptr, self.charge_ids)
        copy = CorpusIndex(
            keys=[self.keys[t] + s for t, s in zip(take, suffix, strict=True)],
            doc_type=per_doc(self.doc_type),
            kind=per_doc(self.kind),
            term_months=per_doc(self.term_months),
            life=per_doc(self.life),
            death=per_doc(self.death),
            amount=per_doc(self.amount),
            amount_charge=per_doc(self.amount_charge),
            tier=per_doc(self.tier),
            circumstances=per_doc(self.circumstances),
            digests=per_doc(self.digests),
            charge_names=self.charge_names,
            charge_ptr=charge_ptr,
            charge_ids=charge_ids,
            vocab=self.vocab,
            doc_ptr=doc_ptr,
            fwd_term=fwd_term,
            fwd_tf=fwd_tf,
            meta={**self.meta, "replicated_from": n},
            extras=self.extras,
        )
        copy._prepare()
        return copy
