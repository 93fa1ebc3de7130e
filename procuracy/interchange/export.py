"""Case packages from the database, in the canonical form the import produces."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet

from procuracy.cases.models import (
    Case,
    CaseField,
    Charge,
    ChargeCount,
    Person,
    Recommendation,
    RelatedCase,
    Victim,
)
from procuracy.core.money import format_money
from procuracy.interchange.packages import SCHEMA_ID, normalize_package
from procuracy.procedure.models import Event


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _group(rows: Sequence[dict[str, Any]], key: str) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != ""}


def _event(row: dict[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = {"type": row["type"], "date": _iso(row["date"])}
    if row["in_absentia"] is not None:
        event["in_absentia"] = row["in_absentia"]
    if row["sentence"] is not None:
        event["sentence" if row["type"] == "judgment" else "sentencing_recommendation"] = row["sentence"]
    if row["kind"]:
        event["kind"] = row["kind"]
    if row["approved_by_id"]:
        event["approved_by"] = row["approved_by_id"]
    if row["amount"] is not None:
        event["amount_yuan"] = format_money(row["amount"])
    if row["recommendation_adopted"] is not None:
        event["recommendation_adopted"] = row["recommendation_adopted"]
    event.update(row["extra"] or {})
    return event


def packages_for(case_pks: Sequence[int]) -> list[dict[str, Any]]:
    """Canonical packages of the given cases, in the order given; a fixed number of queries."""
    cases = {c["id"]: c for c in Case.objects.filter(pk__in=case_pks).values()}
    fields = _group(CaseField.objects.filter(case_id__in=case_pks).order_by("case_id", "seq").values(), "case_id")
    related = _group(RelatedCase.objects.filter(case_id__in=case_pks).order_by("case_id", "seq").values(), "case_id")
    persons = _group(Person.objects.filter(case_id__in=case_pks).order_by("case_id", "seq").values(), "case_id")
    person_pks = [p["id"] for group in persons.values() for p in group]
    charge_names = dict(Charge.objects.values_list("id", "name"))
    counts = _group(ChargeCount.objects.filter(person_id__in=person_pks).order_by("person_id", "seq").values(),
                    "person_id")
    events = _group(Event.objects.filter(person_id__in=person_pks).order_by("person_id", "seq").values(),
                    "person_id")
    victims = _group(Victim.objects.filter(case_id__in=case_pks).order_by("case_id", "seq").values(), "case_id")
    recs = _group(Recommendation.objects.filter(case_id__in=case_pks).order_by("case_id", "seq").values(), "case_id")

    out = []
    for pk in case_pks:
        c = cases[pk]
        pkg: dict[str, Any] = {
            "schema": SCHEMA_ID, "case_id": c["case_id"], "source": c["source"],
            "transferring_organ": c["transferring_organ"], "procuratorate": c["procuratorate_id"],
            "received_on": _iso(c["received_on"]), "title": c["title"],
            "early_intervention_on": _iso(c["early_intervention_on"]),
        }
        if pk in fields:
            pkg["fields"] = [f["field"] for f in fields[pk]]
        pkg["gang_nature"] = c["gang_nature"] or None
        pkg["enterprise_involved"] = c["enterprise_involved"]
        if c["supervision_listed_by_id"]:
            pkg["supervision"] = _clean({"listed_by": c["supervision_listed_by_id"],
                                         "listed_on": _iso(c["supervision_listed_on"]),
                                         "delisted_on": _iso(c["supervision_delisted_on"])})
        if pk in related:
            pkg["related_cases"] = [{"case_id": r["target_case_id"], "relation": r["relation"]} for r in related[pk]]
        pkg["persons"] = []
        for p in persons.get(pk, ()):
            person = _clean({
                "person_id": p["person_id"], "name": p["name"], "gender": p["gender"],
                "birth_date": _iso(p["birth_date"]), "id_number": p["id_number"], "rank": p["rank"],
                "position": p["position"], "employer": p["employer"], "status": p["status"],
            })
            person["charges"] = [
                _clean({"charge": charge_names[cc["charge_id"]], "amount_yuan": format_money(cc["amount"])})
                | (cc["extra"] or {})
                for cc in counts.get(p["id"], ())
            ]
            person["events"] = [_event(e) for e in events.get(p["id"], ())]
            person.update(p["extra"] or {})
            pkg["persons"].append(person)
        if pk in victims:
            pkg["victims"] = []
            for v in victims[pk]:
                victim = _clean({"victim_id": v["victim_id"], "name": v["name"],
                                 "identified_on": _iso(v["identified_on"]), "visited_on": _iso(v["visited_on"])})
                if v["relief_decided_on"] is not None:
                    victim["relief"] = {"decided_on": _iso(v["relief_decided_on"]),
                                        "amount_yuan": format_money(v["relief_amount"])}
                victim.update(v["extra"] or {})
                pkg["victims"].append(victim)
        if pk in recs:
            pkg["recommendations"] = [
                _clean({"recommendation_id": r["recommendation_id"], "issued_on": _iso(r["issued_on"]),
                        "recipient": r["recipient"], "subject": r["subject"], "replied_on": _iso(r["replied_on"])})
                | ({"adopted": r["adopted"]} if r["adopted"] is not None else {})
                | (r["extra"] or {})
                for r in recs[pk]
            ]
        pkg.update(c["extra"] or {})
        out.append(normalize_package(_clean(pkg) | {"persons": pkg["persons"]}))
    return out


def iter_packages(cases: QuerySet[Case], chunk_size: int = 500) -> Iterator[dict[str, Any]]:
    """Every case of the queryset in primary-key order, a chunk of cases at a time."""
    pks = list(cases.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), chunk_size):
        yield from packages_for(pks[start:start + chunk_size])
