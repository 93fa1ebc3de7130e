"""What the derived rows should hold, computed plainly from the rows they derive from."""

from __future__ import annotations

from collections.abc import Sequence

from procuracy.cases.facets import facet
from procuracy.cases.models import Case, CaseField, ChargeCount, Person


def _pairs(text: str) -> set[str]:
    """Each two adjacent characters, ASCII letters in lower case."""
    lowered = "".join(c.lower() if "A" <= c <= "Z" else c for c in text)
    return {f"text:{lowered[i]}{lowered[i + 1]}" for i in range(len(lowered) - 1)}


def expected_facets(case_pks: Sequence[int]) -> dict[int, set[str]]:
    """The values each case should have, computed from its persons, fields, title and names."""
    out: dict[int, set[str]] = {pk: set() for pk in case_pks}
    for case_id, rank, category, stage in Person.objects.filter(case_id__in=case_pks).values_list(
            "case_id", "rank", "category", "stage"):
        out[case_id] |= {facet("rank", rank), facet("category", category), facet("stage", stage)}
    for case_id, name in Person.objects.filter(case_id__in=case_pks).values_list("case_id", "name"):
        out[case_id] |= _pairs(name)
    for case_id, title in Case.objects.filter(pk__in=case_pks).values_list("pk", "title"):
        out[case_id] |= _pairs(title)
    for case_id, charge_id in ChargeCount.objects.filter(person__case_id__in=case_pks).values_list(
            "person__case_id", "charge_id"):
        out[case_id].add(facet("charge", charge_id))
    for case_id, value in CaseField.objects.filter(case_id__in=case_pks).values_list("case_id", "field"):
        out[case_id].add(facet("field", value))
    return out
