"""Validation of case packages: the schema of procuracy.case/1, then every rule of its spec.

The schema is checked by a compiled validator first; only a package that fails it is run
through the (slower) reference validator, to list every schema error in words.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.utils.translation import gettext as _

from procuracy.cases.choices import Source
from procuracy.cases.identity import id_number_valid
from procuracy.core.money import MoneyError, parse_money
from procuracy.interchange.problems import Problem
from procuracy.interchange.schemacheck import compile_schema
from procuracy.procedure.rules import CaseFacts, Step, replay

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "case-package.schema.json"


@cache
def package_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _fast_check() -> Callable[[Any], bool]:
    return compile_schema(package_schema())


@cache
def _full_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(package_schema())


@dataclass
class Catalogue:
    """The reference data a package is checked against."""

    charges: dict[str, tuple[int, str]]  # name → (id, category)
    procuratorates: dict[str, str | None]  # code → parent code

    @classmethod
    def load(cls) -> Catalogue:
        from procuracy.cases.models import Charge
        from procuracy.organizations.models import Procuratorate

        return cls(
            charges={name: (pk, cat) for pk, name, cat in Charge.objects.values_list("id", "name", "category")},
            procuratorates=dict(Procuratorate.objects.filter(is_active=True).values_list("code", "parent_id")),
        )


class _Located:
    """Builds problems that all share a file, line and case."""

    def __init__(self, file: str, line: int | None, case_id: str | None) -> None:
        self.file, self.line, self.case_id = file, line, case_id
        self.problems: list[Problem] = []

    def add(self, message: str, *, person: Any = None, event: int | None = None, event_type: Any = None,
            field: str | None = None, rule: str | None = None, rule_zh: str | None = None) -> None:
        self.problems.append(Problem(
            message=message, file=self.file, line=self.line, case_id=self.case_id,
            person_id=person if isinstance(person, str) else None,
            event=event, event_type=event_type if isinstance(event_type, str) else None,
            field=field, rule=rule, rule_zh=rule_zh,
        ))


def _person_at(raw: dict[str, Any], index: Any) -> dict[str, Any]:
    persons = raw.get("persons")
    if isinstance(persons, list) and isinstance(index, int) and index < len(persons):
        person = persons[index]
        if isinstance(person, dict):
            return person
    return {}


def _schema_problem(raw: dict[str, Any], error: jsonschema.ValidationError, where: _Located) -> None:
    path = list(error.absolute_path)
    person: Any = None
    event: int | None = None
    event_type: Any = None
    rest = path
    if len(path) >= 2 and path[0] == "persons":
        person_raw = _person_at(raw, path[1])
        person = person_raw.get("person_id") or f"#{path[1] + 1}"
        rest = path[2:]
        if len(rest) >= 2 and rest[0] == "events" and isinstance(rest[1], int):
            events = person_raw.get("events") or []
            event = rest[1] + 1
            if rest[1] < len(events) and isinstance(events[rest[1]], dict):
                event_type = events[rest[1]].get("type")
            rest = rest[2:]
    field = ".".join(str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in rest).replace(".[", "[")
    validator, value = error.validator, error.validator_value
    if validator == "required":
        missing = [k for k in value if not (isinstance(error.instance, dict) and k in error.instance)]
        for key in missing:
            name = f"{field}.{key}" if field else key
            message = _("at least one person is required") if key == "persons" else _("this field is required")
            where.add(message, person=person, event=event, event_type=event_type, field=name)
        return
    if validator == "enum":
        message = _("“%(value)s” is not one of the allowed codes: %(codes)s") % {
            "value": error.instance, "codes": ", ".join(str(v) for v in value if v is not None)}
    elif validator == "const":
        message = _("must be “%(value)s”") % {"value": value}
    elif validator == "pattern":
        if "\\d{4}-\\d{2}-\\d{2}" in value:
            message = _("“%(value)s” is not a date of the form YYYY-MM-DD") % {"value": error.instance}
        elif "SPP" in value:
            message = _("“%(value)s” is not a procuratorate code (SPP or six digits)") % {"value": error.instance}
        elif "[\\dXx]" in value:
            message = _("“%(value)s” is not an 18-character resident identity number") % {"value": error.instance}
        else:
            message = _("“%(value)s” is not an amount of yuan with at most two decimals") % {"value": error.instance}
    elif validator == "oneOf":
        message = _("“%(value)s” is not an amount of yuan: a non-negative number with at most two decimals") % {
            "value": error.instance}
    elif validator == "minItems":
        message = _("at least one person is required") if field == "persons" else (
            _("at least one charge is required") if field == "charges" else _("the list cannot be empty"))
    elif validator == "minLength":
        message = _("cannot be empty")
    elif validator == "type":
        message = _("must be of type %(type)s, not %(value)s") % {
            "type": value, "value": json.dumps(error.instance, ensure_ascii=False, default=str)[:60]}
    elif validator == "uniqueItems":
        message = _("the list has the same value twice")
    elif validator == "minimum":
        message = _("cannot be negative (%(value)s)") % {"value": error.instance}
    else:
        message = error.message
    where.add(message, person=person, event=event, event_type=event_type, field=field or None)


class PackageValidator:
    """Checks packages one at a time (a case id seen twice is the importer's concern)."""

    def __init__(self, catalogue: Catalogue, today: dt.date) -> None:
        self.catalogue = catalogue
        self.today = today
        self.today_text = today.isoformat()

    def validate(self, raw: Any, file: str, line: int | None) -> list[Problem]:
        case_id = raw.get("case_id") if isinstance(raw, dict) else None
        where = _Located(file, line, case_id if isinstance(case_id, str) else None)
        if not isinstance(raw, dict):
            where.add(_("a case package is a JSON object"))
            return where.problems
        if not _fast_check()(raw):
            for error in sorted(_full_validator().iter_errors(raw), key=lambda e: list(map(str, e.absolute_path))):
                _schema_problem(raw, error, where)
        self._check_case(raw, where)
        return where.problems

    # Each check below tolerates a package that failed the schema, so that one run lists
    # every problem instead of the first.
    def _date(self, value: Any, where: _Located, field: str, **loc: Any) -> dt.date | None:
        if not isinstance(value, str) or len(value) != 10:
            return None
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            where.add(_("“%(value)s” is not a date in the calendar") % {"value": value}, field=field, **loc)
            return None
        if parsed > self.today:
            where.add(_("the date %(date)s is after today (%(today)s)") % {
                "date": value, "today": self.today.isoformat()}, field=field, **loc)
        return parsed

    def _money(self, container: Any, key: str, where: _Located, field: str, **loc: Any) -> None:
        if not isinstance(container, dict) or key not in container:
            return
        value = container[key]
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            try:
                parse_money(value)
            except MoneyError as exc:
                where.add(str(exc), field=field, **loc)

    def _procuratorate(self, code: Any, where: _Located, field: str, **loc: Any) -> bool:
        if isinstance(code, str) and code not in self.catalogue.procuratorates:
            where.add(_("“%(code)s” is not the code of a known procuratorate") % {"code": code}, field=field, **loc)
            return False
        return isinstance(code, str)

    def _check_case(self, raw: dict[str, Any], where: _Located) -> None:
        received = self._date(raw.get("received_on"), where, "received_on")
        self._date(raw.get("early_intervention_on"), where, "early_intervention_on")
        handling = raw.get("procuratorate")
        handling_known = self._procuratorate(handling, where, "procuratorate")
        supervision = raw.get("supervision")
        if isinstance(supervision, dict):
            self._procuratorate(supervision.get("listed_by"), where, "supervision.listed_by")
            listed = self._date(supervision.get("listed_on"), where, "supervision.listed_on")
            delisted = self._date(supervision.get("delisted_on"), where, "supervision.delisted_on")
            if listed and delisted and delisted < listed:
                where.add(_("a case cannot be delisted before it was listed"), field="supervision.delisted_on")

        facts = None
        if received is not None and handling_known:
            facts = CaseFacts(
                source=raw.get("source", ""), procuratorate=handling, received_on=received,
                approving_procuratorate=self.catalogue.procuratorates.get(handling),
            )
        persons = raw.get("persons")
        if isinstance(persons, list):
            seen_ids: set[str] = set()
            for index, person in enumerate(persons):
                if isinstance(person, dict):
                    self._check_person(person, index, facts, seen_ids, where)
        self._check_victims(raw.get("victims"), where)
        self._check_recommendations(raw.get("recommendations"), where)

    def _check_person(self, person: dict[str, Any], index: int, facts: CaseFacts | None,
                      seen_ids: set[str], where: _Located) -> None:
        pid = person.get("person_id") if isinstance(person.get("person_id"), str) else f"#{index + 1}"
        if pid in seen_ids:
            where.add(_("the person id appears twice in this case"), person=pid, field="person_id")
        seen_ids.add(pid)
        self._date(person.get("birth_date"), where, "birth_date", person=pid)
        id_number = person.get("id_number")
        if isinstance(id_number, str) and len(id_number) == 18 and id_number[:17].isdigit() \
                and not id_number_valid(id_number):
            where.add(_("the check digit of the identity number %(value)s is wrong (GB 11643)") % {
                "value": id_number}, person=pid, field="id_number")
        charges = person.get("charges")
        if isinstance(charges, list):
            for ci, charge in enumerate(charges):
                if not isinstance(charge, dict):
                    continue
                name = charge.get("charge")
                if isinstance(name, str) and name and name not in self.catalogue.charges:
                    hint = _(" (write it without the final 罪)") if name.endswith("罪") and \
                        name[:-1] in self.catalogue.charges else ""
                    where.add(_("“%(name)s” is not an official charge name") % {"name": name} + hint,
                              person=pid, field=f"charges[{ci + 1}].charge")
                self._money(charge, "amount_yuan", where, f"charges[{ci + 1}].amount_yuan", person=pid)
        events = person.get("events")
        if not isinstance(events, list):
            return
        steps: list[Step | None] = []
        for ei, event in enumerate(events):
            if not isinstance(event, dict):
                steps.append(None)
                continue
            etype = event.get("type")
            day = self._event_day(event.get("date"), where, pid, ei, etype)
            # Only the fields present are looked at: most events carry a type and a date alone.
            if len(event) > 2:
                self._event_details(event, where, pid, ei, etype)
            if day is None or not isinstance(etype, str):
                steps.append(None)
                continue
            approved_by = event.get("approved_by")
            steps.append(Step(etype, day, approved_by if isinstance(approved_by, str) else None))
        if facts is None or any(s is None for s in steps):
            return
        status = person.get("status") if isinstance(person.get("status"), str) else "present"
        _state, violations = replay(facts, status, [s for s in steps if s is not None], self.today)
        for ei, violation in violations:
            where.add(violation.message, person=pid, event=ei + 1, event_type=events[ei].get("type"),
                      field=violation.field, rule=violation.rule.basis, rule_zh=violation.rule.basis_zh)
        if facts.source == Source.SUPERVISORY_COMMISSION and facts.approving_procuratorate is None and any(
            s is not None and s.type == "not_prosecuted" for s in steps
        ):
            where.add(_("the Supreme People's Procuratorate has no procuratorate above it to approve this"),
                      person=pid, field="procuratorate")

    def _event_day(self, value: Any, where: _Located, pid: str, index: int, etype: Any) -> dt.date | None:
        if isinstance(value, str) and len(value) == 10 and value <= self.today_text:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        return self._date(value, where, "date", person=pid, event=index + 1, event_type=etype)

    def _event_details(self, event: dict[str, Any], where: _Located, pid: str, index: int, etype: Any) -> None:
        loc = {"person": pid, "event": index + 1, "event_type": etype}
        if "amount_yuan" in event:
            self._money(event, "amount_yuan", where, "amount_yuan", **loc)
        for key in ("sentencing_recommendation", "sentence"):
            if key in event:
                for money_key in ("fine_yuan", "confiscated_yuan"):
                    self._money(event[key], money_key, where, f"{key}.{money_key}", **loc)
        approved_by = event.get("approved_by")
        if approved_by is not None:
            self._procuratorate(approved_by, where, "approved_by", **loc)

    def _check_victims(self, victims: Any, where: _Located) -> None:
        if not isinstance(victims, list):
            return
        seen: set[str] = set()
        for index, victim in enumerate(victims):
            if not isinstance(victim, dict):
                continue
            prefix = f"victims[{index + 1}]"
            vid = victim.get("victim_id")
            if isinstance(vid, str):
                if vid in seen:
                    where.add(_("the victim id appears twice in this case"), field=f"{prefix}.victim_id")
                seen.add(vid)
            self._date(victim.get("identified_on"), where, f"{prefix}.identified_on")
            self._date(victim.get("visited_on"), where, f"{prefix}.visited_on")
            relief = victim.get("relief")
            if isinstance(relief, dict):
                self._date(relief.get("decided_on"), where, f"{prefix}.relief.decided_on")
                self._money(relief, "amount_yuan", where, f"{prefix}.relief.amount_yuan")

    def _check_recommendations(self, recommendations: Any, where: _Located) -> None:
        if not isinstance(recommendations, list):
            return
        seen: set[str] = set()
        for index, rec in enumerate(recommendations):
            if not isinstance(rec, dict):
                continue
            prefix = f"recommendations[{index + 1}]"
            rid = rec.get("recommendation_id")
            if isinstance(rid, str):
                if rid in seen:
                    where.add(_("the recommendation id appears twice in this case"),
                              field=f"{prefix}.recommendation_id")
                seen.add(rid)
            issued = self._date(rec.get("issued_on"), where, f"{prefix}.issued_on")
            replied = self._date(rec.get("replied_on"), where, f"{prefix}.replied_on")
            if issued and replied and replied < issued:
                where.add(_("the reply (%(replied)s) cannot precede the recommendation (%(issued)s)") % {
                    "replied": replied.isoformat(), "issued": issued.isoformat()}, field=f"{prefix}.replied_on")
