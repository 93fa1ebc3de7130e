"""Realistic synthetic case packages, for benchmarks, tests and the demo database.

Everything is drawn from a seeded random generator, so the same arguments give the same
packages. Every package is valid under procuracy.case/1 and its procedural rules: the
generator produces what a procuratorate's files look like (commission cases handled by
county procuratorates for township cadres, by prefecture procuratorates for bureau chiefs,
returns and extensions, approvals one level up, gang cases with victims and relief).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from procuracy.cases.identity import make_id_number
from procuracy.interchange.packages import SCHEMA_ID
from procuracy.interchange.vocabulary import (
    COMMISSION_SUFFIX,
    EMPLOYERS,
    GIVEN,
    POLICE_SUFFIX,
    POSITIONS,
    RECIPIENTS,
    SURNAMES,
)
from procuracy.organizations.loading import read_divisions

DUTY_CHARGES = (
    ("受贿", 60, True), ("贪污", 14, True), ("挪用公款", 5, True), ("行贿", 8, True), ("滥用职权", 7, False),
    ("玩忽职守", 4, False), ("利用影响力受贿", 1, True), ("徇私枉法", 1, False),
)
SECONDARY_DUTY = ("滥用职权", "巨额财产来源不明", "玩忽职守", "行贿", "国有公司、企业、事业单位人员滥用职权")
GANG_CHARGES = ("寻衅滋事", "敲诈勒索", "强迫交易", "聚众斗殴", "故意伤害", "非法拘禁", "开设赌场", "非法采矿",
                "串通投标", "故意毁坏财物", "非法占用农用地", "高利转贷")
GANG_LEADER = "组织、领导、参加黑社会性质组织"
DUTY_FIELDS = ("project_construction", "land_acquisition", "people_benefit_funds", "special_subsidies", "finance",
               "state_owned_enterprise", "energy", "medicine", "infrastructure", "education", "healthcare",
               "poverty_alleviation", "ecology_environment", "food_drug", "social_security", "judicial", "other")
GANG_FIELDS = ("information_network", "natural_resources", "transportation", "engineering_construction",
               "finance", "land_acquisition", "other")
CHINA = ZoneInfo("Asia/Shanghai")
RANK_WEIGHTS = (
    ("provincial_ministerial", 0.2), ("department_bureau", 2.5), ("county_division", 10.0),
    ("township_section", 38.0), ("below_township", 22.0), ("grassroots", 22.0), ("soe_manager", 4.0),
    ("non_official", 1.3),
)


@dataclass(frozen=True)
class Procuratorates:
    counties: tuple[str, ...]
    prefectures: tuple[str, ...]
    provinces: tuple[str, ...]
    parent: dict[str, str | None]
    names: dict[str, str]

    @classmethod
    def load(cls) -> Procuratorates:
        rows = read_divisions()
        return cls(
            counties=tuple(r.code for r in rows if r.level == 3),
            prefectures=tuple(r.code for r in rows if r.level == 2),
            provinces=tuple(r.code for r in rows if r.level == 1),
            parent={r.code: r.parent for r in rows},
            names={r.code: r.division_name for r in rows},
        )

    def region_name(self, code: str) -> str:
        """The division's name with its parent's (辽宁省沈阳市), for organ names."""
        parent = self.parent.get(code)
        prefix = self.names.get(parent or "", "") if parent and parent != "SPP" else ""
        return prefix + self.names.get(code, "")


class PackageFactory:
    def __init__(self, seed: int = 1, today: dt.date | None = None, procuratorates: Procuratorates | None = None):
        self.rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
        self.today = today or dt.datetime.now(CHINA).date()
        self.orgs = procuratorates or Procuratorates.load()
        self.serial = 0

    # --- small pieces -------------------------------------------------------------------
    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        span = max((end - start).days, 0)
        return start + dt.timedelta(days=self.rng.randint(0, span))

    def later(self, day: dt.date, low: int, high: int) -> dt.date:
        return min(day + dt.timedelta(days=self.rng.randint(low, high)), self.today)

    def amount(self, low: int, high: int) -> str:
        # Amounts cluster at round figures, with a long tail (log-uniform between the bounds).
        value = Decimal(int(10 ** self.rng.uniform(len(str(low)) - 1, len(str(high)) - 1)))
        value = max(Decimal(low), min(Decimal(high), value))
        if self.rng.random() < 0.7:
            value = value.quantize(Decimal("1E3")) if value >= 10000 else value
        else:
            value += Decimal(self.rng.randint(0, 99)) / 100
        return f"{value:.2f}"

    def rank(self) -> str:
        ranks, weights = zip(*RANK_WEIGHTS, strict=True)
        return self.rng.choices(ranks, weights)[0]

    def handling_for(self, rank: str) -> str:
        if rank in ("provincial_ministerial",):
            return self.rng.choice(self.orgs.prefectures)
        if rank in ("department_bureau", "soe_manager") and self.rng.random() < 0.8:
            return self.rng.choice(self.orgs.prefectures)
        return self.rng.choice(self.orgs.counties)

    def person_base(self, pid: str, rank: str, region: str) -> dict[str, Any]:
        self.serial += 1
        male = self.rng.random() < 0.85
        birth = dt.date(self.rng.randint(1952, 1992), self.rng.randint(1, 12), self.rng.randint(1, 28))
        person: dict[str, Any] = {"person_id": pid, "name": self.name(), "gender": "male" if male else "female"}
        if self.rng.random() < 0.9:
            region_code = region if len(region) == 6 and region.isdigit() else "110101"
            person["birth_date"] = birth.isoformat()
            person["id_number"] = make_id_number(region_code, birth, self.serial, male)
        person["rank"] = rank
        person["position"] = self.rng.choice(POSITIONS[rank])
        person["employer"] = self.rng.choice(EMPLOYERS[rank])
        return person

    # --- procedures ------------------------------------------------------------------------
    def review_steps(self, accepted: dt.date, *, returns: int, extended: bool) -> tuple[list[dict[str, Any]], dt.date]:
        events: list[dict[str, Any]] = []
        day = accepted
        for _ in range(returns):
            day = self.later(day, 10, 28)
            events.append({"type": "returned", "date": day.isoformat()})
            day = self.later(day, 15, 30)
            events.append({"type": "resubmitted", "date": day.isoformat()})
        if extended:
            day = self.later(day, 25, 30)
            events.append({"type": "review_extended", "date": day.isoformat()})
        return events, day

    def duty_person(self, pid: str, handling: str, received: dt.date, rank: str, *,
                    outcome: str | None = None) -> dict[str, Any]:
        """A suspect of a commission case; outcome: prosecuted, not_prosecuted, pending or None (drawn)."""
        rng = self.rng
        person = self.person_base(pid, rank, handling)
        names, weights, with_amount = zip(*DUTY_CHARGES, strict=True)
        principal = rng.choices(names, weights)[0]
        high = {"provincial_ministerial": 300_000_000, "department_bureau": 50_000_000,
                "county_division": 10_000_000}.get(rank, 3_000_000)
        charges: list[dict[str, Any]] = [{"charge": principal}]
        if with_amount[names.index(principal)]:
            charges[0]["amount_yuan"] = self.amount(30_000, high)
        if rng.random() < 0.25:
            secondary = rng.choice([c for c in SECONDARY_DUTY if c != principal])
            charges.append({"charge": secondary})
        person["charges"] = charges

        events: list[dict[str, Any]] = [{"type": "accepted", "date": received.isoformat()}]
        # Commission cases arrive with the suspect under 留置; the procuratorate detains first
        # and decides on a compulsory measure within ten days (CPL art. 170).
        events.append({"type": "detained", "date": received.isoformat()})
        measure = "arrest_decided" if rng.random() < 0.85 else "bail"
        events.append({"type": measure, "date": self.later(received, 3, 10).isoformat()})
        returns = rng.choices((0, 1, 2), (80, 16, 4))[0]
        steps, day = self.review_steps(received, returns=returns, extended=rng.random() < 0.3)
        events.extend(steps)
        if outcome is None:
            outcome = rng.choices(("prosecuted", "not_prosecuted"), (97, 3))[0]
        decided = self.later(day, 15, 28)
        if outcome == "pending" or decided >= self.today:
            person["events"] = [e for e in events if e["date"] <= self.today.isoformat()]
            return person
        if outcome == "prosecuted":
            months = rng.randint(12, 150)
            events.append({"type": "prosecuted", "date": decided.isoformat(), "sentencing_recommendation": {
                "kind": "fixed_term", "months": months, "months_max": months + 12,
                "fine_yuan": f"{rng.choice((100, 200, 300, 500, 1000)) * 1000}.00"}})
            judged = decided + dt.timedelta(days=rng.randint(40, 150))
            if judged < self.today:
                adopted = rng.random() < 0.93
                events.append({"type": "judgment", "date": judged.isoformat(), "sentence": {
                    "kind": "fixed_term", "months": months + (0 if adopted else rng.randint(-10, 10)),
                    "fine_yuan": f"{rng.choice((100, 200, 300, 500, 1000)) * 1000}.00"},
                    "recommendation_adopted": adopted})
        else:
            kind = rng.choices(("discretionary", "evidentiary", "statutory"), (70, 25, 5))[0]
            events.append({"type": "not_prosecuted", "date": decided.isoformat(), "kind": kind,
                           "approved_by": self.orgs.parent[handling]})
        person["events"] = events
        return person

    def duty_case(self, case_id: str, received: dt.date, *, persons: int = 1,
                  handling: str | None = None, ranks: list[str] | None = None) -> dict[str, Any]:
        rng = self.rng
        ranks = ranks or [self.rank() for _ in range(persons)]
        handling = handling or self.handling_for(ranks[0])
        people = [self.duty_person(f"P{i + 1}", handling, received, rank) for i, rank in enumerate(ranks)]
        first = people[0]
        title = f"{first['name'][0]}某某{'、'.join(dict.fromkeys(c['charge'] for c in first['charges']))}案"
        pkg: dict[str, Any] = {
            "schema": SCHEMA_ID, "case_id": case_id, "source": "supervisory_commission",
            "transferring_organ": self.orgs.region_name(handling) + COMMISSION_SUFFIX,
            "procuratorate": handling, "received_on": received.isoformat(), "title": title,
        }
        if rng.random() < 0.35:
            pkg["early_intervention_on"] = (received - dt.timedelta(days=rng.randint(5, 40))).isoformat()
        pkg["fields"] = rng.sample(DUTY_FIELDS, rng.choice((1, 1, 2)))
        pkg["persons"] = people
        return pkg

    def gang_case(self, case_id: str, received: dt.date, *, persons: int = 5,
                  handling: str | None = None) -> dict[str, Any]:
        rng = self.rng
        handling = handling or rng.choice(self.orgs.counties)
        nature = rng.choices(("mafia_type", "evil_force_group", "evil_force"), (25, 45, 30))[0]
        requested = received - dt.timedelta(days=rng.randint(60, 150))
        approved = self.later(requested, 3, 7)
        people = []
        for i in range(persons):
            person = self.person_base(f"P{i + 1}", "non_official", handling)
            person.pop("position", None)
            person.pop("employer", None)
            others = rng.sample(GANG_CHARGES, rng.randint(1, 3))
            first = GANG_LEADER if nature == "mafia_type" else others.pop(0)
            person["charges"] = [{"charge": first}] + [{"charge": c} for c in others]
            if "非法采矿" in others or "开设赌场" in others:
                idx = next(i for i, c in enumerate(person["charges"]) if c["charge"] in ("非法采矿", "开设赌场"))
                person["charges"][idx]["amount_yuan"] = self.amount(100_000, 50_000_000)
            events = [{"type": "arrest_requested", "date": requested.isoformat()},
                      {"type": "arrest_approved", "date": approved.isoformat()},
                      {"type": "accepted", "date": received.isoformat()}]
            steps, day = self.review_steps(received, returns=rng.choices((0, 1), (85, 15))[0],
                                           extended=rng.random() < 0.5)
            events.extend(steps)
            prosecuted = self.later(day, 10, 28)
            if prosecuted < self.today:
                events.append({"type": "prosecuted", "date": prosecuted.isoformat()})
            person["events"] = events
            people.append(person)
        pkg: dict[str, Any] = {
            "schema": SCHEMA_ID, "case_id": case_id, "source": "public_security",
            "transferring_organ": self.orgs.region_name(handling) + POLICE_SUFFIX, "procuratorate": handling,
            "received_on": received.isoformat(),
            "title": f"{people[0]['name'][0]}某某等{persons}人{people[0]['charges'][0]['charge']}案",
            "fields": rng.sample(GANG_FIELDS, rng.choice((1, 2))), "gang_nature": nature,
            "enterprise_involved": rng.random() < 0.2, "persons": people,
        }
        victims = []
        for v in range(rng.randint(0, 4)):
            identified = self.later(received, 0, 60)
            victim: dict[str, Any] = {"victim_id": f"V{v + 1}", "name": rng.choice(SURNAMES) + "某",
                                      "identified_on": identified.isoformat()}
            if rng.random() < 0.6:
                victim["visited_on"] = self.later(identified, 1, 30).isoformat()
            if rng.random() < 0.1:
                victim["relief"] = {"decided_on": self.later(identified, 10, 60).isoformat(),
                                    "amount_yuan": f"{rng.randint(5, 60) * 1000}.00"}
            victims.append(victim)
        if victims:
            pkg["victims"] = victims
        if rng.random() < 0.3:
            pkg["recommendations"] = [self.recommendation(self.later(received, 30, 120))]
        return pkg

    def recommendation(self, issued: dt.date, adopted_share: float = 0.9) -> dict[str, Any]:
        """A procuratorial recommendation, answered within about two months when that has passed."""
        recipient, subject = self.rng.choice(RECIPIENTS)
        rec: dict[str, Any] = {"recommendation_id": "R1", "issued_on": issued.isoformat(),
                               "recipient": recipient, "subject": subject}
        replied = issued + dt.timedelta(days=self.rng.randint(20, 62))
        if replied < self.today:
            rec["replied_on"] = replied.isoformat()
            rec["adopted"] = self.rng.random() < adopted_share
        return rec


def generate(persons: int, *, seed: int = 1, start: dt.date = dt.date(2018, 1, 1),
             end: dt.date | None = None, gang_share: float = 0.25, prefix: str = "SYN") -> Iterator[dict[str, Any]]:
    """About `persons` suspects in realistic cases received between start and end."""
    factory = PackageFactory(seed=seed, today=end)
    end = factory.today - dt.timedelta(days=1)
    made = 0
    number = 0
    while made < persons:
        number += 1
        received = factory.day_between(start, end)
        if factory.rng.random() < gang_share:
            size = min(persons - made, factory.rng.randint(3, 9))
            pkg = factory.gang_case(f"{prefix}-GA-{number:07d}", received, persons=size)
        else:
            size = min(persons - made, factory.rng.choices((1, 2, 3), (75, 18, 7))[0])
            pkg = factory.duty_case(f"{prefix}-JW-{number:07d}", received, persons=size)
        made += len(pkg["persons"])
        yield pkg
