"""Writing whole case packages to the database in bulk.

Used by the case actions only: a package in canonical form (see interchange.packages)
becomes rows of every table at once, with its change-log record. The caller holds the
transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import connection

from procuracy.cases.choices import Source
from procuracy.cases.models import Case, CaseField, ChargeCount, Person, Recommendation, RelatedCase, Victim
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
    extras,
)
from procuracy.procedure.models import Event

CASE_COLUMNS = (
    "id", "case_id", "source", "transferring_organ", "procuratorate_id", "received_on", "title",
    "early_intervention_on", "gang_nature", "enterprise_involved", "supervision_listed_by_id",
    "supervision_listed_on", "extra", "created", "last_updated",
)
FIELD_COLUMNS = ("case_id", "field", "seq")
RELATED_COLUMNS = ("case_id", "target_case_id", "relation", "seq")
PERSON_COLUMNS = (
    "id", "case_id", "person_id", "seq", "name", "gender", "birth_date", "id_number", "rank", "position",
    "employer", "status", "principal_charge_id", "category", "total_amount", "extra",
)
CHARGE_COLUMNS = ("person_id", "charge_id", "seq", "amount", "extra")
EVENT_COLUMNS = (
    "case_id", "person_id", "seq", "type", "date", "in_absentia", "kind", "approved_by_id", "amount",
    "sentence", "recommendation_adopted", "extra", "procuratorate_id", "duty", "gang", "rank", "category",
)
VICTIM_COLUMNS = (
    "case_id", "victim_id", "seq", "name", "identified_on", "visited_on", "relief_decided_on", "relief_amount",
    "extra",
)
RECOMMENDATION_COLUMNS = (
    "case_id", "recommendation_id", "seq", "issued_on", "recipient", "subject", "replied_on", "adopted", "extra",
)
CHANGE_COLUMNS = (
    "time", "user_id", "user_name", "request_id", "action", "changed_object_type_id", "changed_object_id",
    "object_repr", "case_ref", "prechange_data", "postchange_data", "message",
)


def _fen(value: str | None) -> int | None:
    return None if value is None else to_fen(Decimal(value))


def _json_or_none(value: Any) -> str | None:
    return None if value is None else db_json(value)


class CaseWriter:
    """Inserts canonical packages; `charges` maps a charge name to (id, category)."""

    def __init__(self, charges: dict[str, tuple[int, str]], *, actor: Any, message: str = "") -> None:
        self.charges = charges
        self.actor = actor
        self.message = message
        self.now = dt.datetime.now(tz=dt.UTC)
        self.db_now = db_datetime(self.now)
        uuid_field = ObjectChange._meta.get_field("request_id")
        self.request_id = uuid_field.get_db_prep_value(current_context().request_id, connection)
        self.case_type_id = content_type_for(Case).pk
        self.inserters = {
            "case": BulkInserter(Case, CASE_COLUMNS),
            "field": BulkInserter(CaseField, FIELD_COLUMNS),
            "related": BulkInserter(RelatedCase, RELATED_COLUMNS),
            "person": BulkInserter(Person, PERSON_COLUMNS),
            "charge": BulkInserter(ChargeCount, CHARGE_COLUMNS),
            "event": BulkInserter(Event, EVENT_COLUMNS),
            "victim": BulkInserter(Victim, VICTIM_COLUMNS),
            "recommendation": BulkInserter(Recommendation, RECOMMENDATION_COLUMNS),
            "change": BulkInserter(ObjectChange, CHANGE_COLUMNS),
        }

    def write(self, packages: Sequence[dict[str, Any]], before: dict[str, dict[str, Any]] | None = None) -> tuple[int, int]:
        """Insert the packages; `before` holds the previous form of replaced cases. Returns (persons, events)."""
        before = before or {}
        rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in self.inserters}
        case_ids = allocate_ids(Case, len(packages))
        person_ids = allocate_ids(Person, sum(len(p["persons"]) for p in packages))
        next_person = iter(person_ids)
        n_events = 0
        for case_pk, pkg in zip(case_ids, packages, strict=True):
            supervision = pkg.get("supervision") or {}
            rows["case"].append((
                case_pk, pkg["case_id"], pkg["source"], pkg.get("transferring_organ", ""), pkg["procuratorate"],
                pkg["received_on"], pkg.get("title", ""), pkg.get("early_intervention_on"), pkg.get("gang_nature") or "",
                pkg.get("enterprise_involved"), supervision.get("listed_by"), supervision.get("listed_on"),
                db_json(extras(pkg, CASE_KEYS)), self.db_now, self.db_now,
            ))
            rows["field"].extend((case_pk, f, i) for i, f in enumerate(pkg.get("fields", ())))
            rows["related"].extend(
                (case_pk, r["case_id"], r["relation"], i) for i, r in enumerate(pkg.get("related_cases", ()))
            )
            duty = pkg["source"] == Source.SUPERVISORY_COMMISSION
            gang = bool(pkg.get("gang_nature"))
            for p_seq, person in enumerate(pkg["persons"]):
                person_pk = next(next_person)
                charges = person["charges"]
                principal_id, category = self.charges[charges[0]["charge"]]
                amounts = [c["amount_yuan"] for c in charges if "amount_yuan" in c]
                total = sum((to_fen(Decimal(a)) for a in amounts), 0) if amounts else None
                rows["person"].append((
                    person_pk, case_pk, person["person_id"], p_seq, person["name"], person.get("gender", ""),
                    person.get("birth_date"), person.get("id_number", ""), person["rank"],
                    person.get("position", ""), person.get("employer", ""), person.get("status", "present"),
                    principal_id, category, total, db_json(extras(person, PERSON_KEYS)),
                ))
                for c_seq, charge in enumerate(charges):
                    rows["charge"].append((
                        person_pk, self.charges[charge["charge"]][0], c_seq, _fen(charge.get("amount_yuan")),
                        db_json(extras(charge, CHARGE_KEYS)),
                    ))
                for e_seq, event in enumerate(person["events"]):
                    sentence = event.get("sentence", event.get("sentencing_recommendation"))
                    rows["event"].append((
                        case_pk, person_pk, e_seq, event["type"], event["date"], event.get("in_absentia"),
                        event.get("kind", ""), event.get("approved_by"), _fen(event.get("amount_yuan")),
                        _json_or_none(sentence), event.get("recommendation_adopted"),
                        db_json(extras(event, EVENT_KEYS)), pkg["procuratorate"], duty, gang, person["rank"],
                        category,
                    ))
                    n_events += 1
            for v_seq, victim in enumerate(pkg.get("victims", ())):
                relief = victim.get("relief") or {}
                rows["victim"].append((
                    case_pk, victim["victim_id"], v_seq, victim["name"], victim["identified_on"],
                    victim.get("visited_on"), relief.get("decided_on"), _fen(relief.get("amount_yuan")),
                    db_json(extras(victim, VICTIM_KEYS)),
                ))
            for r_seq, rec in enumerate(pkg.get("recommendations", ())):
                rows["recommendation"].append((
                    case_pk, rec["recommendation_id"], r_seq, rec["issued_on"], rec["recipient"],
                    rec.get("subject", ""), rec.get("replied_on"), rec.get("adopted"),
                    db_json(extras(rec, RECOMMENDATION_KEYS)),
                ))
            previous = before.get(pkg["case_id"])
            rows["change"].append((
                self.db_now, self.actor.pk, self.actor.get_username(), self.request_id,
                ChangeAction.UPDATE if previous is not None else ChangeAction.CREATE, self.case_type_id,
                str(case_pk), (pkg.get("title") or pkg["case_id"])[:200], pkg["case_id"],
                _json_or_none(previous), db_json(pkg), self.message[:500],
            ))
        # Parents before children, so that foreign keys hold at every statement.
        for name in ("case", "field", "related", "person", "charge", "event", "victim", "recommendation", "change"):
            self.inserters[name].insert(rows[name])
        return len(person_ids), n_events
