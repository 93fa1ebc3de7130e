"""The two reports of indicators.md, assembled from the aggregate queries."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from procuracy.cases.choices import TOWNSHIP_AND_BELOW, FieldCode, Rank
from procuracy.core.money import from_fen
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
from procuracy.statistics.readers import report_session
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


def duty_crime_figures(counts: q.DutyCounts, start: dt.date, end: dt.date) -> dict[str, Any]:
    types = counts.types
    accepted = types[E.ACCEPTED].persons
    by_year = types[E.ACCEPTED].by_year
    years = {str(y): by_year.get(y, 0) for y in range(start.year, end.year + 1)}
    growth = {
        str(y): (percent(years[str(y)] - years[str(y - 1)], years[str(y - 1)]))
        for y in range(start.year + 1, end.year + 1)
    }
    categories: dict[str, int] = {}
    ranks: dict[str, int] = {}
    for (rank, category), n in types[E.ACCEPTED].by_rank_category.items():
        categories[category] = categories.get(category, 0) + n
        ranks[rank] = ranks.get(rank, 0) + n
    shares = {
        "corruption_bribery": categories.get("corruption_bribery", 0),
        "malfeasance_infringement": categories.get("malfeasance", 0) + categories.get("rights_infringement", 0),
    }
    shares["other"] = accepted - sum(shares.values())
    prosecuted, not_prosecuted = types[E.PROSECUTED].persons, types[E.NOT_PROSECUTED].persons
    judged = types[E.JUDGMENT].flags
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
        "field_counts": {f: counts.fields[f] for f in FieldCode.values if counts.fields.get(f)},
        "provincial_ministerial_prosecuted": types[E.PROSECUTED].flags["provincial_ministerial"],
        "persons_returned": types[E.RETURNED].persons,
        "early_intervention_cases": counts.early_intervention_cases,
        "confiscation_persons": types[E.CONFISCATION_APPLIED].persons,
        "confiscation_recovered_yuan": q.money_text(from_fen(types[E.CONFISCATION_RULED].amount_fen)),
        "max_person_amount_yuan": q.money_text(counts.max_amount),
        "absentia_prosecuted": types[E.PROSECUTED].flags["in_absentia"],
        "recommendation_adoption_pct": percent(judged["adopted"], judged["adoption_known"]),
    }


def organized_crime_figures(gang: q.GangFigures) -> dict[str, Any]:
    recs, listed, victims = gang.recommendations, gang.listed, gang.victims
    arrests, prosecuted = gang.types[E.ARREST_APPROVED], gang.types[E.PROSECUTED]
    return {
        "arrests_approved": {"persons": arrests.persons, "cases": arrests.cases},
        "prosecuted": {"persons": prosecuted.persons, "cases": prosecuted.cases},
        "four_industries": {
            "arrests_approved": {"persons": arrests.four_persons, "cases": arrests.four_cases},
            "prosecuted": {"persons": prosecuted.four_persons, "cases": prosecuted.four_cases},
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
        "enterprise_cases_prosecuted": prosecuted.enterprise_cases,
        "protective_umbrella_cases": gang.umbrella_cases,
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


def region_breakdown(scope: str, by_type: dict[str, dict[str, int]], types: tuple[str, ...],
                     labels: dict[str, tuple[str, str]]) -> Breakdown:
    per_code: dict[str, dict[str, int]] = {}
    for t in types:
        for code, n in by_type[t].items():
            per_code.setdefault(code, {})[t] = n
    # Every procuratorate of the country, as plain values (a few thousand, read once).
    rows_of = list(Procuratorate.objects.values_list("code", "parent_id", "division_name", "name"))
    parents = {code: parent for code, parent, _, _ in rows_of}
    names = {code: (division_name or name, name) for code, _, division_name, name in rows_of}
    totals: dict[str, dict[str, int]] = {}
    for code, counts in per_code.items():
        child = _child_of_scope(code, scope, parents)
        row = totals.setdefault(child, dict.fromkeys(types, 0))
        for t, n in counts.items():
            row[t] += n
    rows = []
    for child, counts in sorted(totals.items(), key=lambda item: -item[1][types[0]]):
        division, full = names.get(child, (child, child))
        rows.append({"region": full if child == scope else division, "code": child, **{t: counts[t] for t in types}})
    columns = (("region", "地区", "Region"), *((t, *labels[t]) for t in types))
    return Breakdown("by_region", "分地区", "By region", columns, tuple(rows), "bar", types[0])


def month_breakdown(start: dt.date, end: dt.date, by_type: dict[str, dict[tuple[int, int], int]],
                    types: tuple[str, ...], labels: dict[str, tuple[str, str]]) -> Breakdown:
    rows = [{"month": f"{year:04d}-{month:02d}", **{t: by_type[t].get((year, month), 0) for t in types}}
            for year, month in q.months_of(start, end)]
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
    with report_session():
        values, parts = _compute(name, start, end, scope, breakdowns)
    title_zh, title_en = TITLES[name]
    return ReportResult(
        name=name, title_zh=title_zh, title_en=title_en, date_from=start, date_to=end, scope=scope,
        scope_name=org.name, figures=_figures(name, values), breakdowns=tuple(parts), generated=timezone.now(),
    )


def _compute(name: str, start: dt.date, end: dt.date, scope: str,
             breakdowns: bool) -> tuple[dict[str, Any], list[Breakdown]]:
    parts: list[Breakdown] = []
    if name == DUTY_CRIME:
        duty = q.duty_counts(start, end, scope, charges=breakdowns)
        values = duty_crime_figures(duty, start, end)
        if breakdowns:
            types = (E.ACCEPTED, E.PROSECUTED, E.NOT_PROSECUTED)
            parts.append(region_breakdown(scope, {t: duty.types[t].by_procuratorate for t in types}, types, LABELS))
            monthly = (E.ACCEPTED, E.PROSECUTED)
            parts.append(month_breakdown(start, end, {t: duty.types[t].by_month for t in monthly}, monthly, LABELS))
            parts.append(_dict_breakdown("by_category", ("罪名类别", "By category"), ("category", "类别", "Category"),
                                         values["category_share_pct"], str, "pie"))
            parts.append(_dict_breakdown("by_rank", ("职级", "By rank"), ("rank", "职级", "Rank"),
                                         values["rank_counts"], lambda k: str(Rank(k).label), "bar"))
            parts.append(_dict_breakdown("by_field", ("领域", "By field"), ("field", "领域", "Field"),
                                         values["field_counts"], lambda k: str(FieldCode(k).label), "bar"))
            parts.append(Breakdown("by_charge", "分罪名", "By principal charge",
                                   (("charge", "罪名", "Charge"), ("value", "受理人数", "Accepted")),
                                   tuple({"charge": c, "value": n} for c, n in duty.by_charge or ()), "bar", "value"))
    else:
        gang = q.gang_figures(start, end, scope, months=breakdowns)
        values = organized_crime_figures(gang)
        if breakdowns:
            types = (E.ARREST_APPROVED, E.PROSECUTED)
            parts.append(region_breakdown(scope, {t: gang.types[t].by_procuratorate for t in types}, types, LABELS))
            parts.append(month_breakdown(start, end, {t: gang.types[t].by_month for t in types}, types, LABELS))
    return values, parts


REPORT_NAMES = (DUTY_CRIME, ORGANIZED_CRIME)
