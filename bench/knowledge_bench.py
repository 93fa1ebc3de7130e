"""Latency of full-text search and similar-case answers over a large case database.

    python bench/knowledge_bench.py [--scale full|small] [--documents N] [--queries N]

The public corpus (4,140 documents) is replicated until the index holds ``--documents``
(default 100,000 at full scale), and typical questions are timed in-process, one after the other:

* search: a few words with and without filters (charge, kind, sentence range), ranked by BM25,
  with highlighted snippets of the ten best;
* similar cases: the facts of a real judgment as a prosecutor would paste them (tokenizing, charge
  estimate, amount and circumstances, scoring every document, reasons for the ten best).

Prints p50 and p95 per kind; goal: under 50 ms p95 at 100,000 documents. The database read of the
ten rows shown (by primary key) is not included; it takes about a millisecond. ``--scale small``
(5,000 documents, few queries) lets the test suite check that the benchmark runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from procuracy.knowledge.classifier import ChargeClassifier
from procuracy.knowledge.fulltext import Filters, rank, snippet
from procuracy.knowledge.shipped import load_corpus
from procuracy.knowledge.similar import CaseQuery, SimilarCases

GOAL_P95_MS = 50.0
SEARCHES = [
    ("受贿 工程款", Filters()),
    ("受贿 工程款", Filters(kind="duty")),
    ("挪用公款 赌博", Filters()),
    ("贪污 扶贫资金", Filters(charges=("贪污",))),
    ("滥用职权 重大损失", Filters(kind="duty", max_months=36)),
    ("行贿 谋取不正当利益", Filters()),
    ("黑社会性质组织 敲诈勒索", Filters(kind="organized")),
    ("故意伤害 轻伤", Filters(min_months=6, max_months=36)),
    ("甲基苯丙胺 贩卖", Filters(charges=("走私、贩卖、运输、制造毒品",))),
    ("盗窃 电动车", Filters()),
    ("自首 退赃", Filters(doc_type="judgment")),
    ("检察建议", Filters(doc_type="guiding_case")),
    ("被告人", Filters()),
    ("非法拘禁 索要债务", Filters()),
    ("玩忽职守 安全生产 事故", Filters()),
    ("集资诈骗 高额回报", Filters()),
]


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["full", "small"], default="full")
    parser.add_argument("--documents", type=int, default=None, help="documents in the replicated index")
    parser.add_argument("--queries", type=int, default=None, help="similar-case queries to time")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)
    documents = args.documents or (100_000 if args.scale == "full" else 5_000)
    similar_queries = args.queries or (200 if args.scale == "full" else 10)
    search_rounds = 10 if args.scale == "full" else 1

    started = time.perf_counter()
    corpus = load_corpus()
    base = corpus.index
    index = base.replicated(documents) if documents > base.size else base
    classifier = ChargeClassifier.from_extras(base.extras)
    engine = SimilarCases(index, classifier)
    print(f"index: {index.size} documents ({base.size} replicated), {len(index.vocab)} words, "
          f"{len(index.post_doc):,} postings; built in {time.perf_counter() - started:.1f} s")

    def text_of(doc: int) -> str:
        return corpus.texts[doc % base.size]

    # Warm-up: first calls load jieba's dictionary and fill caches that every later query shares.
    rank(index, "受贿", Filters(), 10)
    engine.find(CaseQuery.from_text("被告人收受他人贿赂"), top=10)

    search_ms: list[float] = []
    for _round in range(search_rounds):
        for query, filters in SEARCHES:
            start = time.perf_counter()
            docs, _scores, _total, words = rank(index, query, filters, 10)
            for doc in docs:
                snippet(text_of(int(doc)), words)
            search_ms.append((time.perf_counter() - start) * 1000)

    rng = np.random.default_rng(args.seed)
    pool = np.flatnonzero(base.labelled)
    similar_ms: list[float] = []
    for doc in rng.choice(pool, size=min(similar_queries, len(pool)), replace=False):
        record = corpus.records[int(doc)]
        text = record.get("fact") or record.get("full_text") or ""
        start = time.perf_counter()
        engine.find(CaseQuery.from_text(text), top=10)
        similar_ms.append((time.perf_counter() - start) * 1000)

    for name, values in (("search", search_ms), ("similar cases", similar_ms)):
        p50, p95 = percentile(values, 50), percentile(values, 95)
        verdict = "met" if p95 < GOAL_P95_MS else "NOT met"
        print(f"{name}: {len(values)} queries over {index.size} documents: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
              f"(goal p95 < {GOAL_P95_MS:.0f} ms: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
