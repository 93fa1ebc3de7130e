"""How well the case database finds comparable judgments and recommends sentences.

    python bench/knowledge_eval.py [--limit N] [--queries N] [--folds 5]

Similar cases, on a leave-one-out split of the public corpus (each labelled judgment, by its text,
as the query against all the others): charge precision@10, the share of the ten answers that share
a charge with the query, for procuracy's similar-case search and for plain BM25 over the same jieba
words (the floor). Goal: at least 1.5 times the floor. procuracy's charge classifier is trained by
cross-fitting (``--folds``): a query is classified by a model that never saw it, and neither its
labels nor the amount derived from them enter the query.

Sentencing, over the duty-crime judgments whose text gives an amount and which carry a sentence:
the share whose sentence lies in the statutory range of their bracket, and the mean absolute error
of the recommended months (each judgment left out of its own references), beside the error of
recommending the middle of the statutory range.

``--limit`` keeps the first N judgments (a quick run); figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from procuracy.knowledge import sentencing_law
from procuracy.knowledge.classifier import ChargeClassifier
from procuracy.knowledge.index import CorpusIndex
from procuracy.knowledge.recommend import LIFE_MONTHS, MITIGATION, recommend
from procuracy.knowledge.shipped import MemoryCorpus, load_corpus
from procuracy.knowledge.similar import CaseQuery, SimilarCases, plain_bm25

GOAL_RATIO = 1.5
TOP = 10


def charge_precision(index: CorpusIndex, query: int, answers: np.ndarray) -> float:
    wanted = set(index.charges_of(query))
    hits = sum(1 for doc in answers[:TOP] if wanted & set(index.charges_of(int(doc))))
    return hits / TOP


def evaluate_similar(corpus: MemoryCorpus, queries: np.ndarray, folds: int, seed: int) -> dict[str, float]:
    index = corpus.index
    labelled = np.flatnonzero(index.labelled)
    rng = np.random.default_rng(seed)
    fold_of = np.full(index.size, -1)
    fold_of[labelled] = rng.permutation(len(labelled)) % folds
    floor: list[float] = []
    ours: list[float] = []
    started = time.perf_counter()
    for fold in range(folds):
        in_fold = queries[fold_of[queries] == fold]
        if not len(in_fold):
            continue
        classifier = ChargeClassifier.train(index, labelled[fold_of[labelled] != fold])
        engine = SimilarCases(index, classifier)
        for doc in in_fold:
            doc = int(doc)
            floor.append(charge_precision(index, doc, plain_bm25(index, index.terms_of(doc), exclude=doc)))
            query = CaseQuery.from_document(index, doc, corpus.text_of(doc), known_charges=False)
            # The stored amount was read for the judgment's own charge: leave it to the search.
            query.amount, query.amount_charge, query.tier = None, "", None
            answers = np.array([case.doc for case in engine.find(query, top=TOP)], dtype=np.int64)
            ours.append(charge_precision(index, doc, answers))
    return {
        "queries": len(ours),
        "floor": float(np.mean(floor)) if floor else 0.0,
        "ours": float(np.mean(ours)) if ours else 0.0,
        "seconds": time.perf_counter() - started,
    }


def _actual_months(index: CorpusIndex, doc: int) -> int:
    return LIFE_MONTHS if index.life[doc] else int(index.term_months[doc])


def evaluate_sentencing(corpus: MemoryCorpus) -> dict[str, float]:
    index = corpus.index
    in_range: list[bool] = []
    errors: list[float] = []
    middle_errors: list[float] = []
    for doc in range(index.size):
        charge_pos = int(index.amount_charge[doc])
        if not index.is_judgment[doc] or index.kind[doc] != 0 or charge_pos < 0 or math.isnan(index.amount[doc]):
            continue
        charge = index.charge_names[charge_pos]
        if charge not in sentencing_law.CHARGES or (index.term_months[doc] < 0 and not index.life[doc]):
            continue
        derived = corpus.derived[doc]
        actual = _actual_months(index, doc)
        result = recommend(
            charge,
            derived.amount,
            [c for c in derived.circumstances if c in MITIGATION],
            index=index,
            exclude=[doc],
        )
        assessment = result.assessment
        if assessment.tier == 0:
            inside = actual == 0
        elif index.life[doc]:
            inside = assessment.life
        else:
            inside = assessment.months_min <= actual <= assessment.months_max
        in_range.append(inside)
        errors.append(abs(result.months - actual))
        middle = 0 if assessment.tier == 0 else (assessment.months_min + assessment.months_max) / 2
        middle_errors.append(abs(middle - actual))
    return {
        "judgments": len(in_range),
        "in_range": float(np.mean(in_range)) if in_range else 0.0,
        "mae": float(np.mean(errors)) if errors else 0.0,
        "mae_middle": float(np.mean(middle_errors)) if middle_errors else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="keep only the first N judgments")
    parser.add_argument("--queries", type=int, default=None, help="evaluate a sample of N queries")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    corpus = load_corpus(limit=args.limit, train=False)
    index = corpus.index
    print(
        f"corpus: {int(index.is_judgment.sum())} judgments ({int(index.labelled.sum())} with a catalogue charge), "
        f"{int((~index.is_judgment).sum())} guiding cases; indexed in {time.perf_counter() - started:.1f} s "
        f"({corpus.report.reused} word counts reused, {corpus.report.tokenized} tokenized)"
    )
    queries = np.flatnonzero(index.labelled & (np.diff(index.doc_ptr) > 0))
    if args.queries is not None and args.queries < len(queries):
        queries = np.sort(np.random.default_rng(args.seed).choice(queries, args.queries, replace=False))
    similar = evaluate_similar(corpus, queries, max(2, args.folds), args.seed)
    ratio = similar["ours"] / similar["floor"] if similar["floor"] else math.inf
    print(f"similar cases, leave-one-out over {similar['queries']} labelled judgments ({similar['seconds']:.1f} s):")
    print(f"  charge precision@10, procuracy:        {similar['ours']:.3f}")
    print(f"  charge precision@10, plain BM25 floor: {similar['floor']:.3f}")
    verdict = "met" if ratio >= GOAL_RATIO else "NOT met"
    print(f"  ratio {ratio:.2f} (goal >= {GOAL_RATIO}: {verdict})")
    sentencing = evaluate_sentencing(corpus)
    print(f"sentencing, {sentencing['judgments']} duty-crime judgments with an amount in the text and a sentence:")
    print(f"  actual sentence within the statutory range: {sentencing['in_range']:.1%}")
    print(f"  mean absolute error of the recommended months: {sentencing['mae']:.1f}")
    print(f"  (recommending the middle of the statutory range: {sentencing['mae_middle']:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
