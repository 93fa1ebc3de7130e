"""What the case page shows of the case database for one person: similar judgments, sentencing.

The case page has already checked that the user may see the case, so the person is taken as
given; nothing here reads another case or writes the access log (the page's own view of the
case is what the log records). Cheap by design: one query for the charge counts, one for the
index digest (and one for the case's title unless the person was read with their case), then
numpy over the loaded index.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from procuracy.knowledge import sentencing_law, store
from procuracy.knowledge.charges import catalogue
from procuracy.knowledge.circumstances import label
from procuracy.knowledge.forms import amount_required, calculator_url
from procuracy.knowledge.index import CorpusIndex
from procuracy.knowledge.recommend import recommend
from procuracy.knowledge.similar import SimilarCase, person_query

if TYPE_CHECKING:
    from procuracy.cases.models import Person

__all__ = ["SIMILAR", "person_guidance"]

SIMILAR = 5


class Unset:
    """No index given: the panel asks the store (a page with several persons asks once)."""


UNSET = Unset()


def person_guidance(person: Person, loaded: store.LoadedIndex | Unset | None = UNSET) -> dict[str, Any] | None:
    """The similar judgments and the sentencing guidance for a registry person, for the case page.

    Returns None when there is nothing to show (no charge counts, or neither a case database nor a
    charge the sentencing rules cover); otherwise a dict with ``charge`` (the principal charge),
    ``amount`` (of the principal charge's counts), ``similar`` (up to :data:`SIMILAR` dicts, best
    first) and ``sentencing`` (a dict, or None when the rules do not cover the charge or lack what
    they need), and ``calculator_url``. ``loaded`` is the index of the case database when the
    caller has already read it.
    """
    # In the order of the person's counts; read from the case page's prefetch when there is one.
    rows = person.charge_counts.all()
    if "charge_counts" not in getattr(person, "_prefetched_objects_cache", {}):
        rows = rows.select_related("charge")
    counts = [(c.charge.name, c.amount) for c in rows]
    if not counts:
        return None
    principal = counts[0][0]  # the first count's charge is the principal charge
    principal_amounts = [amount for name, amount in counts if name == principal and amount is not None]
    amount = sum(principal_amounts, Decimal(0)) if principal_amounts else None

    if loaded is UNSET:
        loaded = store.current()
    similar: list[dict[str, Any]] = []
    if loaded is not None:
        charges: list[str] = []
        for name, _amount in counts:
            charges.extend(catalogue().normalise(name).names)
        # The words the similar command describes a registry person with (queries.person_profile).
        words = " ".join(part for part in (person.case.title, person.position, *charges) if part)
        query = person_query(charges, [a for _name, a in counts], words)
        similar = [_similar(case) for case in loaded.engine.find(query, top=SIMILAR)]

    supported = _supported(principal)
    sentencing = _sentencing(supported, amount, loaded.index if loaded else None) if supported else None
    if not similar and sentencing is None:
        return None
    return {
        "charge": principal,
        "amount": amount,
        "similar": similar,
        "sentencing": sentencing,
        "calculator_url": calculator_url(supported, amount) if supported else reverse("knowledge:sentencing"),
    }


def _similar(case: SimilarCase) -> dict[str, Any]:
    return {
        "id": case.key,
        "url": reverse("knowledge:judgment", kwargs={"judgment_id": case.key}),
        "score": case.score,
        "charges": case.charges,
        "term_months": case.term_months,
        "life": case.life,
        # The index keeps amounts as floats for comparison; two decimals give back the yuan and fen.
        "amount": None if case.amount is None else Decimal(f"{case.amount:.2f}"),
        "tier": case.tier,
        "same_bracket": case.same_bracket,
        "shared_charges": case.shared_charges,
        "shared_circumstances": [label(name) for name in case.shared_circumstances],
        "matching_terms": case.matching_terms[:6],
    }


def _supported(charge: str) -> str | None:
    try:
        return sentencing_law.normalise_charge(charge)
    except sentencing_law.UnknownCharge:
        return None


def _sentencing(name: str, amount: Decimal | None, index: CorpusIndex | None) -> dict[str, Any] | None:
    # Art. 294 needs the person's role in the organization, which the registry does not record;
    # an amount-based charge without an amount has no bracket to show.
    if name == sentencing_law.MAFIA_TYPE_ORGANIZATION or (amount is None and amount_required(name)):
        return None
    result = recommend(name, amount, index=index)
    assessment = result.assessment
    return {
        "charge": name,
        "amount": amount,
        "tier": assessment.tier,
        "months_min": assessment.months_min,
        "months_max": assessment.months_max,
        "life": assessment.life,
        "death": assessment.death,
        "fine_min": assessment.fine_min,
        "fine_max": assessment.fine_max,
        "basis": list(result.basis),
        "months": result.months,
        "months_low": result.months_low,
        "months_high": result.months_high,
        "references": len(result.similar),
    }
