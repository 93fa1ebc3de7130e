"""The canonical form of a case package (procuracy.case/1).

Import normalises every valid package into this form (keys in the order of the spec, money
as strings with two decimals, absent optional fields left out) and export writes the same
form from the database, so that export → import → export reproduces the file exactly.
Fields a sender adds beyond version 1 are kept after the known ones.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from procuracy.core.money import format_money, parse_money

SCHEMA_ID = "procuracy.case/1"

CASE_KEYS = (
    "schema", "case_id", "source", "transferring_organ", "procuratorate", "received_on", "title",
    "early_intervention_on", "fields", "gang_nature", "enterprise_involved", "supervision",
    "related_cases", "persons", "victims", "recommendations",
)
PERSON_KEYS = (
    "person_id", "name", "gender", "birth_date", "id_number", "rank", "position", "employer", "status",
    "charges", "events",
)
CHARGE_KEYS = ("charge", "amount_yuan")
EVENT_KEYS = (
    "type", "date", "in_absentia", "sentencing_recommendation", "kind", "approved_by", "amount_yuan",
    "sentence", "recommendation_adopted",
)
SENTENCE_KEYS = ("kind", "months", "months_max", "probation_months", "fine_yuan", "confiscated_yuan")
SENTENCE_MONEY = ("fine_yuan", "confiscated_yuan")
VICTIM_KEYS = ("victim_id", "name", "identified_on", "visited_on", "relief")
RELIEF_KEYS = ("decided_on", "amount_yuan")
RECOMMENDATION_KEYS = ("recommendation_id", "issued_on", "recipient", "subject", "replied_on", "adopted")
SUPERVISION_KEYS = ("listed_by", "listed_on")
RELATED_KEYS = ("case_id", "relation")


def money_text(value: Any) -> str:
    return format_money(parse_money(value)) or ""


def _ordered(raw: dict[str, Any], keys: tuple[str, ...], convert: dict[str, Any] | None = None) -> dict[str, Any]:
    """Known keys in spec order (None values dropped), then unknown keys in their order."""
    convert = convert or {}
    out: dict[str, Any] = {}
    for key in keys:
        if key in raw and raw[key] is not None:
            value = raw[key]
            out[key] = convert[key](value) if key in convert else value
    for key, value in raw.items():
        if key not in keys:
            out[key] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    """JSON-ready copy of an unknown value (Decimals from the parser back to numbers)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def normalize_sentence(raw: dict[str, Any]) -> dict[str, Any]:
    return _ordered(raw, SENTENCE_KEYS, {k: money_text for k in SENTENCE_MONEY} | {
        "months": int, "months_max": int, "probation_months": int,
    })


def normalize_event(raw: dict[str, Any]) -> dict[str, Any]:
    return _ordered(raw, EVENT_KEYS, {
        "amount_yuan": money_text,
        "sentencing_recommendation": normalize_sentence,
        "sentence": normalize_sentence,
    })


def normalize_person(raw: dict[str, Any]) -> dict[str, Any]:
    person = _ordered(raw, PERSON_KEYS, {
        "charges": lambda charges: [_ordered(c, CHARGE_KEYS, {"amount_yuan": money_text}) for c in charges],
        "events": lambda events: [normalize_event(e) for e in events],
    })
    person.setdefault("status", "present")
    # Keep the spec's key order even though status was filled in after the fact.
    return _ordered(person, PERSON_KEYS)


def normalize_victim(raw: dict[str, Any]) -> dict[str, Any]:
    return _ordered(raw, VICTIM_KEYS, {
        "relief": lambda relief: _ordered(relief, RELIEF_KEYS, {"amount_yuan": money_text}),
    })


def normalize_package(raw: dict[str, Any]) -> dict[str, Any]:
    """The canonical form of a package that has passed validation."""
    return _ordered(raw, CASE_KEYS, {
        "supervision": lambda s: _ordered(s, SUPERVISION_KEYS),
        "related_cases": lambda items: [_ordered(r, RELATED_KEYS) for r in items],
        "persons": lambda persons: [normalize_person(p) for p in persons],
        "victims": lambda victims: [normalize_victim(v) for v in victims],
        "recommendations": lambda recs: [_ordered(r, RECOMMENDATION_KEYS) for r in recs],
    })


def extras(raw: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if k not in keys}
