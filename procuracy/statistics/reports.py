"""The two reports of indicators.md, assembled from the aggregate queries."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from procuracy.cases.choices import TOWNSHIP_AND_BELOW, FieldCode, Rank
from procuracy.organizations.codes import SPP_CODE
from procuracy.organizations.models import Procuratorate
from procuracy.procedure.choices import EventType as E
from procuracy.statistics import queries as q
from procuracy.statistics.definitions import (
    CATEGORY_SHARE_KEYS,
    DUTY_CRIME,
    INDICATORS,
    ORGANIZED_CRIME,
    TITLES,
)
from procuracy.statistics.results import Breakdown, Figure, ReportResult


class ReportError(ValueError):
    pass


def percent(part: int, whole: int) -> float | None:
    """part/whole × 100, rounded half away from zero to one decimal; None over zero items."""
    if not whole:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(value)


def _figures(name: str, values: dict[str, Any]) -> tuple[Figure, ...]:
    return tuple(Figure(i.key, i.label_zh, i.label_en, values[i.key], i.unit) for i in INDICATORS[name])


def duty_crime_figures(start: dt.date, end: dt.date, scope: str) -> dict[str, Any]:
    by_type = q.persons_by_type_and_rank(start, end, scope)
    totals = {t: sum(by_type.get(t, {}).values()) for t in q.DUTY_PERSON_TYPES}
    accepted = totals[E.ACCEPTED]
    by_year = q.accepted_by_year(start, end, scope)
    years = {str(y): by_year.get(y, 0) for y in range(start.year, end.year + 1)}
    growth = {
        str(y): (percent(years[str(y)] - years[str(y - 1)], years[str(y - 1)]))
        for y in range(start.year + 1, end.year + 1)
    }
    categories = q.accepted_by_category(start, end, scope)
    shares = {
        "corruption_bribery": categories.get("corruption_bribery", 0),
        "malfeasance_infringement": categories.get("malfeasance", 0) + categories.get("rights_infringement", 0),
    }
    shares["other"] = accepted - sum(shares.values())
    ranks = by_type.get(E.ACCEPTED, {})
    fields = q.accepted_by_field(start, end, scope)
    other = q.duty_other_figures(start, end, scope)
    prosecuted, not_prosecuted = totals[E.PROSECUTED], totals[E.NOT_PROSECUTED]
    return {
        "persons_accepted": accepted,
        "persons_accepted_by_year": years,
        "yoy_growth_pct": growth,
        "persons_prosecuted": prosecuted,
        "persons_not_prosecuted": not_prosecuted,
        "prosecution_rate_pct": percent(prosecuted, prosecuted + not_prosecuted),
        "category_share_pct": {k: percent(shares[k], accepted) for k in CATEGORY_SHARE_KEYS},
        "rank_counts": {r: ranks.get(r, 0) for r in Rank.values},
        "township_and_below_share_pct": percent(sum(ranks.get(r, 0) for r in TOWNSHIP_AND_BELOW), accepted),
        "field_counts": {f: fields[f] for f in FieldCode.values if fields.get(f)},
        "provincial_ministerial_prosecuted": by_type.get(E.PROSECUTED, {}).get(Rank.PROVINCIAL_MINISTERIAL, 0),
        "persons_returned": totals[E.RETURNED],
        "early_intervention_cases": q.early_intervention_cases(start, end, scope),
        "confiscation_persons": totals[E.CONFISCATION_APPLIED],
        "confiscation_recovered_yuan": q.money_text(other["recovered"] or Decimal("0")),
        "max_person_amount_yuan": q.money_text(other["max_amount"]),
        "absentia_prosecuted": other["absentia"],
        "recommendation_adoption_pct": percent(other["adopted"], other["adoption_known"]),
    }


def organized_crime_figures(start: dt.date, end: dt.date, scope: str) -> dict[str, Any]:
    main = q.gang_persons_and_cases(start, end, scope)
    four = q.gang_persons_and_cases(start, end, scope, four_industries=True)
    recs = q.recommendations_issued(start, end, scope)
    listed = q.listed_cases(start, end, scope)
    victims = q.victim_figures(start, end, scope)
    return {
        "arrests_approved": main[E.ARREST_APPROVED],
        "prosecuted": main[E.PROSECUTED],
        "four_industries": {
            "arrests_approved": four[E.ARREST_APPROVED],
            "prosecuted": four[E.PROSECUTED],
            "recommendations_issued": recs["four"],
        },
        "recommendations_issued": recs["all"],
        "listed_cases": listed["listed"],
        "listed_cases_prosecuted": listed["prosecuted"],
        "victims_identified": victims["identified"],
        "victims_visited": victims["visited"],
        "relief": {
            "persons": victims["relief_persons"],
            "cases": victims["relief_cases"],
            "amount_yuan": q.money_text(victims["relief_amount"] or Decimal("0")),
        },
        "enterprise_cases_prosecuted": q.enterprise_cases_prosecuted(start, end, scope),
        "protective_umbrella_cases": q.protective_umbrella_cases(start, end, scope),
    }


# --- breakdowns -------------------------------------------------------------------------------

def _child_of_scope(code: str, scope: str, parents: dict[str, str | None]) -> str:
    """The procuratorate one level below the scope that the handling procuratorate belongs to."""
    chain = [code]
    while chain[-1] != scope and parents.get(chain[-1]) is not None:
        chain.append(parents[chain[-1]])  # type: ignore[arg-type]
    if chain[-1] != scope or len(chain) == 1:
        return code
    return chain[-2]


def region_breakdown(start: dt.date, end: dt.date, scope: str, types: tuple[str, ...],
                     labels: dict[str, tuple[str, str]], **universe: bool) -> Breakdown:
    per_code = q.persons_by_procuratorate(start, end, scope, types, **universe)
    orgs = {p.code: p for p in Procuratorate.objects.only("code", "division_name", "name", "parent_id")}
    parents = {code: org.parent_id for code, org in orgs.items()}
    totals: dict[str, dict[str, int]] = {}
    for code, counts in per_code.items():
        child = _child_of_scope(code, scope, parents)
        row = totals.setdefault(child, dict.fromkeys(types, 0))
        for t, n in counts.items():
            row[t] += n
    rows = []
    for child, counts in sorted(totals.items(), key=lambda item: -item[1][types[0]]):
        org = orgs.get(child)
        name = (org.division_name or org.name) if org else child
        if child == scope:
            name = org.name if org else child
        rows.append({"region": name, "code": child, **{t: counts[t] for t in types}})
    columns = (("region", "地区", "Region"), *((t, *labels[t]) for t in types))
    return Breakdown("by_region", "分地区", "By region", columns, tuple(rows), "bar", types[0])


def month_breakdown(start: dt.date, end: dt.date, scope: str, types: tuple[str, ...],
                    labels: dict[str, tuple[str, str]], **universe: bool) -> Breakdown:
    per_month = q.persons_by_month(start, end, scope, types, **universe)
    rows = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        counts = per_month.get((year, month), {})
        rows.append({"month": f"{year:04d}-{month:02d}", **{t: counts.get(t, 0) for t in types}})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    columns = (("month", "月份", "Month"), *((t, *labels[t]) for t in types))
    return Breakdown("by_month", "分月份", "By month", columns, tuple(rows), "line", types[0])


def _dict_breakdown(key: str, title: tuple[str, str], column: tuple[str, str, str], values: dict[str, Any],
                    label_for: Any, chart: str) -> Breakdown:
    rows = tuple({column[0]: label_for(k), "code": k, "value": v} for k, v in values.items())
    return Breakdown(key, *title, (column, ("value", "数值", "Value")), rows, chart, "value")


LABELS = {
    E.ACCEPTED: ("受理人数", "Accepted"), E.PROSECUTED: ("起诉人数", "Prosecuted"),
    E.NOT_PROSECUTED: ("不起诉人数", "Not prosecuted"), E.ARREST_APPROVED: ("批准逮捕人数", "Arrests approved"),
}


def build_report(name: str, start: dt.date, end: dt.date, scope: str = SPP_CODE, *,
                 breakdowns: bool = True) -> ReportResult:
    if name not in INDICATORS:
        raise ReportError(f"unknown report “{name}”: choose duty-crime or organized-crime")
    if end < start:
        raise ReportError(f"the period ends ({end}) before it starts ({start})")
    org = Procuratorate.objects.filter(code=scope).first()
    if org is None:
        raise ReportError(f"“{scope}” is not the code of a known procuratorate")
    parts: list[Breakdown] = []
    if name == DUTY_CRIME:
        values = duty_crime_figures(start, end, scope)
        if breakdowns:
            types = (E.ACCEPTED, E.PROSECUTED, E.NOT_PROSECUTED)
            parts.append(region_breakdown(start, end, scope, types, LABELS, duty=True))
            parts.append(month_breakdown(start, end, scope, (E.ACCEPTED, E.PROSECUTED), LABELS, duty=True))
            parts.append(_dict_breakdown("by_category", ("罪名类别", "By category"), ("category", "类别", "Category"),
                                         values["category_share_pct"], str, "pie"))
            parts.append(_dict_breakdown("by_rank", ("职级", "By rank"), ("rank", "职级", "Rank"),
                                         values["rank_counts"], lambda k: str(Rank(k).label), "bar"))
            parts.append(_dict_breakdown("by_field", ("领域", "By field"), ("field", "领域", "Field"),
                                         values["field_counts"], lambda k: str(FieldCode(k).label), "bar"))
            charges = q.accepted_by_charge(start, end, scope)
            parts.append(Breakdown("by_charge", "分罪名", "By principal charge",
                                   (("charge", "罪名", "Charge"), ("value", "受理人数", "Accepted")),
                                   tuple({"charge": c, "value": n} for c, n in charges), "bar", "value"))
    else:
        values = organized_crime_figures(start, end, scope)
        if breakdowns:
            types = (E.ARREST_APPROVED, E.PROSECUTED)
            parts.append(region_breakdown(start, end, scope, types, LABELS, gang=True))
            parts.append(month_breakdown(start, end, scope, types, LABELS, gang=True))
    title_zh, title_en = TITLES[name]
    return ReportResult(
        name=name, title_zh=title_zh, title_en=title_en, date_from=start, date_to=end, scope=scope,
        scope_name=org.name, figures=_figures(name, values), breakdowns=tuple(parts), generated=timezone.now(),
    )


REPORT_NAMES = (DUTY_CRIME, ORGANIZED_CRIME)
