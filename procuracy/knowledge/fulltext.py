"""Full-text search over the index: filters, BM25 ranking and highlighted snippets.

Pure Python and numpy (the command and the pages add the database and the audit log in
``search.py``; the benchmark calls this directly over a replicated index).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from procuracy.knowledge.corpus import DOCUMENT_KINDS
from procuracy.knowledge.index import DOC_TYPES, CorpusIndex
from procuracy.knowledge.tokens import count_terms

__all__ = ["Filters", "Snippet", "rank", "snippet"]

SNIPPET_WIDTH = 160
_LEAD = 30  # characters shown before the first match of a snippet


@dataclass(frozen=True)
class Filters:
    charges: tuple[str, ...] = ()  # catalogue names; a document must have one of them
    kind: str | None = None  # duty, organized, other
    doc_type: str | None = None  # judgment, guiding_case
    min_months: int | None = None  # sentence range (fixed-term months; life counts as above any bound)
    max_months: int | None = None

    def mask(self, index: CorpusIndex) -> np.ndarray:
        mask = np.ones(index.size, dtype=bool)
        if self.charges:
            allowed = np.zeros(index.size, dtype=bool)
            for charge in self.charges:
                allowed[index.docs_with_charge(charge)] = True
            mask &= allowed
        if self.kind is not None:
            mask &= index.kind == DOCUMENT_KINDS.index(self.kind)
        if self.doc_type is not None:
            mask &= index.doc_type == DOC_TYPES.index(self.doc_type)
        if self.min_months is not None or self.max_months is not None:
            known = index.term_months >= 0
            low = self.min_months if self.min_months is not None else 0
            in_range = known & (index.term_months >= low)
            if self.max_months is not None:
                in_range &= index.term_months <= self.max_months
            # Life imprisonment lies above every fixed term: it meets a minimum, never a maximum.
            if self.max_months is None:
                in_range |= index.life
            mask &= in_range
        return mask


def query_words(query: str) -> list[str]:
    return list(count_terms(query))


def rank(index: CorpusIndex, query: str, filters: Filters, top: int = 10) -> tuple[np.ndarray, np.ndarray, int, list[str]]:
    """The best documents for a query: (documents, their scores, how many match, the query's words)."""
    words = query_words(query)
    ids, _counts = index.query_terms(dict.fromkeys(words, 1))
    scores = index.bm25(ids)
    mask = filters.mask(index)
    matching = int(np.count_nonzero((scores > 0) & mask))
    chosen = CorpusIndex.top(scores, top, mask)
    return chosen, scores[chosen], matching, words


@dataclass(frozen=True)
class Snippet:
    text: str
    spans: tuple[tuple[int, int], ...]  # highlighted ranges of ``text``

    def marked(self, before: str = "【", after: str = "】") -> str:
        parts: list[str] = []
        position = 0
        for start, end in self.spans:
            parts += [self.text[position:start], before, self.text[start:end], after]
            position = end
        parts.append(self.text[position:])
        return "".join(parts)


def _occurrences(text: str, words: Sequence[str]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for word in sorted(set(words), key=len, reverse=True):
        if not word:
            continue
        pattern = re.compile(re.escape(word), re.IGNORECASE if word.isascii() else 0)
        found.extend((m.start(), m.end(), word) for m in pattern.finditer(text))
    found.sort()
    return found


def snippet(text: str, words: Sequence[str], width: int = SNIPPET_WIDTH) -> Snippet:
    """The stretch of ``text`` holding the most distinct query words, with their places marked."""
    text = re.sub(r"\s+", " ", text or "").strip()
    found = _occurrences(text, words)
    if not found:
        cut = text[:width]
        return Snippet(cut + ("…" if len(text) > width else ""), ())
    # Each window opens a little before an occurrence; the best holds the most distinct words, and
    # the search stops at the first window holding all of them (a long judgment can hold hundreds
    # of matches of a common word).
    starts = [occurrence[0] for occurrence in found]
    wanted = len({word for _start, _end, word in found})
    best_start, best_count = 0, -1
    for start in starts:
        window_start = max(0, start - _LEAD)
        window_end = window_start + width
        low, high = bisect_left(starts, window_start), bisect_right(starts, window_end)
        count = len({w for _s, e, w in found[low:high] if e <= window_end})
        if count > best_count:
            best_start, best_count = window_start, count
            if count == wanted:
                break
    window_end = min(len(text), best_start + width)
    prefix = "…" if best_start > 0 else ""
    suffix = "…" if window_end < len(text) else ""
    shift = len(prefix) - best_start
    spans: list[tuple[int, int]] = []
    for start, end, _word in found:
        if start < best_start or end > window_end:
            continue
        start, end = start + shift, end + shift
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return Snippet(prefix + text[best_start:window_end] + suffix, tuple(spans))
