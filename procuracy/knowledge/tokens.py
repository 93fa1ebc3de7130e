"""Words of Chinese legal text, for the full-text index and for queries (jieba).

jieba segments runs of Chinese characters by its dictionary in search mode (``HMM=False``: without the hidden
Markov model guessing new words, segmentation is twice as fast and the same text always gives the
same words, which the index and its queries need). Latin words of two letters or more (KTV, QQ)
are kept in lower case; digits, punctuation, the ×× of anonymised texts and a short list of
function words are dropped, since they tell documents apart by nothing but length.

Tokenizing the whole public corpus takes jieba about 15 seconds of one core, so
:func:`count_many` segments each distinct run of characters once (judgments repeat their
formulas) and spreads large batches over the machine's cores.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

import jieba

__all__ = ["TOKENIZER_VERSION", "count_many", "count_terms", "tokenize"]

# Stored with every index: tokens from another version are never mixed with these.
TOKENIZER_VERSION = f"jieba-{jieba.__version__}/search-no-hmm/stop-1/legal-1"

_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[A-Za-z]{2,}")
STOPWORDS = frozenset(
    ["的", "了", "在", "是", "和", "与", "及", "或", "等", "其", "之", "于", "将", "对", "被", "为", "以", "并", "而", "也", "又", "均", "由", "该", "此", "把", "从", "向", "给", "到", "着", "所", "则", "即", "但", "因", "如", "就", "都", "还", "已", "这", "那", "个", "之后", "以及", "并且", "或者"]
)
# Below this many characters a batch is segmented in this process: starting workers costs more.
_PARALLEL_FROM_CHARS = 400_000

# Terms of criminal law that jieba's general dictionary splits, and whose split loses the meaning:
# 非国家工作人员 and 国家工作人员 are what tells 非国家工作人员受贿 from 受贿, and cut into 国家/工作人员
# they look alike. Charge names of the catalogue are added too (those written without 、).
LEGAL_WORDS = (
    "国家工作人员", "非国家工作人员", "国家机关工作人员", "司法工作人员", "监察机关", "监察委员会",
    "职务便利", "职务之便", "为他人谋取利益", "谋取不正当利益", "数额较大", "数额巨大", "数额特别巨大",
    "情节严重", "情节特别严重", "重大损失", "认罪认罚", "如实供述", "退赃", "退缴", "退赔", "索贿",
    "自首", "立功", "累犯", "从犯", "主犯", "黑社会性质组织", "恶势力", "好处费", "回扣", "扶贫资金",
    "专项资金", "公款", "私分", "暂予监外执行", "取保候审", "指定居所监视居住", "留置",
)  # fmt: skip

_LEGAL_FREQUENCY = 20_000

jieba.setLogLevel(logging.WARNING)
_segmenter = jieba.Tokenizer()
_ready_lock = threading.Lock()
_ready = False


def _prepare() -> None:
    """Load jieba's dictionary and add the legal words (once; before forking workers)."""
    global _ready
    if _ready:
        return
    with _ready_lock:
        if _ready:
            return
        from procuracy.knowledge.charges import catalogue

        _segmenter.initialize()
        names = [n for n in catalogue().rows if "、" not in n and len(n) >= 3]
        for word in (*LEGAL_WORDS, *names):
            # A fixed, high frequency keeps each term whole; asking jieba to suggest one would
            # segment every term again at start-up.
            _segmenter.add_word(word, freq=max(_segmenter.FREQ.get(word) or 0, _LEGAL_FREQUENCY))
        _ready = True


def _segment_run(run: str) -> list[str]:
    if run.isascii():
        return [run.lower()]
    # Search mode adds the dictionary words inside a long word (受贿罪 also gives 受贿), so that a
    # query for 受贿 finds 受贿罪 and a query for 受贿罪 still prefers the exact word.
    _prepare()
    words: list[str] = []
    frequencies = _segmenter.FREQ
    for word in _segmenter.cut(run, HMM=False):
        if len(word) > 2:
            words.extend(word[i : i + 2] for i in range(len(word) - 1) if frequencies.get(word[i : i + 2]))
            if len(word) > 3:
                words.extend(word[i : i + 3] for i in range(len(word) - 2) if frequencies.get(word[i : i + 3]))
        if word not in STOPWORDS:
            words.append(word)
    return words


@lru_cache(maxsize=50_000)
def _segment_cached(run: str) -> tuple[str, ...]:
    return tuple(_segment_run(run))


def tokenize(text: str) -> list[str]:
    """The index words of a text, in order (a query is tokenized exactly as documents are)."""
    words: list[str] = []
    for run in _RUN_RE.findall(text or ""):
        words.extend(_segment_cached(run))
    return words


def count_terms(text: str) -> Counter[str]:
    return Counter(tokenize(text))


def _count_chunk(texts: Sequence[str]) -> list[dict[str, int]]:
    seen: dict[str, list[str]] = {}
    counts: list[dict[str, int]] = []
    for text in texts:
        counter: Counter[str] = Counter()
        for run in _RUN_RE.findall(text or ""):
            words = seen.get(run)
            if words is None:
                words = seen[run] = _segment_run(run)
            counter.update(words)
        counts.append(dict(counter))
    return counts


def count_many(
    texts: Sequence[str], *, workers: int | None = None, progress: Callable[[int], object] | None = None
) -> list[dict[str, int]]:
    """Term counts of many texts, in order; large batches use every core."""
    _prepare()  # before forking, so that workers inherit the loaded dictionary
    total_chars = sum(len(t or "") for t in texts)
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers < 2 or total_chars < _PARALLEL_FROM_CHARS or "fork" not in multiprocessing.get_all_start_methods():
        result = _count_chunk(texts)
        if progress:
            progress(len(texts))
        return result
    # Interleaved chunks balance long full texts against short facts; order is restored below.
    size = max(1, len(texts) // (workers * 8))
    chunks = [list(range(start, min(start + size, len(texts)))) for start in range(0, len(texts), size)]
    result: list[dict[str, int]] = [{} for _ in texts]
    # fork: the workers need nothing but this module and the loaded dictionary, and fork gives
    # them both at once (spawn would load jieba again in each).
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        for indices, counts in zip(
            chunks, pool.imap(_count_chunk, [[texts[i] for i in chunk] for chunk in chunks]), strict=True
        ):
            for index, count in zip(indices, counts, strict=True):
                result[index] = count
            if progress:
                progress(len(indices))
    return result
