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
SUPERVISION_KEYS = ("listed_by", "listed_on", "delisted_on")  # delisted_on: an addition to v1
RELATED_KEYS = ("case_id", "relation")


def money_text(value: Any) -> str:
    return format_money(parse_money(value)) or ""


def _ordered(raw: dict[str, Any], keys: tuple[str, ...], convert: dict[str, Any] | None = None) -> dict[str, Any]:
    """Known keys in spec order (None values dropped), then unknown keys in their order."""
    convert = convert or {}
    out: dict[str, Any] = {}
    for key in keys:
        value = raw.get(key)
        if value is not None:
            fn = convert.get(key)
            out[key] = value if fn is None else fn(value)
    if len(out) < len(raw):
        for key, value in raw.items():
            if key not in out and key not in keys:
                out[key] = plain(value)
    return out


def plain(value: Any) -> Any:
    """JSON-ready copy of an unknown value (Decimals from the parser back to numbers)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


_SENTENCE = {"fine_yuan": money_text, "confiscated_yuan": money_text, "months": int, "months_max": int,
             "probation_months": int}


def normalize_sentence(raw: dict[str, Any]) -> dict[str, Any]:
    return _ordered(raw, SENTENCE_KEYS, _SENTENCE)


_EVENT = {"amount_yuan": money_text, "sentencing_recommendation": normalize_sentence, "sentence": normalize_sentence}


def normalize_event(raw: dict[str, Any]) -> dict[str, Any]:
    if len(raw) == 2 and "type" in raw and "date" in raw:
        return {"type": raw["type"], "date": raw["date"]}  # most events: nothing to convert
    return _ordered(raw, EVENT_KEYS, _EVENT)


def normalize_charge(raw: dict[str, Any]) -> dict[str, Any]:
    if len(raw) == 1 and "charge" in raw:
        return {"charge": raw["charge"]}
    return _ordered(raw, CHARGE_KEYS, {"amount_yuan": money_text})


_PERSON = {
    "charges": lambda charges: [normalize_charge(c) for c in charges],
    "events": lambda events: [normalize_event(e) for e in events],
}


def normalize_person(raw: dict[str, Any]) -> dict[str, Any]:
    if raw.get("status") is None:
        raw = {**raw, "status": "present"}
    return _ordered(raw, PERSON_KEYS, _PERSON)


_RELIEF = {"amount_yuan": money_text}
_VICTIM = {"relief": lambda relief: _ordered(relief, RELIEF_KEYS, _RELIEF)}


def normalize_victim(raw: dict[str, Any]) -> dict[str, Any]:
    return _ordered(raw, VICTIM_KEYS, _VICTIM)


_CASE = {
    "supervision": lambda s: _ordered(s, SUPERVISION_KEYS),
    "related_cases": lambda items: [_ordered(r, RELATED_KEYS) for r in items],
    "persons": lambda persons: [normalize_person(p) for p in persons],
    "victims": lambda victims: [normalize_victim(v) for v in victims],
    "recommendations": lambda recs: [_ordered(r, RECOMMENDATION_KEYS) for r in recs],
}


def normalize_package(raw: dict[str, Any]) -> dict[str, Any]:
    """The canonical form of a package that has passed validation."""
    return _ordered(raw, CASE_KEYS, _CASE)


def extras(raw: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if k not in keys}
