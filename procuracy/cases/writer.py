"""Writing whole case packages to the database in bulk.

Two phases, so that the first can run in another process while the second writes:
`prepare_rows` turns canonical packages (see interchange.packages) into row tuples of every
table without touching the database, numbering cases and persons within the batch;
`write_rows` reserves primary keys, puts them in and inserts everything with one change-log
record per case. Used by the case actions only; the caller holds the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection

from procuracy.cases.categories import person_category
from procuracy.cases.choices import Source, fields_mask
from procuracy.cases.facets import facet, text_facets
from procuracy.cases.models import (
    Case,
    CaseFacet,
    CaseField,
    ChargeCount,
    Person,
    Recommendation,
    RelatedCase,
    Victim,
)
from procuracy.core.bulk import BulkInserter, allocate_ids, db_datetime, db_json
from procuracy.core.context import current_context
from procuracy.core.models import ChangeAction, ObjectChange, content_type_for
from procuracy.core.money import to_fen
from procuracy.interchange.packages import (
    CASE_KEYS,
    CHARGE_KEYS,
    EVENT_KEYS,
    PERSON_KEYS,
    RECOMMENDATION_KEYS,
    VICTIM_KEYS,
    normalize_sentence,
    plain,
)
from procuracy.procedure.models import Event
from procuracy.procedure.rules import stage_for

# Column lists; "@case" and "@person" columns hold batch-local numbers until written.
COLUMNS: dict[str, tuple[str, ...]] = {
    "case": ("id", "case_id", "source", "transferring_organ", "procuratorate_id", "received_on", "title",
             "early_intervention_on", "gang_nature", "enterprise_involved", "supervision_listed_by_id",
             "supervision_listed_on", "supervision_delisted_on", "extra", "created", "last_updated"),
    "field": ("case_id", "field", "seq"),
    "facet": ("case_id", "facet", "received_on", "procuratorate_code"),
    "related": ("case_id", "target_case_id", "relation", "seq"),
    "person": ("id", "case_id", "person_id", "seq", "name", "gender", "birth_date", "id_number", "rank",
               "position", "employer", "status", "principal_charge_id", "category", "total_amount", "stage", "extra"),
    "charge": ("person_id", "charge_id", "seq", "amount", "extra"),
    "event": ("case_id", "person_id", "seq", "type", "date", "in_absentia", "kind", "approved_by_id", "amount",
              "sentence", "recommendation_adopted", "extra", "procuratorate_id", "duty", "gang", "rank",
              "category", "principal_charge_id", "fields"),
    "victim": ("case_id", "victim_id", "seq", "name", "identified_on", "visited_on", "relief_decided_on",
               "relief_amount", "extra"),
    "recommendation": ("case_id", "recommendation_id", "seq", "issued_on", "recipient", "subject", "replied_on",
                       "adopted", "extra"),
}
MODELS = {"case": Case, "field": CaseField, "facet": CaseFacet, "related": RelatedCase, "person": Person, "charge": ChargeCount,
          "event": Event, "victim": Victim, "recommendation": Recommendation}
# Which leading columns of each table's rows are batch-local case (c) or person (p) numbers.
LOCAL_KEYS = {"case": "c", "field": "c", "facet": "c", "related": "c", "person": "pc", "charge": "p", "event": "cp",
              "victim": "c", "recommendation": "c"}
CHANGE_COLUMNS = ("time", "user_id", "user_name", "request_id", "action", "changed_object_type_id",
                  "changed_object_id", "object_repr", "case_ref", "prechange_data", "postchange_data", "message")
# Parents before children, so that foreign keys hold at every statement.
ORDER = ("case", "field", "facet", "related", "person", "charge", "event", "victim", "recommendation")

_KEYSETS = {keys: frozenset(keys) for keys in (CASE_KEYS, PERSON_KEYS, CHARGE_KEYS, EVENT_KEYS, VICTIM_KEYS,
                                                RECOMMENDATION_KEYS)}


def _extra_json(obj: dict[str, Any], keys: tuple[str, ...]) -> str:
    if obj.keys() <= _KEYSETS[keys]:
        return "{}"
    return db_json(plain({k: v for k, v in obj.items() if k not in keys}))


def _fen(value: Any) -> int | None:
    """Fen from a validated amount: a string, an integer or a Decimal of yuan."""
    return None if value is None else to_fen(value if isinstance(value, Decimal) else Decimal(str(value)))


def _sentence_json(event: dict[str, Any]) -> str | None:
    sentence = event.get("sentence", event.get("sentencing_recommendation"))
    return None if sentence is None else db_json(normalize_sentence(sentence))


@dataclass
class PreparedCases:
    """Rows of a batch of cases, ready but for their primary keys (picklable)."""

    case_ids: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    persons: int = 0
    events: int = 0
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: {name: [] for name in ORDER})


def prepare_rows(packages: Sequence[dict[str, Any]], charges: dict[str, tuple[int, str]],
                 stamp: str, *, facets: bool = True) -> PreparedCases:
    """Rows for validated packages (as parsed or canonical); `stamp` is the time written, in database form.

    `facets=False` leaves out the case list's facets, for a load that derives them all at once
    afterwards (facets.rebuild_facets)."""
    out = PreparedCases()
    rows = out.rows
    person_no = 0
    charge_facets: dict[str, str] = {}  # charge name → its facet (models.CaseFacet)
    for case_no, pkg in enumerate(packages):
        supervision = pkg.get("supervision") or {}
        out.case_ids.append(pkg["case_id"])
        out.titles.append((pkg.get("title") or pkg["case_id"])[:200])
        rows["case"].append((
            case_no, pkg["case_id"], pkg["source"], pkg.get("transferring_organ") or "", pkg["procuratorate"],
            pkg["received_on"], pkg.get("title") or "", pkg.get("early_intervention_on"), pkg.get("gang_nature") or "",
            pkg.get("enterprise_involved"), supervision.get("listed_by"), supervision.get("listed_on"),
            supervision.get("delisted_on"), _extra_json(pkg, CASE_KEYS), stamp, stamp,
        ))
        rows["field"].extend((case_no, f, i) for i, f in enumerate(pkg.get("fields", ())))
        rows["related"].extend(
            (case_no, r["case_id"], r["relation"], i) for i, r in enumerate(pkg.get("related_cases", ()))
        )
        duty = pkg["source"] == Source.SUPERVISORY_COMMISSION
        gang = bool(pkg.get("gang_nature"))
        code = pkg["procuratorate"]
        values = {facet("field", f) for f in pkg.get("fields", ())}
        if facets:
            values |= text_facets(pkg.get("title") or "")
        mask = fields_mask(pkg.get("fields", ()))
        for p_seq, person in enumerate(pkg["persons"]):
            person_charges = person["charges"]
            principal_id, charge_category = charges[person_charges[0]["charge"]]
            category = person_category(charge_category, pkg["source"])
            amounts = [_fen(c["amount_yuan"]) for c in person_charges if c.get("amount_yuan") is not None]
            total = sum(amounts) if amounts else None
            rank = person["rank"]
            stage = stage_for(person["events"])
            rows["person"].append((
                person_no, case_no, person["person_id"], p_seq, person["name"], person.get("gender") or "",
                person.get("birth_date"), person.get("id_number") or "", rank, person.get("position") or "",
                person.get("employer") or "", person.get("status") or "present", principal_id, category, total,
                stage, _extra_json(person, PERSON_KEYS),
            ))
            if facets:
                values.update((facet("rank", rank), facet("category", category), facet("stage", stage)))
                values |= text_facets(person["name"])
                for charge in person_charges:
                    name = charge["charge"]
                    value = charge_facets.get(name)
                    if value is None:
                        value = charge_facets[name] = facet("charge", charges[name][0])
                    values.add(value)
            for c_seq, charge in enumerate(person_charges):
                rows["charge"].append((person_no, charges[charge["charge"]][0], c_seq,
                                       _fen(charge.get("amount_yuan")), _extra_json(charge, CHARGE_KEYS)))
            for e_seq, event in enumerate(person["events"]):
                if len(event) == 2:  # type and date alone, the common case
                    rows["event"].append((case_no, person_no, e_seq, event["type"], event["date"], None, "", None,
                                          None, None, None, "{}", code, duty, gang, rank, category, principal_id, mask))
                    continue
                rows["event"].append((
                    case_no, person_no, e_seq, event["type"], event["date"], event.get("in_absentia"),
                    event.get("kind") or "", event.get("approved_by"), _fen(event.get("amount_yuan")),
                    _sentence_json(event), event.get("recommendation_adopted"),
                    _extra_json(event, EVENT_KEYS), code, duty, gang, rank, category, principal_id, mask,
                ))
            out.events += len(person["events"])
            person_no += 1
        if facets:
            rows["facet"].extend((case_no, value, pkg["received_on"], code) for value in values)
        for v_seq, victim in enumerate(pkg.get("victims", ())):
            relief = victim.get("relief") or {}
            rows["victim"].append((
                case_no, victim["victim_id"], v_seq, victim["name"], victim["identified_on"],
                victim.get("visited_on"), relief.get("decided_on"), _fen(relief.get("amount_yuan")),
                _extra_json(victim, VICTIM_KEYS),
            ))
        for r_seq, rec in enumerate(pkg.get("recommendations", ())):
            rows["recommendation"].append((
                case_no, rec["recommendation_id"], r_seq, rec["issued_on"], rec["recipient"], rec.get("subject") or "",
                rec.get("replied_on"), rec.get("adopted"), _extra_json(rec, RECOMMENDATION_KEYS),
            ))
    out.persons = person_no
    return out


def _with_keys(rows: list[tuple[Any, ...]], keys: str, cases: list[int], persons: list[int]) -> list[tuple[Any, ...]]:
    """Replace batch-local numbers by primary keys (one comprehension per shape: a hot path)."""
    if keys == "c":
        return [(cases[r[0]], *r[1:]) for r in rows]
    if keys == "p":
        return [(persons[r[0]], *r[1:]) for r in rows]
    if keys == "cp":
        return [(cases[r[0]], persons[r[1]], *r[2:]) for r in rows]
    if keys == "pc":
        return [(persons[r[0]], cases[r[1]], *r[2:]) for r in rows]
    raise ValueError(keys)


def write_stamp() -> tuple[dt.datetime, Any]:
    now = dt.datetime.now(tz=dt.UTC)
    return now, db_datetime(now)


def write_rows(prepared: PreparedCases, *, actor: Any, stamp: Any, message: str = "",
               before: dict[str, dict[str, Any]] | None = None, sources: Sequence[str] | None = None) -> None:
    """Insert prepared rows, with one change-log record per case.

    A new case's record names its source (`message`, and `sources`: "file:line" per case);
    its data is the rows themselves, and every later change records its own before and
    after. A replaced case keeps both forms: `before` holds the old, the new is read back.
    """
    before = before or {}
    case_pks = allocate_ids(Case, len(prepared.case_ids))
    person_pks = allocate_ids(Person, prepared.persons)
    for name in ORDER:
        rows = _with_keys(prepared.rows[name], LOCAL_KEYS[name], case_pks, person_pks)
        BulkInserter(MODELS[name], COLUMNS[name]).insert(rows)

    after: dict[int, dict[str, Any]] = {}
    if before:
        from procuracy.interchange.export import packages_for

        replaced = [pk for pk, case_id in zip(case_pks, prepared.case_ids, strict=True) if case_id in before]
        after = dict(zip(replaced, packages_for(replaced), strict=True))
    request_id = ObjectChange._meta.get_field("request_id").get_db_prep_value(
        current_context().request_id, connection)
    case_type = content_type_for(Case).pk
    changes = []
    for index, (case_pk, case_id, title) in enumerate(zip(case_pks, prepared.case_ids, prepared.titles,
                                                          strict=True)):
        previous = before.get(case_id)
        note = f"{message} {sources[index]}".strip() if sources else message
        changes.append((
            stamp, actor.pk, actor.get_username(), request_id,
            ChangeAction.UPDATE if previous is not None else ChangeAction.CREATE, case_type, str(case_pk), title,
            case_id, None if previous is None else db_json(previous),
            None if previous is None else db_json(after[case_pk]), note[:500],
        ))
    BulkInserter(ObjectChange, CHANGE_COLUMNS).insert(changes)
