"""The national demo dataset.

It reproduces, exactly and by construction, the figures the Supreme People's Procuratorate
published (../data/seed-figures.json, carried here as the quotas below), inside a realistic
body of cases: every quota is a count of persons or cases of a class (accepted in 2018 and
prosecuted within the period, gang cases of the four key industries with arrests in 2021,
victims in Liaoning, …) that the generator fills exactly; everything around the quotas is
drawn at random with a fixed seed. It also holds cases up to today, open and closed, so
that deadlines, overdue lists and dashboards are alive. The packages are written to files
and loaded through the ordinary import.

Nothing outside this module depends on these figures; the reports compute them from cases.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from procuracy.interchange.packages import SCHEMA_ID
from procuracy.interchange.synthetic import CHINA, GANG_CHARGES, GANG_LEADER, PackageFactory, Procuratorates
from procuracy.interchange.vocabulary import COMMISSION_SUFFIX, POLICE_SUFFIX, SURNAMES

D = dt.date

# --- the published figures, as quotas ------------------------------------------------------
# Duty crimes, 2018-01-01 to 2019-12-31 (press conference of 2020-07-21).
ACCEPTED_2018 = 16092
ACCEPTED_2019 = 24234
PROSECUTED_IN_PERIOD = 28387
NOT_PROSECUTED_IN_PERIOD = 954
PROVINCIAL_PROSECUTED = 48
CONFISCATION_PERSONS = 30
CONFISCATION_RECOVERED = Decimal("556000000.00")
MAX_PERSON_AMOUNT = Decimal("717000000.00")
# Organized crime, 2021-01-01 to 2021-11-30 (press conference of 2022-02-10).
GANG_ARRESTS = (5341, 2179)  # persons, cases
GANG_PROSECUTED = (17465, 3260)
FOUR_ARRESTS = (2503, 528)
FOUR_PROSECUTED = (4616, 495)
FOUR_RECOMMENDATIONS = 478
LISTED_CASES, LISTED_PROSECUTED = 25, 14
LIAONING_VICTIMS_IDENTIFIED, LIAONING_VICTIMS_VISITED = 796, 536
LIAONING_RELIEF_PERSONS, LIAONING_RELIEF_CASES = 32, 23
LIAONING_RELIEF_AMOUNT = Decimal("685000.00")
HUBEI_ENTERPRISE_PROSECUTED = 97

# How the published totals split into classes (choices of this dataset, not published).
PROSECUTED_FROM_2017 = 1200  # accepted late in 2017, prosecuted early in 2018
NOT_PROSECUTED_FROM_2017 = 30
NOT_PROSECUTED_2018 = 380
PROVINCIAL_FROM_2017 = 4
PROVINCIAL_DECIDED_2020 = 5
CONFISCATION_RULED_IN_PERIOD = 20
CATEGORY_SHARES = {"corruption_bribery": 0.826, "malfeasance": 0.099}  # the rest: other charges
RANK_SHARES = {  # of the persons accepted, provincial-ministerial set apart
    "department_bureau": 0.040, "county_division": 0.090, "soe_manager": 0.032, "non_official": 0.010,
    "township_section": 0.380, "below_township": 0.210, "grassroots": 0.238,
}

DUTY_PERIOD = (D(2018, 1, 1), D(2019, 12, 31))
GANG_PERIOD = (D(2021, 1, 1), D(2021, 11, 30))
LIAONING, HUBEI = "210000", "420000"
FOUR_FIELDS = ("information_network", "natural_resources", "transportation", "engineering_construction")
OTHER_GANG_FIELDS = ("finance", "land_acquisition", "other", "people_benefit_funds")

CB_CHARGES = (("受贿", 55), ("贪污", 22), ("挪用公款", 8), ("行贿", 10), ("利用影响力受贿", 1), ("单位受贿", 1),
              ("私分国有资产", 1), ("巨额财产来源不明", 2))
MALFEASANCE_CHARGES = (("滥用职权", 56), ("玩忽职守", 34), ("徇私枉法", 4), ("食品监管渎职", 2), ("环境监管失职", 2),
                       ("徇私舞弊不移交刑事案件", 2))
OTHER_CHARGES = (("职务侵占", 35), ("非国家工作人员受贿", 25), ("国有公司、企业、事业单位人员滥用职权", 15),
                 ("国有公司、企业、事业单位人员失职", 8), ("非法经营同类营业", 5), ("为亲友非法牟利", 6),
                 ("包庇、纵容黑社会性质组织", 6))
WITH_AMOUNT = {"受贿", "贪污", "挪用公款", "行贿", "利用影响力受贿", "单位受贿", "私分国有资产", "巨额财产来源不明",
               "职务侵占", "非国家工作人员受贿", "非法经营同类营业", "为亲友非法牟利"}
AMOUNT_CAP = {"provincial_ministerial": 300_000_000, "department_bureau": 60_000_000,
              "county_division": 12_000_000, "soe_manager": 30_000_000}
# Rough weights of the provinces' case loads (population and economy), by code prefix.
PROVINCE_WEIGHTS = {
    "11": 3, "12": 2, "13": 6, "14": 3.5, "15": 2.5, "21": 4.5, "22": 2.5, "23": 3.5, "31": 3, "32": 7,
    "33": 6, "34": 5, "35": 3.5, "36": 4, "37": 8, "41": 8, "42": 5.5, "43": 5.5, "44": 9, "45": 4.5,
    "46": 1, "50": 3, "51": 7, "52": 3.5, "53": 4, "54": 0.5, "61": 4, "62": 2.5, "63": 0.7, "64": 0.8, "65": 2.5,
}
DEMO_UNITS = ("210102", "210100", "210000", "420100")  # the demo accounts' procuratorates
# Where duty crimes concentrate (relative weights of the fields a commission case concerns).
DUTY_FIELD_WEIGHTS = {
    "project_construction": 18, "land_acquisition": 10, "people_benefit_funds": 9, "special_subsidies": 6,
    "finance": 7, "state_owned_enterprise": 9, "energy": 4, "medicine": 4, "infrastructure": 6, "education": 5,
    "healthcare": 5, "poverty_alleviation": 7, "ecology_environment": 3, "food_drug": 2, "social_security": 4,
    "judicial": 3, "other": 8,
}
ABSENTIA_PERSONS = 3  # prosecuted in absentia (CPL art. 291), within the prosecuted quota


@dataclass
class DutyPerson:
    accepted: dt.date | None
    outcome: str  # prosecuted, not_prosecuted, pending, confiscation
    decided: dt.date | None
    rank: str = "township_section"
    category: str = "corruption_bribery"
    charge: str = "受贿"
    amount: Decimal | None = None
    status: str = "present"
    absentia: bool = False
    extra_events: list[dict[str, Any]] = field(default_factory=list)


def _spread(total: Decimal, parts: int, rng: random.Random, unit: int = 10_000) -> list[Decimal]:
    """`parts` positive amounts, multiples of `unit` yuan, that add up to `total` exactly."""
    units = int(total // unit)
    cuts = sorted(rng.sample(range(1, units), parts - 1))
    values = [Decimal((b - a) * unit) for a, b in zip([0, *cuts], [*cuts, units], strict=True)]
    values[-1] += total - sum(values)
    return values


class DemoBuilder:
    def __init__(self, *, today: dt.date, seed: int = 2020, copy: int = 0) -> None:
        self.today = today
        self.copy = copy
        self.rng = random.Random(seed * 1000 + copy)  # noqa: S311 - reproducible data, not secrets
        self.factory = PackageFactory(seed=seed * 1000 + copy + 1, today=today, procuratorates=Procuratorates.load())
        self.orgs = self.factory.orgs
        self.counter = 0
        self._workdays = _working_days(D(2016, 1, 1), today)
        prefixes = sorted(PROVINCE_WEIGHTS)
        self._province_prefixes = prefixes
        self._province_weights = [PROVINCE_WEIGHTS[p] for p in prefixes]
        self._counties: dict[str, list[str]] = {p: [] for p in prefixes}
        self._prefectures: dict[str, list[str]] = {p: [] for p in prefixes}
        for code in self.orgs.counties:
            self._counties.setdefault(code[:2], []).append(code)
        for code in self.orgs.prefectures:
            self._prefectures.setdefault(code[:2], []).append(code)

    # --- dates and places ---------------------------------------------------------------------
    def workday(self, start: dt.date, end: dt.date) -> dt.date:
        """A working day between start and end (a calendar day if the range has none)."""
        end = min(end, self.today)
        start = min(start, end)
        lo = bisect.bisect_left(self._workdays, start)
        hi = bisect.bisect_right(self._workdays, end)
        if lo >= hi:
            return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))
        return self._workdays[self.rng.randrange(lo, hi)]

    def after(self, day: dt.date, low: int, high: int, *, limit: dt.date | None = None) -> dt.date:
        limit = min(limit or self.today, self.today)
        start = day + dt.timedelta(days=low)
        end = day + dt.timedelta(days=high)
        if start > limit:
            return limit
        return self.workday(start, min(end, limit))

    def province(self, prefix: str | None = None) -> str:
        return prefix or self.rng.choices(self._province_prefixes, self._province_weights)[0]

    def handling(self, rank: str, prefix: str | None = None) -> str:
        province = self.province(prefix)
        prefectures = self._prefectures.get(province) or []
        counties = self._counties.get(province) or []
        high = rank in ("provincial_ministerial", "department_bureau", "soe_manager")
        if (high or not counties) and prefectures:
            return self.rng.choice(prefectures)
        return self.rng.choice(counties) if counties else province + "0000"

    def case_id(self, kind: str, year: int) -> str:
        self.counter += 1
        suffix = f"-{self.copy}" if self.copy else ""
        return f"DEMO-{kind}-{year}-{self.counter:06d}{suffix}"

    # --- duty crimes --------------------------------------------------------------------------
    def amount_for(self, rank: str, charge: str) -> Decimal | None:
        if charge not in WITH_AMOUNT:
            return None
        cap = AMOUNT_CAP.get(rank, 4_000_000)
        return Decimal(self.factory.amount(20_000, cap))

    def review_events(self, person: DutyPerson, handling: str, source_commission: bool = True
                      ) -> list[dict[str, Any]]:
        rng = self.rng
        events: list[dict[str, Any]] = []
        if person.outcome == "confiscation":
            return person.extra_events
        accepted = person.accepted
        if accepted is None:
            raise ValueError("a person under review needs the day they were accepted")
        events.append({"type": "accepted", "date": accepted.isoformat()})
        if person.absentia:
            # A suspect abroad: no compulsory measure; prosecuted to be tried in absentia.
            events.append({"type": "prosecuted", "date": person.decided.isoformat(), "in_absentia": True})  # type: ignore[union-attr]
            return events
        events.append({"type": "detained", "date": accepted.isoformat()})
        measure_day = self.after(accepted, 3, 10)
        events.append({"type": "arrest_decided" if rng.random() < 0.86 else "bail", "date": measure_day.isoformat()})
        limit = person.decided - dt.timedelta(days=1) if person.decided else self.today
        day = measure_day
        returns = rng.choices((0, 1, 2), (78, 18, 4))[0] if person.decided is None or \
            (person.decided - accepted).days > 70 else 0
        for _ in range(returns):
            back = self.after(day, 12, 28, limit=limit)
            again = self.after(back, 15, 30, limit=limit)
            if not (day < back < again <= limit):
                break
            events.append({"type": "returned", "date": back.isoformat()})
            events.append({"type": "resubmitted", "date": again.isoformat()})
            day = again
        if rng.random() < 0.25:
            extend = self.after(day, 25, 29, limit=limit)
            if day < extend <= limit:
                events.append({"type": "review_extended", "date": extend.isoformat()})
        if person.outcome == "prosecuted" and person.decided:
            months = self._recommended_months(person)
            recommendation: dict[str, Any] = {"kind": "fixed_term", "months": months, "months_max": months + 12}
            if person.category == "corruption_bribery":
                recommendation["fine_yuan"] = f"{rng.choice((100, 200, 300, 500, 1000)) * 1000}.00"
            events.append({"type": "prosecuted", "date": person.decided.isoformat(),
                           "sentencing_recommendation": recommendation})
            judged = self.after(person.decided, 45, 200)
            if judged > person.decided and judged < self.today - dt.timedelta(days=20):
                adopted = rng.random() < 0.94
                sentence: dict[str, Any] = {"kind": "fixed_term",
                                            "months": months + (0 if adopted else rng.choice((-6, 6, 12)))}
                if "fine_yuan" in recommendation:
                    sentence["fine_yuan"] = recommendation["fine_yuan"]
                events.append({"type": "judgment", "date": judged.isoformat(), "sentence": sentence,
                               "recommendation_adopted": adopted})
        elif person.outcome == "not_prosecuted" and person.decided:
            kind = rng.choices(("discretionary", "evidentiary", "statutory"), (72, 24, 4))[0]
            event = {"type": "not_prosecuted", "date": person.decided.isoformat(), "kind": kind}
            if source_commission:
                event["approved_by"] = self.orgs.parent[handling]
            events.append(event)
        return events

    def _recommended_months(self, person: DutyPerson) -> int:
        amount = person.amount or Decimal(0)
        if amount >= 3_000_000:
            return self.rng.randint(120, 180)
        if amount >= 200_000:
            return self.rng.randint(36, 120)
        return self.rng.randint(6, 36)

    def duty_case(self, people: list[DutyPerson], *, received: dt.date, handling: str | None = None,
                  year: int | None = None, related: list[dict[str, str]] | None = None,
                  fields: list[str] | None = None) -> dict[str, Any]:
        rng = self.rng
        handling = handling or self.handling(people[0].rank)
        persons = []
        for index, spec in enumerate(people):
            person = self.factory.person_base(f"P{index + 1}", spec.rank, handling)
            charges: list[dict[str, Any]] = [{"charge": spec.charge}]
            if spec.amount is not None:
                charges[0]["amount_yuan"] = f"{spec.amount:.2f}"
            if rng.random() < 0.2 and spec.category == "corruption_bribery":
                charges.append({"charge": rng.choice(("滥用职权", "玩忽职守"))})
            person["charges"] = charges
            if spec.status != "present":
                person["status"] = spec.status
            person["events"] = self.review_events(spec, handling)
            persons.append(person)
        first = persons[0]
        names = "、".join(dict.fromkeys(c["charge"] for c in first["charges"]))
        suffix = "等" if len(persons) > 1 else ""
        pkg: dict[str, Any] = {
            "schema": SCHEMA_ID, "case_id": self.case_id("JW", year or received.year), "source": "supervisory_commission",
            "transferring_organ": self.orgs.region_name(handling) + COMMISSION_SUFFIX, "procuratorate": handling,
            "received_on": received.isoformat(), "title": f"{first['name'][0]}某某{suffix}{names}案",
        }
        if rng.random() < 0.4:
            early = received - dt.timedelta(days=rng.randint(7, 45))
            pkg["early_intervention_on"] = early.isoformat()
        if not fields:
            names, weights = list(DUTY_FIELD_WEIGHTS), list(DUTY_FIELD_WEIGHTS.values())
            fields = list(dict.fromkeys(rng.choices(names, weights, k=rng.choice((1, 1, 2)))))
        pkg["fields"] = fields
        if related:
            pkg["related_cases"] = related
        pkg["persons"] = persons
        return pkg

    def group(self, people: list[DutyPerson], sizes: tuple[int, ...] = (1, 1, 1, 1, 1, 1, 2, 2, 3)
              ) -> Iterator[list[DutyPerson]]:
        """Co-defendants: persons of one class in cases of one to three."""
        index = 0
        while index < len(people):
            size = min(self.rng.choice(sizes), len(people) - index)
            yield people[index:index + size]
            index += size

    def assign_attributes(self, people: list[DutyPerson], provincial: set[int]) -> None:
        """Ranks, categories, charges and amounts in exact shares over the accepted persons."""
        rng = self.rng
        n = len(people)
        ranks: list[str] = []
        others = [i for i in range(n) if i not in provincial]
        for rank, share in RANK_SHARES.items():
            ranks += [rank] * round(share * len(others))
        ranks = (ranks + ["township_section"] * len(others))[:len(others)]
        rng.shuffle(ranks)
        for i, rank in zip(others, ranks, strict=True):
            people[i].rank = rank
        for i in provincial:
            people[i].rank = "provincial_ministerial"
        categories = ["corruption_bribery"] * round(CATEGORY_SHARES["corruption_bribery"] * n)
        categories += ["malfeasance"] * round(CATEGORY_SHARES["malfeasance"] * n)
        categories += ["other"] * (n - len(categories))
        rng.shuffle(categories)
        tables = {"corruption_bribery": CB_CHARGES, "malfeasance": MALFEASANCE_CHARGES, "other": OTHER_CHARGES}
        for person, category in zip(people, categories, strict=True):
            names, weights = zip(*tables[category], strict=True)
            person.category = category
            person.charge = "行贿" if person.rank == "non_official" and category == "corruption_bribery" \
                else rng.choices(names, weights)[0]
            person.amount = self.amount_for(person.rank, person.charge)

    def duty_period(self) -> Iterator[dict[str, Any]]:
        """Commission cases of 2017-2020 that make up the duty-crime figures of 2018-2019."""
        rng = self.rng
        start, end = DUTY_PERIOD
        a18p = ACCEPTED_2018 - NOT_PROSECUTED_2018
        in_period_prosecuted = PROSECUTED_IN_PERIOD - PROSECUTED_FROM_2017
        a19p = in_period_prosecuted - a18p
        a19n = NOT_PROSECUTED_IN_PERIOD - NOT_PROSECUTED_FROM_2017 - NOT_PROSECUTED_2018
        a19l = ACCEPTED_2019 - a19p - a19n
        people: list[DutyPerson] = []

        def decided_in(accepted_days: list[dt.date], outcome: str, lo: int, hi: int, limit: dt.date
                       ) -> list[DutyPerson]:
            out = []
            for day in accepted_days:
                decided = self.after(day, lo, hi, limit=limit)
                if decided <= day:
                    decided = day + dt.timedelta(days=1)
                out.append(DutyPerson(day, outcome, decided))
            return out

        y18 = (D(2018, 1, 2), D(2018, 12, 31))
        y19 = (D(2019, 1, 2), D(2019, 9, 30))
        people += decided_in([self.workday(*y18) for _ in range(a18p)], "prosecuted", 25, 80, end)
        people += decided_in([self.workday(*y18) for _ in range(NOT_PROSECUTED_2018)], "not_prosecuted", 25, 80, end)
        people += decided_in([self.workday(*y19) for _ in range(a19p)], "prosecuted", 25, 80, end)
        people += decided_in([self.workday(*y19) for _ in range(a19n)], "not_prosecuted", 25, 80, end)
        # Accepted in the second half of 2019 and decided in 2020.
        late = []
        for _ in range(a19l):
            accepted = self.workday(D(2019, 7, 1), D(2019, 12, 31))
            outcome = "prosecuted" if rng.random() < 0.965 else "not_prosecuted"
            decided = max(self.workday(D(2020, 1, 6), D(2020, 6, 30)), accepted + dt.timedelta(days=25))
            late.append(DutyPerson(accepted, outcome, decided))
        people += late
        prosecuted_idx = [i for i, p in enumerate(people) if p.outcome == "prosecuted" and p.decided and p.decided <= end]
        provincial = set(rng.sample(prosecuted_idx, PROVINCIAL_PROSECUTED - PROVINCIAL_FROM_2017))
        late_idx = [i for i, p in enumerate(people) if p.decided and p.decided > end and p.outcome == "prosecuted"]
        provincial |= set(rng.sample(late_idx, PROVINCIAL_DECIDED_2020))
        self.assign_attributes(people, provincial)
        # The largest amount of the period: one provincial-level official, bribes of 717 million yuan.
        top = next(i for i in sorted(provincial) if people[i].decided and people[i].decided <= end
                   and people[i].accepted and people[i].accepted.year == 2019)
        people[top].charge, people[top].category, people[top].amount = "受贿", "corruption_bribery", MAX_PERSON_AMOUNT
        for i in provincial:
            people[i].category = "corruption_bribery"
            if people[i].charge not in WITH_AMOUNT:
                people[i].charge = "受贿"
            if i != top:
                people[i].amount = Decimal(self.factory.amount(2_000_000, 300_000_000))
        candidates = [i for i, p in enumerate(people) if i not in provincial and p.outcome == "prosecuted"
                      and p.decided and p.decided <= end and p.accepted and p.accepted.year == 2019]
        for i in rng.sample(candidates, ABSENTIA_PERSONS):
            people[i].status, people[i].absentia = "abroad", True
        # Co-defendants: persons of one class (year accepted, outcome, decided in the period or
        # not), received on the same day, so that every quota above stays exact.
        classes: dict[tuple[Any, ...], list[DutyPerson]] = {}
        for person in people:
            key = (person.accepted.year if person.accepted else 0, person.outcome,
                   bool(person.decided and person.decided <= end),
                   person.rank == "provincial_ministerial" or person.absentia)
            classes.setdefault(key, []).append(person)
        for key, members in sorted(classes.items()):
            members.sort(key=lambda p: p.accepted or start)
            sizes = (1,) if key[3] else (1, 1, 1, 1, 1, 1, 2, 2, 3)
            for chunk in self.group(members, sizes):
                received = min(p.accepted for p in chunk if p.accepted)
                for p in chunk:
                    p.accepted = received
                yield self.duty_case(chunk, received=received)

        # Accepted late in 2017, decided early in 2018 (not accepted in the period).
        early = []
        for i in range(PROSECUTED_FROM_2017 + NOT_PROSECUTED_FROM_2017):
            accepted = self.workday(D(2017, 10, 9), D(2017, 12, 29))
            outcome = "prosecuted" if i < PROSECUTED_FROM_2017 else "not_prosecuted"
            decided = max(self.workday(D(2018, 1, 2), D(2018, 3, 30)), accepted + dt.timedelta(days=25))
            early.append(DutyPerson(accepted, outcome, decided))
        self.assign_attributes(early, set(range(PROVINCIAL_FROM_2017)))
        for person in early:
            if person.rank == "provincial_ministerial":
                person.charge, person.category = "受贿", "corruption_bribery"
                person.amount = Decimal(self.factory.amount(2_000_000, 200_000_000))
            yield self.duty_case([person], received=person.accepted, year=2017)  # type: ignore[arg-type]
        yield from self.confiscation_cases()

    def confiscation_cases(self) -> Iterator[dict[str, Any]]:
        """Suspects who fled, went abroad or died: applications to confiscate illegal gains."""
        rng = self.rng
        ruled = _spread(CONFISCATION_RECOVERED, CONFISCATION_RULED_IN_PERIOD, rng)
        statuses = ["abroad"] * 20 + ["fled"] * 8 + ["deceased"] * 2
        for i in range(CONFISCATION_PERSONS):
            received = self.workday(D(2017, 6, 1), D(2018, 10, 31))
            applied = self.workday(max(received + dt.timedelta(days=20), D(2018, 1, 2)), D(2019, 10, 31))
            amount = ruled[i] if i < len(ruled) else Decimal(self.factory.amount(3_000_000, 90_000_000))
            applied_amount = (amount * Decimal("1.08")).quantize(Decimal("1"))
            events = [{"type": "confiscation_applied", "date": applied.isoformat(),
                       "amount_yuan": f"{applied_amount:.2f}"}]
            if i < len(ruled):
                ruling = self.after(applied, 190, 400, limit=DUTY_PERIOD[1])
                if ruling <= applied:
                    ruling = applied + dt.timedelta(days=1)
            else:
                ruling = self.workday(D(2020, 3, 2), D(2020, 12, 31))
            events.append({"type": "confiscation_ruled", "date": ruling.isoformat(), "amount_yuan": f"{amount:.2f}"})
            rank = rng.choice(("department_bureau", "county_division", "soe_manager"))
            person = DutyPerson(None, "confiscation", None, rank=rank, charge=rng.choice(("贪污", "受贿")),
                                amount=applied_amount, status=statuses[i], extra_events=events)
            yield self.duty_case([person], received=received, year=received.year)

    # --- organized crime ----------------------------------------------------------------------
    def gang_sizes(self, persons: int, cases: int) -> list[int]:
        """`cases` case sizes of at least one person that add up to `persons`."""
        sizes = [1] * cases
        for _ in range(persons - cases):
            sizes[self.rng.randrange(cases)] += 1
        return sizes

    def gang_case(self, *, size: int, handling: str, four: bool, arrest: dt.date, received: dt.date,
                  prosecuted: dt.date | None, year: int) -> dict[str, Any]:
        rng = self.rng
        nature = "mafia_type" if size >= 10 else rng.choices(("evil_force_group", "evil_force"), (55, 45))[0]
        if nature == "mafia_type" and size < 3:
            nature = "evil_force"
        requested = arrest - dt.timedelta(days=rng.randint(3, 7))
        people = []
        for i in range(size):
            person = self.factory.person_base(f"P{i + 1}", "non_official", handling)
            person.pop("position", None)
            person.pop("employer", None)
            others = rng.sample(GANG_CHARGES, rng.randint(1, 3))
            first = GANG_LEADER if nature == "mafia_type" else others.pop(0)
            person["charges"] = [{"charge": first}] + [{"charge": c} for c in others if c != first]
            for charge in person["charges"]:
                if charge["charge"] in ("非法采矿", "开设赌场", "高利转贷"):
                    charge["amount_yuan"] = self.factory.amount(100_000, 30_000_000)
            events = [{"type": "arrest_requested", "date": requested.isoformat()},
                      {"type": "arrest_approved", "date": arrest.isoformat()}]
            if received <= self.today:
                events.append({"type": "accepted", "date": received.isoformat()})
                if prosecuted and rng.random() < 0.3:
                    extend = received + dt.timedelta(days=28)
                    if extend < prosecuted:
                        events.append({"type": "review_extended", "date": extend.isoformat()})
            if prosecuted and prosecuted <= self.today:
                events.append({"type": "prosecuted", "date": prosecuted.isoformat()})
            person["events"] = events
            people.append(person)
        fields = rng.sample(FOUR_FIELDS, rng.choice((1, 1, 2))) if four else \
            rng.sample(OTHER_GANG_FIELDS, rng.choice((0, 1, 1)))
        pkg: dict[str, Any] = {
            "schema": SCHEMA_ID, "case_id": self.case_id("GA", year), "source": "public_security",
            "transferring_organ": self.orgs.region_name(handling) + POLICE_SUFFIX, "procuratorate": handling,
            "received_on": min(received, self.today).isoformat(),
            "title": f"{people[0]['name'][0]}某某等{size}人{people[0]['charges'][0]['charge']}案"
            if size > 1 else f"{people[0]['name'][0]}某某{people[0]['charges'][0]['charge']}案",
        }
        if fields:
            pkg["fields"] = fields
        pkg["gang_nature"] = nature
        pkg["enterprise_involved"] = False
        pkg["persons"] = people
        return pkg

    def gang_period(self) -> Iterator[dict[str, Any]]:
        """Gang cases with arrests approved or prosecutions in January–November 2021."""
        rng = self.rng
        start, end = GANG_PERIOD
        plans: list[dict[str, Any]] = []
        groups = (
            ("arrest", True, FOUR_ARRESTS),
            ("arrest", False, (GANG_ARRESTS[0] - FOUR_ARRESTS[0], GANG_ARRESTS[1] - FOUR_ARRESTS[1])),
            ("prosecution", True, FOUR_PROSECUTED),
            ("prosecution", False, (GANG_PROSECUTED[0] - FOUR_PROSECUTED[0], GANG_PROSECUTED[1] - FOUR_PROSECUTED[1])),
        )
        for kind, four, (persons, cases) in groups:
            for size in self.gang_sizes(persons, cases):
                plans.append({"kind": kind, "four": four, "size": size, "province": self.province()})
        rng.shuffle(plans)
        # Enough prosecuted cases in Hubei for its enterprise figure, and cases in Liaoning for
        # its victims and relief.
        prosecution = [p for p in plans if p["kind"] == "prosecution"]
        for plan in prosecution[:HUBEI_ENTERPRISE_PROSECUTED + 60]:
            plan["province"] = "42"
        for plan in plans[-240:]:
            plan["province"] = "21"
        hubei_prosecuted = [p for p in prosecution if p["province"] == "42"]
        for plan in hubei_prosecuted[:HUBEI_ENTERPRISE_PROSECUTED]:
            plan["enterprise"] = True
        listed_prosecuted = rng.sample(prosecution, LISTED_PROSECUTED)
        listed_arrests = rng.sample([p for p in plans if p["kind"] == "arrest"], LISTED_CASES - LISTED_PROSECUTED)
        for plan in listed_prosecuted + listed_arrests:
            plan["listed"] = True
        four_cases = [p for p in plans if p["four"]]
        for plan in rng.sample(four_cases, FOUR_RECOMMENDATIONS):
            plan["recommendation"] = True
        for plan in rng.sample([p for p in plans if not p["four"]], 640):
            plan["recommendation"] = True
        liaoning = [p for p in plans if p["province"] == "21"]
        self.assign_liaoning_victims(liaoning)
        for plan in plans:
            if plan["kind"] == "arrest":
                arrest = self.workday(start, end)
                received = self.after(arrest, 60, 150, limit=self.today)
                if received <= end:
                    received = end + dt.timedelta(days=rng.randint(5, 60))
                prosecuted = self.after(received, 20, 60)
                if prosecuted <= end:
                    prosecuted = received + dt.timedelta(days=30)
            else:
                prosecuted = self.workday(D(2021, 1, 4), end)
                received = prosecuted - dt.timedelta(days=rng.randint(20, 70))
                arrest = self.workday(D(2020, 3, 2), min(received - dt.timedelta(days=30), D(2020, 12, 31)))
            handling = self.handling("non_official", plan["province"])
            pkg = self.gang_case(size=plan["size"], handling=handling, four=plan["four"], arrest=arrest,
                                 received=received, prosecuted=prosecuted, year=2021)
            if plan.get("enterprise"):
                pkg["enterprise_involved"] = True
            elif plan["province"] != "42":
                pkg["enterprise_involved"] = rng.random() < 0.15
            if plan.get("listed"):
                latest = min(prosecuted - dt.timedelta(days=1), end) if plan["kind"] == "prosecution" else end
                first = max(start, min(received, latest) - dt.timedelta(days=120))
                listed_on = self.workday(min(first, latest), latest)
                pkg["supervision"] = {"listed_by": rng.choice(("SPP", handling[:2] + "0000")),
                                      "listed_on": listed_on.isoformat()}
            if plan.get("recommendation"):
                pkg["recommendations"] = [self.factory.recommendation(self.workday(start, end), 0.92)]
            victims = plan.get("victims") or self.other_victims(plan, start, end)
            if victims:
                pkg["victims"] = victims
            yield pkg

    def assign_liaoning_victims(self, plans: list[dict[str, Any]]) -> None:
        """796 victims identified in the period, 536 of them visited in it; relief for 32 in 23 cases."""
        rng = self.rng
        start, end = GANG_PERIOD
        counts = [0] * len(plans)
        for _ in range(LIAONING_VICTIMS_IDENTIFIED):
            counts[rng.randrange(len(plans))] += 1
        relief_cases = rng.sample([i for i, c in enumerate(counts) if c >= 2], LIAONING_RELIEF_CASES)
        relief_slots = [(i, 0) for i in relief_cases]
        spare = [(i, k) for i in relief_cases for k in range(1, counts[i])]
        relief_slots += rng.sample(spare, LIAONING_RELIEF_PERSONS - LIAONING_RELIEF_CASES)
        amounts = _spread(LIAONING_RELIEF_AMOUNT, LIAONING_RELIEF_PERSONS, rng, unit=1000)
        relief = dict(zip(relief_slots, amounts, strict=True))
        all_slots = [(i, k) for i, c in enumerate(counts) for k in range(c)]
        visited = set(rng.sample(all_slots, LIAONING_VICTIMS_VISITED))
        for i, plan in enumerate(plans):
            victims = []
            for k in range(counts[i]):
                identified = self.workday(start, D(2021, 10, 29))
                victim: dict[str, Any] = {"victim_id": f"V{k + 1}", "name": rng.choice(SURNAMES) + "某",
                                          "identified_on": identified.isoformat()}
                if (i, k) in visited:
                    victim["visited_on"] = self.workday(identified + dt.timedelta(days=1), end).isoformat()
                elif rng.random() < 0.5:
                    victim["visited_on"] = self.workday(D(2021, 12, 6), D(2022, 3, 31)).isoformat()
                if (i, k) in relief:
                    decided = self.workday(identified + dt.timedelta(days=1), end)
                    victim["relief"] = {"decided_on": decided.isoformat(), "amount_yuan": f"{relief[(i, k)]:.2f}"}
                victims.append(victim)
            plan["victims"] = victims

    def other_victims(self, plan: dict[str, Any], start: dt.date, end: dt.date) -> list[dict[str, Any]]:
        if plan["province"] == "21" or self.rng.random() < 0.6:
            return []
        victims = []
        for k in range(self.rng.randint(1, 4)):
            identified = self.workday(start, end)
            victim: dict[str, Any] = {"victim_id": f"V{k + 1}", "name": self.rng.choice(SURNAMES) + "某",
                                      "identified_on": identified.isoformat()}
            if self.rng.random() < 0.6:
                victim["visited_on"] = self.after(identified, 3, 40).isoformat()
            if self.rng.random() < 0.05:
                victim["relief"] = {"decided_on": self.after(identified, 10, 60).isoformat(),
                                    "amount_yuan": f"{self.rng.randint(5, 50) * 1000}.00"}
            victims.append(victim)
        return victims

    # --- the other years, up to today -------------------------------------------------------
    def other_years(self, shielded: list[str]) -> Iterator[dict[str, Any]]:
        """Duty cases from 2020 on and gang cases outside 2021, so that every page has recent work."""
        rng = self.rng
        first_open = self.today - dt.timedelta(days=75)
        for year in range(2020, self.today.year + 1):
            year_start = max(D(year, 1, 2), D(2020, 1, 6))
            year_end = min(D(year, 12, 31), self.today)
            cases = 1100 if year < self.today.year else 900
            year_cases: list[list[DutyPerson]] = []
            for _ in range(cases):
                received = self.workday(year_start, year_end)
                size = rng.choice((1, 1, 1, 1, 2, 3))
                open_case = received >= first_open
                people = []
                for _ in range(size):
                    if open_case:
                        outcome, decided = "pending", None
                    else:
                        outcome = "prosecuted" if rng.random() < 0.96 else "not_prosecuted"
                        decided = self.after(received, 25, 90)
                        if decided <= received or decided >= self.today:
                            outcome, decided = "pending", None
                    person = DutyPerson(received, outcome, decided)
                    people.append(person)
                year_cases.append(people)
            # Ranks, categories and charges in the national shares over the whole year (shares
            # rounded case by case would give every small case the commonest of each).
            self.assign_attributes([person for people in year_cases for person in people], set())
            for people in year_cases:
                received = people[0].accepted
                related = None
                if shielded and year in (2021, 2022) and rng.random() < 0.12:
                    related = [{"case_id": rng.choice(shielded), "relation": "protective_umbrella"}]
                    for person in people:
                        person.charge, person.category = "包庇、纵容黑社会性质组织", "other"
                        person.amount = None
                yield self.duty_case(people, received=received, related=related)
        for year in (2018, 2019, 2020, *range(2022, self.today.year + 1)):
            lo, hi = (D(year, 1, 4), D(year, 10, 31)) if year != 2020 else (D(2020, 1, 6), D(2020, 6, 30))
            for _ in range(260):
                arrest = self.workday(lo, min(hi, self.today - dt.timedelta(days=30)))
                received = self.after(arrest, 40, 120)
                prosecuted = self.after(received, 20, 60)
                if year == 2020 and prosecuted >= GANG_PERIOD[0]:
                    prosecuted = D(2020, 12, 30)
                    received = min(received, D(2020, 12, 1))
                if received <= arrest:
                    received = arrest + dt.timedelta(days=1)
                if prosecuted <= received:
                    prosecuted = None  # type: ignore[assignment]
                if prosecuted and prosecuted >= self.today - dt.timedelta(days=10):
                    prosecuted = None  # type: ignore[assignment]
                pkg = self.gang_case(size=rng.choice((2, 3, 4, 5, 8, 12)), handling=self.handling("non_official"),
                                     four=rng.random() < 0.35, arrest=arrest, received=received,
                                     prosecuted=prosecuted, year=year)
                yield pkg

    def demo_units(self) -> Iterator[dict[str, Any]]:
        """Open cases of the demo accounts' procuratorates, with deadlines running and overdue."""
        rng = self.rng
        for unit in DEMO_UNITS:
            level_rank = "county_division" if unit.endswith("00") else "township_section"
            for i in range(10):
                received = self.workday(self.today - dt.timedelta(days=rng.randint(3, 50)), self.today)
                people = [DutyPerson(received, "pending", None) for _ in range(rng.choice((1, 1, 2)))]
                self.assign_attributes(people, set())
                for person in people:
                    person.rank = level_rank if rng.random() < 0.6 else person.rank
                    if person.rank == "provincial_ministerial":
                        person.rank = "county_division"
                yield self.duty_case(people, received=received, handling=unit)
                if i < 3:
                    done = self.workday(D(2025, 3, 3), self.today - dt.timedelta(days=120))
                    closed = [DutyPerson(done, "prosecuted", self.after(done, 30, 60))]
                    self.assign_attributes(closed, set())
                    yield self.duty_case(closed, received=done, handling=unit)
            if unit in ("210102", "420100", "210100"):
                arrest = self.workday(self.today - dt.timedelta(days=120), self.today - dt.timedelta(days=60))
                received = self.after(arrest, 30, 45)
                yield self.gang_case(size=rng.choice((4, 6, 9)), handling=unit, four=True, arrest=arrest,
                                     received=received, prosecuted=None, year=self.today.year)

    def packages(self) -> Iterator[dict[str, Any]]:
        shielded: list[str] = []
        for pkg in self.gang_period():
            if pkg.get("gang_nature") == "mafia_type" and len(shielded) < 400:
                shielded.append(pkg["case_id"])
            yield pkg
        yield from self.duty_period()
        yield from self.other_years(shielded)
        yield from self.demo_units()


def _working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Working days by the State Council's schedules (weekdays only for a year not published)."""
    from chinese_calendar import is_workday

    days = []
    for offset in range((end - start).days + 1):
        day = start + dt.timedelta(days=offset)
        try:
            working = is_workday(day)
        except NotImplementedError:
            working = day.weekday() < 5
        if working:
            days.append(day)
    return days


def write_demo_files(directory: Path, *, today: dt.date, scale: int = 1, seed: int = 2020,
                     per_file: int = 20_000, progress: Callable[[int], None] | None = None) -> list[Path]:
    """Write the demo packages as JSON Lines files of at most `per_file` cases; returns their paths."""
    paths: list[Path] = []
    out = None
    count = 0
    try:
        for copy in range(scale):
            for package in DemoBuilder(today=today, seed=seed, copy=copy).packages():
                if out is None or count % per_file == 0:
                    if out is not None:
                        out.close()
                    paths.append(directory / f"demo-{len(paths) + 1:03d}.jsonl")
                    out = paths[-1].open("w", encoding="utf-8")
                out.write(json.dumps(package, ensure_ascii=False) + "\n")
                count += 1
                if progress:
                    progress(1)
    finally:
        if out is not None:
            out.close()
    return paths


def demo_today() -> dt.date:
    return dt.datetime.now(CHINA).date()
