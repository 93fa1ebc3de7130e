"""A plain, in-memory reading of indicators.md over case packages, written independently of the
report queries, so that tests can compare the two on any dataset."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from procuracy.cases.choices import Rank

FOUR = {"information_network", "natural_resources", "transportation", "engineering_construction"}
TOWNSHIP_AND_BELOW = {"township_section", "below_township", "grassroots"}


def pct(part: int, whole: int) -> float | None:
    if whole == 0:
        return None
    return float((Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _in(day: str | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= dt.date.fromisoformat(day) <= end


def _scope(code: str, scope: str) -> bool:
    if scope == "SPP":
        return True
    if scope.endswith("0000"):
        return code.startswith(scope[:2])
    if scope.endswith("00"):
        return code.startswith(scope[:4])
    return code == scope


def duty_crime(packages: list[dict[str, Any]], categories: dict[str, str], start: dt.date, end: dt.date,
               scope: str = "SPP") -> dict[str, Any]:
    counts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    by_year: dict[str, set[tuple[str, str]]] = defaultdict(set)
    cat: dict[str, int] = defaultdict(int)
    ranks: dict[str, int] = defaultdict(int)
    fields: dict[str, int] = defaultdict(int)
    provincial = set()
    absentia = set()
    adopted_true, adopted_known = set(), set()
    recovered = Decimal("0")
    max_amount: Decimal | None = None
    early = 0
    for pkg in packages:
        if pkg["source"] != "supervisory_commission" or not _scope(pkg["procuratorate"], scope):
            continue
        if _in(pkg.get("early_intervention_on"), start, end):
            early += 1
        for person in pkg["persons"]:
            key = (pkg["case_id"], person["person_id"])
            types = {e["type"] for e in person["events"] if _in(e["date"], start, end)}
            for t in types:
                counts[t].add(key)
            for e in person["events"]:
                if not _in(e["date"], start, end):
                    continue
                if e["type"] == "accepted":
                    by_year[e["date"][:4]].add(key)
                if e["type"] == "confiscation_ruled":
                    recovered += Decimal(str(e["amount_yuan"]))
                if e["type"] == "prosecuted" and e.get("in_absentia") is True:
                    absentia.add(key)
                if e["type"] == "judgment" and e.get("recommendation_adopted") is not None:
                    adopted_known.add(key)
                    if e["recommendation_adopted"]:
                        adopted_true.add(key)
            if "prosecuted" in types and person["rank"] == "provincial_ministerial":
                provincial.add(key)
            if "accepted" in types:
                c = categories[person["charges"][0]["charge"]]
                if c == "rights_infringement" and pkg["source"] != "procuratorate":
                    c = "other"
                cat[{"corruption_bribery": "corruption_bribery", "malfeasance": "malfeasance_infringement",
                     "rights_infringement": "malfeasance_infringement"}.get(c, "other")] += 1
                ranks[person["rank"]] += 1
                for f in pkg.get("fields", []):
                    fields[f] += 1
                amounts = [Decimal(str(c["amount_yuan"])) for c in person["charges"] if "amount_yuan" in c]
                if amounts:
                    total = sum(amounts, Decimal("0"))
                    max_amount = total if max_amount is None else max(max_amount, total)
    accepted = len(counts["accepted"])
    years = {str(y): len(by_year[str(y)]) for y in range(start.year, end.year + 1)}
    prosecuted, not_prosecuted = len(counts["prosecuted"]), len(counts["not_prosecuted"])
    return {
        "persons_accepted": accepted,
        "persons_accepted_by_year": years,
        "yoy_growth_pct": {str(y): pct(years[str(y)] - years[str(y - 1)], years[str(y - 1)])
                           for y in range(start.year + 1, end.year + 1)},
        "persons_prosecuted": prosecuted,
        "persons_not_prosecuted": not_prosecuted,
        "prosecution_rate_pct": pct(prosecuted, prosecuted + not_prosecuted),
        "category_share_pct": {k: pct(cat[k], accepted) for k in
                               ("corruption_bribery", "malfeasance_infringement", "other")},
        "rank_counts": {r: ranks[r] for r in Rank.values},
        "township_and_below_share_pct": pct(sum(ranks[r] for r in TOWNSHIP_AND_BELOW), accepted),
        "field_counts": {f: n for f, n in fields.items() if n},
        "provincial_ministerial_prosecuted": len(provincial),
        "persons_returned": len(counts["returned"]),
        "early_intervention_cases": early,
        "confiscation_persons": len(counts["confiscation_applied"]),
        "confiscation_recovered_yuan": money(recovered),
        "max_person_amount_yuan": money(max_amount),
        "absentia_prosecuted": len(absentia),
        "recommendation_adoption_pct": pct(len(adopted_true), len(adopted_known)),
    }


def organized_crime(packages: list[dict[str, Any]], start: dt.date, end: dt.date,
                    scope: str = "SPP") -> dict[str, Any]:
    gang_ids = {p["case_id"] for p in packages if p.get("gang_nature")}
    tally: dict[tuple[str, bool], dict[str, set[Any]]] = defaultdict(lambda: {"persons": set(), "cases": set()})
    recs = four_recs = listed = listed_prosecuted = identified = visited = 0
    relief_persons = 0
    relief_cases = set()
    relief_amount = Decimal("0")
    enterprise = 0
    umbrella = 0
    for pkg in packages:
        if not _scope(pkg["procuratorate"], scope):
            continue
        if _in(pkg["received_on"], start, end) and any(
            r["relation"] == "protective_umbrella" and r["case_id"] in gang_ids for r in pkg.get("related_cases", [])
        ):
            umbrella += 1
        if not pkg.get("gang_nature"):
            continue
        four = bool(FOUR & set(pkg.get("fields", [])))
        prosecuted_in = False
        prosecuted_by_end = False
        for person in pkg["persons"]:
            for e in person["events"]:
                if e["type"] == "prosecuted" and dt.date.fromisoformat(e["date"]) <= end:
                    prosecuted_by_end = True
                if not _in(e["date"], start, end) or e["type"] not in ("arrest_approved", "prosecuted"):
                    continue
                prosecuted_in |= e["type"] == "prosecuted"
                for restricted in {False, four}:
                    tally[(e["type"], restricted)]["persons"].add((pkg["case_id"], person["person_id"]))
                    tally[(e["type"], restricted)]["cases"].add(pkg["case_id"])
        for r in pkg.get("recommendations", []):
            if _in(r["issued_on"], start, end):
                recs += 1
                four_recs += four
        supervision = pkg.get("supervision")
        if supervision and _in(supervision["listed_on"], start, end):
            listed += 1
            listed_prosecuted += prosecuted_by_end
        for v in pkg.get("victims", []):
            identified += _in(v["identified_on"], start, end)
            visited += _in(v.get("visited_on"), start, end)
            relief = v.get("relief")
            if relief and _in(relief["decided_on"], start, end):
                relief_persons += 1
                relief_cases.add(pkg["case_id"])
                relief_amount += Decimal(str(relief["amount_yuan"]))
        enterprise += bool(pkg.get("enterprise_involved") and prosecuted_in)

    def pc(t: str, four: bool) -> dict[str, int]:
        return {"persons": len(tally[(t, four)]["persons"]), "cases": len(tally[(t, four)]["cases"])}

    return {
        "arrests_approved": pc("arrest_approved", False),
        "prosecuted": pc("prosecuted", False),
        "four_industries": {"arrests_approved": pc("arrest_approved", True), "prosecuted": pc("prosecuted", True),
                            "recommendations_issued": four_recs},
        "recommendations_issued": recs,
        "listed_cases": listed,
        "listed_cases_prosecuted": listed_prosecuted,
        "victims_identified": identified,
        "victims_visited": visited,
        "relief": {"persons": relief_persons, "cases": len(relief_cases), "amount_yuan": money(relief_amount)},
        "enterprise_cases_prosecuted": enterprise,
        "protective_umbrella_cases": umbrella,
    }
