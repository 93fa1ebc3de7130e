"""An evidence-based sentencing recommendation: the statutory bracket, then what courts gave.

:func:`recommend` reads the bracket from :func:`sentencing_law.assess` and takes the sentences of
real judgments of the same charge whose amount falls in the same bracket (the nearest in amount
first, at most :data:`REFERENCES`). Their median is the recommendation and their inter-quartile
range its span, adjusted for the mitigating circumstances of the request and clamped to the
statutory range.

The adjustment follows the method of the 2021 sentencing opinion (法发〔2021〕21号, law-reference
§6): percentages of the base sentence, added when they point the same way and subtracted when
they oppose, at most 60 % in all. The reference judgments already reflect their own circumstances,
so a circumstance moves the recommendation only by the difference between the request and the
references: ``(requested − share of references with it) × percentage``. The percentage is half
the opinion's maximum for the circumstance (a middle reading of "up to"); the opinion does not
list the corruption crimes, so the law-reference marks this use as by reference and unverified,
and the basis says so.

Pure Python and numpy over :class:`CorpusIndex`.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np

from procuracy.knowledge import sentencing_law
from procuracy.knowledge.circumstances import to_bits
from procuracy.knowledge.index import CorpusIndex
from procuracy.knowledge.sentencing_law import Note, gettext_noop

__all__ = ["MITIGATION", "REFERENCES", "Recommendation", "recommend"]

REFERENCES = 15
MIN_SINGLE = 3  # single-charge judgments enough to leave out those of several charges
# Half of the 2021 opinion's maximum reduction for each circumstance (law-reference §6):
# 自首 up to 40 %, 坦白 20 %, 退赃退赔 30 %, 认罪认罚 30 %, 立功 20 %.
MITIGATION: dict[str, float] = {
    "surrender": 0.20,
    "confession": 0.10,
    "restitution": 0.15,
    "guilty_plea": 0.15,
    "meritorious_service": 0.10,
}
MAX_ADJUSTMENT = 0.60  # 认罪认罚 with 自首, 退赃 …: at most 60 % (opinion, not stacked beyond)
LIFE_MONTHS = 180  # a life sentence counts as the top of the fixed-term scale in the distribution
OPINION_BASIS = (
    "Sentencing opinion 法发〔2021〕21号 (percentages applied by reference; the opinion does not list "
    "corruption crimes)"
)
_LOSS_CHARGES = {sentencing_law.ABUSE_OF_POWER, sentencing_law.DERELICTION}


@dataclass
class Recommendation:
    assessment: sentencing_law.Assessment
    months: int
    months_low: int
    months_high: int
    similar: list[tuple[str, int | None]]  # (judgment id, months; None for life)
    adjustment: float  # fraction removed from the base (negative: added)
    basis: list[str]
    notes: list[Note] = field(default_factory=list)  # translated when shown: str() each


def _reference_docs(
    index: CorpusIndex | None, charge: str, tier: int, amount: Decimal | None, exclude: Collection[int]
) -> np.ndarray:
    if index is None or tier <= 0:
        return np.zeros(0, dtype=np.int64)
    position = index.charge_pos.get(charge)
    if position is None:
        return np.zeros(0, dtype=np.int64)
    has_sentence = (index.term_months >= 0) | index.life
    mask = index.is_judgment & (index.amount_charge == position) & (index.tier == tier) & has_sentence
    for doc in exclude:
        mask[doc] = False
    docs = np.flatnonzero(mask)
    if amount is not None and amount > 0 and len(docs):
        distance = np.abs(np.log(index.amount[docs]) - math.log(float(amount)))
    else:
        distance = np.zeros(len(docs))
    # A judgment of several charges records the sentence for all of them together (数罪并罚), not
    # for this one: judgments of this charge alone come first, the others only fill a thin sample.
    several = index.charge_count[docs] > 1
    if np.count_nonzero(~several) >= MIN_SINGLE:
        docs, distance, several = docs[~several], distance[~several], several[~several]
    docs = docs[np.lexsort((docs, distance, several))]
    return docs[:REFERENCES]


def _clamp(value: float, low: int, high: int) -> int:
    return int(min(max(round(value), low), high))


def recommend(
    charge: str,
    amount: Decimal | None,
    circumstances: Collection[str] = (),
    *,
    index: CorpusIndex | None,
    offence_date: date | None = None,
    role: str | None = None,
    exclude: Collection[int] = (),
) -> Recommendation:
    """The bracket and a recommendation; raises the errors of :func:`sentencing_law.assess`.

    For 滥用职权 and 玩忽职守 (art. 397) ``amount`` is the loss caused, on which their brackets turn.
    """
    name = sentencing_law.normalise_charge(charge)
    if name in _LOSS_CHARGES:
        assessment = sentencing_law.assess(name, None, circumstances, offence_date, role, loss=amount)
    else:
        assessment = sentencing_law.assess(name, amount, circumstances, offence_date, role)
    basis = list(assessment.basis)
    notes: list[Note] = list(assessment.notes)
    if assessment.tier == 0:
        notes.append(Note(gettext_noop("Below the threshold: no sentence to recommend.")))
        return Recommendation(assessment, 0, 0, 0, [], 0.0, basis, notes)

    low_bound, high_bound = assessment.months_min, assessment.months_max
    docs = _reference_docs(index, name, assessment.tier, amount, exclude)
    requested = set(circumstances)
    if len(docs):
        months = np.where(index.life[docs], LIFE_MONTHS, index.term_months[docs]).astype(np.float64)
        base = float(np.median(months))
        low, high = (float(v) for v in np.percentile(months, [25, 75]))
        shares = {m: float(np.mean((index.circumstances[docs] & np.uint32(to_bits([m]))) > 0)) for m in MITIGATION}
        notes.append(
            Note.of(
                gettext_noop(
                    "Judgments of %(charge)s in the same bracket: %(count)s; median %(median)s months, "
                    "inter-quartile range %(low)s to %(high)s months."
                ),
                charge=name, count=len(docs), median=f"{base:g}", low=f"{low:g}", high=f"{high:g}",
            )
        )
    else:
        base = (low_bound + high_bound) / 2
        low, high = float(low_bound), float(high_bound)
        shares = dict.fromkeys(MITIGATION, 0.0)
        notes.append(Note(gettext_noop(
            "No judgment of the corpus in this bracket: the middle of the statutory range is used.")))

    adjustment = sum((float(m in requested) - shares[m]) * rate for m, rate in MITIGATION.items())
    adjustment = max(-MAX_ADJUSTMENT, min(MAX_ADJUSTMENT, adjustment))
    if abs(adjustment) >= 0.005:
        basis.append(OPINION_BASIS)
        # The message of the calculator page, which shows the same change beside the recommendation.
        notes.append(Note.of(gettext_noop("Circumstances move the references by %(adjustment)s."),
                             adjustment=f"{-adjustment:+.0%}"))
    factor = 1.0 - adjustment
    similar = [
        (index.keys[d], None if index.life[d] else int(index.term_months[d])) for d in docs
    ] if index is not None else []
    return Recommendation(
        assessment=assessment,
        months=_clamp(base * factor, low_bound, high_bound),
        months_low=_clamp(low * factor, low_bound, high_bound),
        months_high=_clamp(high * factor, low_bound, high_bound),
        similar=similar,
        adjustment=adjustment,
        basis=basis,
        notes=notes,
    )
