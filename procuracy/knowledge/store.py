"""The search index of the database, loaded once per process and reloaded when an import changed it."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from procuracy.knowledge.classifier import ChargeClassifier
from procuracy.knowledge.index import CorpusIndex
from procuracy.knowledge.models import SearchIndex
from procuracy.knowledge.similar import SimilarCases

__all__ = ["LoadedIndex", "current", "forget"]

INDEX_NAME = "corpus"


@dataclass(frozen=True)
class LoadedIndex:
    index: CorpusIndex
    engine: SimilarCases


_lock = threading.Lock()
_loaded: LoadedIndex | None = None


def current() -> LoadedIndex | None:
    """The index the database holds now (None before the first import).

    One cheap query per call checks the stored digest; the blob is read and unpacked only when it
    changed, so a long-running server sees imports made by other processes.
    """
    global _loaded
    digest = SearchIndex.objects.filter(name=INDEX_NAME).values_list("digest", flat=True).first()
    if digest is None:
        return None
    loaded = _loaded
    if loaded is not None and loaded.index.digest == digest:
        return loaded
    with _lock:
        if _loaded is not None and _loaded.index.digest == digest:
            return _loaded
        data = SearchIndex.objects.filter(name=INDEX_NAME).values_list("data", flat=True).first()
        if data is None:
            return None
        index = CorpusIndex.from_bytes(bytes(data))
        _loaded = LoadedIndex(index, SimilarCases(index, ChargeClassifier.from_extras(index.extras)))
        return _loaded


def remember(index: CorpusIndex) -> LoadedIndex:
    """Keep an index just built (and stored) by this process, sparing a reload."""
    global _loaded
    with _lock:
        _loaded = LoadedIndex(index, SimilarCases(index, ChargeClassifier.from_extras(index.extras)))
        return _loaded


def forget() -> None:
    global _loaded
    with _lock:
        _loaded = None
