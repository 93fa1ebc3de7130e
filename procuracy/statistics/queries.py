"""The figures of the reports, computed by aggregate queries in the database.

Each function computes one family of figures in one query over the event table (which
carries the handling procuratorate, the universe flags, rank and category of the person)
or over cases, victims and recommendations. A person counts once per indicator however
many qualifying events they have (COUNT DISTINCT); the sums are exact (fen in integers).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from procuracy.cases.choices import FOUR_INDUSTRIES, Relation, Source
from procuracy.cases.models import Case, CaseField, Recommendation, RelatedCase, Victim
from procuracy.organizations.querysets import filter_scope
from procuracy.procedure.choices import EventType as E
from procuracy.procedure.models import Event


def events_in(start: dt.date, end: dt.date, scope: str, **universe: bool) -> QuerySet[Event]:
    return filter_scope(Event.objects.filter(date__gte=start, date__lte=end, **universe), scope)


# --- duty-crime -------------------------------------------------------------------------

DUTY_PERSON_TYPES = (E.ACCEPTED, E.PROSECUTED, E.NOT_PROSECUTED, E.RETURNED, E.CONFISCATION_APPLIED)


def persons_by_type_and_rank(start: dt.date, end: dt.date, scope: str) -> dict[str, dict[str, int]]:
    """Distinct persons per event type and rank (a person has one rank, so ranks add up)."""
    rows = (
        events_in(start, end, scope, duty=True).filter(type__in=DUTY_PERSON_TYPES)
        .values("type", "rank").annotate(n=Count("person", distinct=True)).order_by()
    )
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        out[row["type"]][row["rank"]] = row["n"]
    return out


def accepted_by_category(start: dt.date, end: dt.date, scope: str) -> dict[str, int]:
    rows = (
        events_in(start, end, scope, duty=True).filter(type=E.ACCEPTED)
        .values("category").annotate(n=Count("person", distinct=True)).order_by()
    )
    return {row["category"]: row["n"] for row in rows}


def accepted_by_year(start: dt.date, end: dt.date, scope: str) -> dict[int, int]:
    rows = (
        events_in(start, end, scope, duty=True).filter(type=E.ACCEPTED)
        .annotate(year=ExtractYear("date")).values("year").annotate(n=Count("person", distinct=True)).order_by()
    )
    return {row["year"]: row["n"] for row in rows}


def accepted_by_field(start: dt.date, end: dt.date, scope: str) -> dict[str, int]:
    rows = (
        events_in(start, end, scope, duty=True).filter(type=E.ACCEPTED, case__field_rows__isnull=False)
        .values("case__field_rows__field").annotate(n=Count("person", distinct=True)).order_by()
    )
    return {row["case__field_rows__field"]: row["n"] for row in rows}


def duty_other_figures(start: dt.date, end: dt.date, scope: str) -> dict[str, Any]:
    events = events_in(start, end, scope, duty=True).filter(
        type__in=(E.CONFISCATION_RULED, E.PROSECUTED, E.JUDGMENT, E.ACCEPTED))
    return events.aggregate(
        recovered=Sum("amount", filter=Q(type=E.CONFISCATION_RULED)),
        absentia=Count("person", distinct=True, filter=Q(type=E.PROSECUTED, in_absentia=True)),
        adopted=Count("person", distinct=True, filter=Q(type=E.JUDGMENT, recommendation_adopted=True)),
        adoption_known=Count("person", distinct=True,
                             filter=Q(type=E.JUDGMENT, recommendation_adopted__isnull=False)),
        max_amount=Max("person__total_amount", filter=Q(type=E.ACCEPTED)),
    )


def early_intervention_cases(start: dt.date, end: dt.date, scope: str) -> int:
    return filter_scope(Case.objects.filter(
        source=Source.SUPERVISORY_COMMISSION, early_intervention_on__gte=start, early_intervention_on__lte=end,
    ), scope).count()


# --- organized crime ----------------------------------------------------------------------

def _four_industry_cases() -> QuerySet[CaseField]:
    return CaseField.objects.filter(field__in=FOUR_INDUSTRIES).values("case_id")


def gang_persons_and_cases(start: dt.date, end: dt.date, scope: str, *, four_industries: bool = False
                           ) -> dict[str, dict[str, int]]:
    events = events_in(start, end, scope, gang=True).filter(type__in=(E.ARREST_APPROVED, E.PROSECUTED))
    if four_industries:
        events = events.filter(case_id__in=_four_industry_cases())
    rows = events.values("type").annotate(
        persons=Count("person", distinct=True), cases=Count("case", distinct=True)).order_by()
    found = {row["type"]: {"persons": row["persons"], "cases": row["cases"]} for row in rows}
    return {t: found.get(t, {"persons": 0, "cases": 0}) for t in (E.ARREST_APPROVED, E.PROSECUTED)}


def gang_cases(scope: str) -> QuerySet[Case]:
    return filter_scope(Case.objects.exclude(gang_nature=""), scope)


def recommendations_issued(start: dt.date, end: dt.date, scope: str) -> dict[str, int]:
    recs = Recommendation.objects.filter(issued_on__gte=start, issued_on__lte=end, case__in=gang_cases(scope))
    return recs.aggregate(
        all=Count("id"),
        four=Count("id", filter=Q(case_id__in=_four_industry_cases())),
    )


def listed_cases(start: dt.date, end: dt.date, scope: str) -> dict[str, int]:
    # Uncorrelated subqueries: evaluated once, where a correlated EXISTS per case can lead the
    # planner into scanning the event index for every case.
    prosecuted = Event.objects.filter(gang=True, type=E.PROSECUTED, date__lte=end).values("case_id")
    return gang_cases(scope).filter(
        supervision_listed_on__gte=start, supervision_listed_on__lte=end,
    ).aggregate(listed=Count("id"), prosecuted=Count("id", filter=Q(id__in=prosecuted)))


def victim_figures(start: dt.date, end: dt.date, scope: str) -> dict[str, Any]:
    in_relief = Q(relief_decided_on__gte=start, relief_decided_on__lte=end)
    return Victim.objects.filter(case__in=gang_cases(scope)).aggregate(
        identified=Count("id", filter=Q(identified_on__gte=start, identified_on__lte=end)),
        visited=Count("id", filter=Q(visited_on__gte=start, visited_on__lte=end)),
        relief_persons=Count("id", filter=in_relief),
        relief_cases=Count("case", distinct=True, filter=in_relief),
        relief_amount=Sum("relief_amount", filter=in_relief),
    )


def enterprise_cases_prosecuted(start: dt.date, end: dt.date, scope: str) -> int:
    prosecuted = events_in(start, end, scope, gang=True).filter(type=E.PROSECUTED).values("case_id")
    return gang_cases(scope).filter(enterprise_involved=True, id__in=prosecuted).count()


def protective_umbrella_cases(start: dt.date, end: dt.date, scope: str) -> int:
    shielded = Case.objects.exclude(gang_nature="").values("case_id")
    links = RelatedCase.objects.filter(
        case_id=OuterRef("pk"), relation=Relation.PROTECTIVE_UMBRELLA, target_case_id__in=shielded)
    return filter_scope(Case.objects.filter(received_on__gte=start, received_on__lte=end), scope).filter(
        Exists(links)).count()


# --- breakdowns ---------------------------------------------------------------------------

def persons_by_procuratorate(start: dt.date, end: dt.date, scope: str, types: tuple[str, ...],
                             **universe: bool) -> dict[str, dict[str, int]]:
    """Distinct persons per handling procuratorate and event type (additive across procuratorates)."""
    rows = (
        events_in(start, end, scope, **universe).filter(type__in=types)
        .values("procuratorate_id", "type").annotate(n=Count("person", distinct=True)).order_by()
    )
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        out[row["procuratorate_id"]][row["type"]] = row["n"]
    return out


def persons_by_month(start: dt.date, end: dt.date, scope: str, types: tuple[str, ...],
                     **universe: bool) -> dict[tuple[int, int], dict[str, int]]:
    rows = (
        events_in(start, end, scope, **universe).filter(type__in=types)
        .annotate(year=ExtractYear("date"), month=ExtractMonth("date"))
        .values("year", "month", "type").annotate(n=Count("person", distinct=True)).order_by()
    )
    out: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for row in rows:
        out[(row["year"], row["month"])][row["type"]] = row["n"]
    return out


def accepted_by_charge(start: dt.date, end: dt.date, scope: str, limit: int = 20) -> list[tuple[str, int]]:
    rows = (
        events_in(start, end, scope, duty=True).filter(type=E.ACCEPTED)
        .values("person__principal_charge__name").annotate(n=Count("person", distinct=True)).order_by("-n")[:limit]
    )
    return [(row["person__principal_charge__name"], row["n"]) for row in rows]


def money_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"
