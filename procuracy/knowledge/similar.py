"""Similar judgments for a text, a judgment or a person: by what the case is, not only by its words.

A prosecutor looking for comparable cases wants judgments of the same charge first, then of the
same amount bracket and circumstances, and among those the ones that read alike. So the search
first estimates which charges the query describes, from three kinds of evidence:

* the charges the text names itself (构成受贿罪, 一、贪污犯罪事实: :meth:`ChargeCatalogue.mentions`);
* a classifier learnt from the labelled judgments (:mod:`procuracy.knowledge.classifier`);
* the charges of the judgments that BM25 finds closest (a nearest-neighbour vote);

or takes them as given (a judgment's own charges, a registry person's charge counts). Each
judgment is then scored by the probability that it shares a charge with the query, plus smaller
terms for reading alike (BM25, scaled to the best match), a close amount in the same statutory
bracket, and shared circumstances (自首, 退赃, 索贿 ...). Every answer says why.

Pure numpy over :class:`CorpusIndex`; no database.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from procuracy.knowledge.amounts import amount_involved
from procuracy.knowledge.charges import catalogue
from procuracy.knowledge.circumstances import from_bits, read_circumstances, to_bits
from procuracy.knowledge.classifier import ChargeClassifier
from procuracy.knowledge.corpus import AMOUNT_CHARGES, statutory_bracket
from procuracy.knowledge.index import CorpusIndex, Terms
from procuracy.knowledge.tokens import count_terms

__all__ = ["CaseQuery", "SimilarCase", "SimilarCases", "Weights"]

# Charges that differ only by who committed them: a state functionary (国家工作人员, CL arts. 382-385)
# or an employee of a company or other unit (arts. 163, 271, 272). Word statistics confuse them
# (the corpus holds three times as many 非国家工作人员受贿 as 受贿 judgments, in another style), but a
# text that states the defendant's status settles it.
STATUS_TWINS = (("受贿", "非国家工作人员受贿"), ("贪污", "职务侵占"), ("挪用公款", "挪用资金"))
_PUBLIC_STATUS_RE = re.compile(r"(?:身为|系|是|属于|属|作为|均为)国家工作人员|国家机关工作人员|从事公务|以国家工作人员论")
_PRIVATE_STATUS_RE = re.compile(r"非国家工作人员|公司、企业或者其他单位的工作人员|公司、企业人员")
_STATUS_SHIFT = 0.8  # share of the twin's probability moved to the charge the status points to


@dataclass(frozen=True)
class Weights:
    """How the evidence is mixed (tuned by ``bench/knowledge_eval.py`` on the public corpus)."""

    knn: float = 0.3  # neighbour vote, in the charge estimate
    classifier: float = 1.0  # learnt classifier, in the charge estimate
    mentions: float = 1.0  # charges the text names, in the charge estimate
    neighbours: int = 20
    text: float = 0.05  # BM25 relative to the best match, in the final score
    amount: float = 0.04  # close amount, same bracket
    circumstances: float = 0.02  # shared circumstances (Jaccard)
    query_terms: int = 40  # a long text is searched by its most distinctive words
    min_df: int = 2  # ... that other documents use too (a name or a place tells nothing about the case)
    temperature: float = 1.0  # softening of the classifier's estimate (see ChargeClassifier.probabilities)


@dataclass
class CaseQuery:
    """What is known about the case to match. ``counts``: its words (see :func:`CaseQuery.from_text`)."""

    counts: Mapping[str, float]
    text: str = ""
    charges: tuple[str, ...] = ()  # known charges (catalogue names): they replace the estimate
    amount: Decimal | None = None
    amount_charge: str = ""
    tier: int | None = None
    circumstances: tuple[str, ...] = ()
    exclude: int | None = None  # an index document to leave out (the judgment itself)

    @classmethod
    def from_text(cls, text: str) -> CaseQuery:
        return cls(counts=count_terms(text), text=text, circumstances=read_circumstances(text))

    @classmethod
    def from_document(cls, index: CorpusIndex, doc: int, text: str = "", *, known_charges: bool = True) -> CaseQuery:
        """A query made of an indexed judgment: its words, charges, amount and circumstances."""
        terms = index.terms_of(doc)
        amount = index.amount[doc]
        charge = int(index.amount_charge[doc])
        return cls(
            counts={index.vocab[t]: float(c) for t, c in zip(terms.ids, terms.counts, strict=True)},
            text=text,
            charges=tuple(index.charges_of(doc)) if known_charges else (),
            amount=None if math.isnan(amount) else Decimal(str(amount)),
            amount_charge=index.charge_names[charge] if charge >= 0 else "",
            tier=None if index.tier[doc] < 0 else int(index.tier[doc]),
            circumstances=from_bits(int(index.circumstances[doc])),
            exclude=doc,
        )


@dataclass
class SimilarCase:
    doc: int
    key: str
    score: float
    charges: list[str]
    term_months: int | None
    life: bool
    shared_charges: list[str]
    charge_match: float  # probability that it shares a charge with the query
    text_match: float  # BM25 relative to the best match
    amount: float | None
    same_bracket: bool
    tier: int | None
    shared_circumstances: list[str]
    matching_terms: list[str]

    def why(self) -> dict[str, object]:
        return {
            "shared_charges": self.shared_charges,
            "charge_match": round(self.charge_match, 4),
            "text_match": round(self.text_match, 4),
            "amount_yuan": self.amount,
            "tier": self.tier,
            "same_bracket": self.same_bracket,
            "shared_circumstances": self.shared_circumstances,
            "matching_terms": self.matching_terms,
        }


@dataclass
class ChargeEstimate:
    probabilities: np.ndarray  # over index.charge_names
    given: bool

    def likely(self, names: Sequence[str], floor: float = 0.15) -> list[str]:
        order = np.argsort(-self.probabilities)
        chosen = [names[i] for i in order[:3] if self.probabilities[i] >= floor]
        return chosen or ([names[order[0]]] if len(order) and self.probabilities[order[0]] > 0 else [])


@dataclass
class SimilarCases:
    index: CorpusIndex
    classifier: ChargeClassifier | None = None
    weights: Weights = field(default_factory=Weights)

    # -- the charge estimate ---------------------------------------------------------------------------

    def _distribution(self, values: Mapping[str, float]) -> np.ndarray:
        result = np.zeros(len(self.index.charge_names), dtype=np.float64)
        for name, value in values.items():
            position = self.index.charge_pos.get(name)
            if position is not None:
                result[position] += value
        total = result.sum()
        return result / total if total > 0 else result

    def estimate_charges(self, query: CaseQuery, text_scores: np.ndarray, candidates: np.ndarray) -> ChargeEstimate:
        index = self.index
        if query.charges:
            return ChargeEstimate(self._distribution(dict.fromkeys(query.charges, 1.0)), given=True)
        weights = self.weights
        mixed = np.zeros(len(index.charge_names), dtype=np.float64)
        neighbours = CorpusIndex.top(text_scores, weights.neighbours, candidates & index.labelled)
        if len(neighbours):
            closeness = (text_scores[neighbours] / text_scores[neighbours[0]]) ** 2
            votes: dict[str, float] = {}
            for doc, weight in zip(neighbours, closeness, strict=True):
                for name in index.charges_of(int(doc)):
                    votes[name] = votes.get(name, 0.0) + float(weight)
            mixed += weights.knn * self._distribution(votes)
        if self.classifier is not None and query.counts:
            probabilities = self.classifier.probabilities(query.counts, weights.temperature)
            mixed += weights.classifier * self._distribution(probabilities)
        if query.text:
            mixed += weights.mentions * self._distribution(catalogue().mentions(query.text))
            self._status_shift(query.text, mixed)
        total = mixed.sum()
        return ChargeEstimate(mixed / total if total > 0 else mixed, given=False)

    def _status_shift(self, text: str, mixed: np.ndarray) -> None:
        public = len(_PUBLIC_STATUS_RE.findall(text))
        private = len(_PRIVATE_STATUS_RE.findall(text))
        if public == private:
            return
        for state, company in STATUS_TWINS:
            to, away = (state, company) if public > private else (company, state)
            target, source = self.index.charge_pos.get(to), self.index.charge_pos.get(away)
            if target is None or source is None:
                continue
            moved = mixed[source] * _STATUS_SHIFT
            mixed[source] -= moved
            mixed[target] += moved

    # -- the query's amount --------------------------------------------------------------------------------

    def _amount(self, query: CaseQuery, estimate: ChargeEstimate) -> tuple[Decimal | None, str, int | None]:
        if query.amount is not None:
            return query.amount, query.amount_charge, query.tier
        if not query.text:
            return None, "", None
        likely = set(estimate.likely(self.index.charge_names))
        charge = next((c for c in AMOUNT_CHARGES if c in likely), "")
        if not charge:
            return None, "", None
        amount = amount_involved(query.text, (charge,))
        if amount is None or amount <= 0:
            return None, charge, None
        statutory = statutory_bracket(charge, amount)
        return amount, charge, statutory[0] if statutory else None

    # -- the search --------------------------------------------------------------------------------------------

    def query_terms(self, query: CaseQuery) -> tuple[np.ndarray, np.ndarray]:
        """The query's words the index knows, the most distinctive first, at most ``query_terms``."""
        ids, counts = self.index.query_terms(query.counts)
        common = self.index.df[ids] >= self.weights.min_df
        if common.any():
            ids, counts = ids[common], counts[common]
        if not len(ids):
            return ids, counts
        weights = (1.0 + np.log(counts)) * self.index.idf[ids]
        keep = np.argsort(-weights, kind="stable")[: self.weights.query_terms]
        return ids[keep], (1.0 + np.log(counts[keep])).astype(np.float32)

    def find(self, query: CaseQuery, top: int = 10, candidates: np.ndarray | None = None) -> list[SimilarCase]:
        index = self.index
        weights = self.weights
        mask = index.is_judgment.copy() if candidates is None else (candidates & index.is_judgment)
        if query.exclude is not None:
            mask[query.exclude] = False
        term_ids, term_weights = self.query_terms(query)
        text_scores = index.bm25(term_ids, term_weights)
        estimate = self.estimate_charges(query, text_scores, mask)

        # Probability of sharing a charge: 1 - prod(1 - p) over the document's charges.
        p = np.clip(estimate.probabilities, 0.0, 1.0 - 1e-9)
        log_miss = np.bincount(index.charge_doc, weights=np.log1p(-p[index.charge_ids]), minlength=index.size)
        charge_match = 1.0 - np.exp(log_miss)

        best_text = float(text_scores[mask].max()) if mask.any() else 0.0
        text_match = text_scores / best_text if best_text > 0 else np.zeros(index.size, np.float32)

        amount, amount_charge, tier = self._amount(query, estimate)
        amount_match = np.zeros(index.size, dtype=np.float64)
        same_bracket = np.zeros(index.size, dtype=bool)
        if amount is not None:
            with np.errstate(invalid="ignore", divide="ignore"):
                distance = np.abs(np.log10(index.amount) - math.log10(float(amount)))
            closeness = np.nan_to_num(np.clip(1.0 - distance, 0.0, 1.0))
            charge_pos = index.charge_pos.get(amount_charge, -2)
            if tier is not None:
                same_bracket = (index.tier == tier) & (index.amount_charge == charge_pos)
            amount_match = 0.5 * closeness + 0.5 * same_bracket

        query_bits = to_bits(query.circumstances)
        circumstance_match = np.zeros(index.size, dtype=np.float64)
        if query_bits:
            union = np.bitwise_count(index.circumstances | np.uint32(query_bits))
            shared = np.bitwise_count(index.circumstances & np.uint32(query_bits))
            circumstance_match = shared / np.maximum(union, 1)

        score = (
            charge_match
            + weights.text * text_match
            + weights.amount * amount_match
            + weights.circumstances * circumstance_match
        )
        chosen = CorpusIndex.top(score, top, mask)
        likely = set(query.charges) if estimate.given else set(estimate.likely(index.charge_names))
        results: list[SimilarCase] = []
        for doc in chosen:
            doc = int(doc)
            contributions = index.idf[term_ids] * index.term_weights(doc, term_ids) * term_weights
            order = np.argsort(-contributions, kind="stable")
            words = [index.vocab[term_ids[i]] for i in order[:12] if contributions[i] > 0]
            # Search mode indexes the pieces of long words too (职务便利, 便利); show the whole words.
            matching = [w for w in words if not any(w != other and w in other for other in words)][:8]
            charges = index.charges_of(doc)
            doc_amount = index.amount[doc]
            results.append(
                SimilarCase(
                    doc=doc,
                    key=index.keys[doc],
                    score=round(float(score[doc]), 4),
                    charges=charges,
                    term_months=index.months_of(doc),
                    life=bool(index.life[doc]),
                    shared_charges=[c for c in charges if c in likely],
                    charge_match=float(charge_match[doc]),
                    text_match=float(text_match[doc]),
                    amount=None if math.isnan(doc_amount) else float(doc_amount),
                    same_bracket=bool(same_bracket[doc]),
                    tier=None if index.tier[doc] < 0 else int(index.tier[doc]),
                    shared_circumstances=list(from_bits(int(index.circumstances[doc]) & query_bits)),
                    matching_terms=matching,
                )
            )
        return results


def plain_bm25(index: CorpusIndex, terms: Terms, exclude: int | None, top: int = 10) -> np.ndarray:
    """The floor the evaluation compares against: BM25 over all the query's words, nothing else."""
    known = np.asarray(terms.ids)
    scores = index.bm25(known)
    mask = index.is_judgment.copy()
    if exclude is not None:
        mask[exclude] = False
    return CorpusIndex.top(scores, top, mask)


def person_query(charges: Sequence[str], amounts: Sequence[Decimal | None], words: str = "") -> CaseQuery:
    """A registry person: their charges (catalogue names) and amount, and any words describing the case."""
    known = tuple(dict.fromkeys(charges))
    total = sum((a for a in amounts if a is not None), Decimal(0)) if any(a is not None for a in amounts) else None
    amount_charge = next((c for c in AMOUNT_CHARGES if c in known), "")
    tier = None
    if total is not None and amount_charge:
        statutory = statutory_bracket(amount_charge, total)
        tier = statutory[0] if statutory else None
    text = words or " ".join(known)
    return CaseQuery(
        counts=count_terms(text),
        text=text,
        charges=known,
        amount=total,
        amount_charge=amount_charge,
        tier=tier,
        circumstances=read_circumstances(words),
    )
