"""The JSON documents of the similar-case and sentencing commands (shapes fixed by the CLI contract)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from procuracy.knowledge.recommend import Recommendation
from procuracy.knowledge.similar import SimilarCase

__all__ = ["json_number", "sentencing_document", "similar_results"]


def json_number(value: Decimal | None) -> int | float | None:
    """A yuan amount as a JSON number: whole yuan as an integer, else its decimal value.

    Amounts have at most two decimals and far fewer than 15 digits, so the float's shortest
    representation, which ``json`` prints, is the same decimal text (199999.99 stays 199999.99).
    """
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def similar_results(cases: list[SimilarCase]) -> list[dict[str, Any]]:
    return [
        {"id": case.key, "score": case.score, "charges": case.charges, "term_months": case.term_months}
        for case in cases
    ]


def similar_reasons(cases: list[SimilarCase]) -> list[dict[str, Any]]:
    return [{"id": case.key, **case.why()} for case in cases]


def sentencing_document(result: Recommendation, amount: Decimal | None) -> dict[str, Any]:
    assessment = result.assessment
    fine = None
    if assessment.fine_min is not None:
        fine = {"min": json_number(assessment.fine_min), "max": json_number(assessment.fine_max)}
    return {
        "charge": assessment.charge,
        "amount_yuan": json_number(amount),
        "tier": assessment.tier,
        "statutory": {
            "months_min": assessment.months_min,
            "months_max": assessment.months_max,
            "life": assessment.life,
            "death": assessment.death,
        },
        "fine_yuan": fine,
        "basis": list(result.basis),
        "recommendation": {
            "months": result.months,
            "months_low": result.months_low,
            "months_high": result.months_high,
            "similar": [{"id": key, "term_months": months} for key, months in result.similar],
        },
    }
