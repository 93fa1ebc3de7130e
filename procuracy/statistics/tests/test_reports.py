from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procuracy.accounts.models import system_user
from procuracy.cases.models import Case, Charge
from procuracy.interchange.actions import do_import
from procuracy.interchange.synthetic import generate
from procuracy.statistics.reports import ReportError, build_report, percent
from procuracy.statistics.tests import reference

pytestmark = pytest.mark.django_db
D = dt.date


def _load(tmp_path: Path, packages: list[dict[str, Any]], name: str = "cases.jsonl") -> None:
    path = tmp_path / name
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in packages), encoding="utf-8")
    result = do_import([path], actor=system_user())
    assert result.ok, [str(p) for p in result.problems[:5]]


@pytest.mark.parametrize(("part", "whole", "expected"), [
    (8142, 16092, 50.6), (1, 3, 33.3), (2, 3, 66.7), (1, 8, 12.5), (3, 8, 37.5), (5, 0, None), (0, 7, 0.0),
    (1, 2000, 0.1), (1, 1, 100.0), (1, 400, 0.3), (99995, 100000, 100.0),
])
def test_percentages_round_half_away_from_zero(part: int, whole: int, expected: float | None) -> None:
    assert percent(part, whole) == expected


def test_spec_examples_worked_by_hand(tmp_path: Path, example_packages) -> None:
    _load(tmp_path, example_packages)
    duty = build_report("duty-crime", D(2019, 1, 1), D(2019, 12, 31)).metrics()
    assert duty == {
        "persons_accepted": 1, "persons_accepted_by_year": {"2019": 1}, "yoy_growth_pct": {},
        "persons_prosecuted": 1, "persons_not_prosecuted": 0, "prosecution_rate_pct": 100.0,
        "category_share_pct": {"corruption_bribery": 100.0, "malfeasance_infringement": 0.0, "other": 0.0},
        "rank_counts": {"provincial_ministerial": 0, "department_bureau": 0, "county_division": 0,
                        "township_section": 1, "below_township": 0, "grassroots": 0, "soe_manager": 0,
                        "non_official": 0},
        "township_and_below_share_pct": 100.0,
        "field_counts": {"project_construction": 1, "land_acquisition": 1},
        "provincial_ministerial_prosecuted": 0, "persons_returned": 1, "early_intervention_cases": 1,
        "confiscation_persons": 1, "confiscation_recovered_yuan": "88600000.00",
        "max_person_amount_yuan": "2356000.00", "absentia_prosecuted": 0, "recommendation_adoption_pct": 100.0,
    }
    gang = build_report("organized-crime", D(2021, 1, 1), D(2021, 12, 31)).metrics()
    assert gang == {
        "arrests_approved": {"persons": 2, "cases": 1}, "prosecuted": {"persons": 2, "cases": 1},
        "four_industries": {"arrests_approved": {"persons": 2, "cases": 1}, "prosecuted": {"persons": 2, "cases": 1},
                            "recommendations_issued": 1},
        "recommendations_issued": 1, "listed_cases": 1, "listed_cases_prosecuted": 1, "victims_identified": 1,
        "victims_visited": 1, "relief": {"persons": 1, "cases": 1, "amount_yuan": "30000.00"},
        "enterprise_cases_prosecuted": 1, "protective_umbrella_cases": 1,
    }
    # The 2021 commission case was not prosecuted; Hubei holds both 2021 cases, Liaoning none.
    assert build_report("duty-crime", D(2021, 1, 1), D(2021, 12, 31), "420000").metrics()["persons_not_prosecuted"] == 1
    assert build_report("organized-crime", D(2021, 1, 1), D(2021, 12, 31), "210000").metrics()["prosecuted"] == {
        "persons": 0, "cases": 0}
    # Nothing before the first case, and percentages over nothing are null.
    empty = build_report("duty-crime", D(2010, 1, 1), D(2010, 12, 31)).metrics()
    assert empty["persons_accepted"] == 0 and empty["prosecution_rate_pct"] is None
    assert empty["max_person_amount_yuan"] is None and empty["confiscation_recovered_yuan"] == "0.00"


def test_a_person_with_two_events_of_a_type_counts_once(tmp_path: Path) -> None:
    """Data the rules refuse (a second acceptance, prosecution or judgment) can still come from an
    older system: the figures then count the persons, not their events."""
    from procuracy.procedure.models import Event

    _load(tmp_path, list(generate(120, seed=11, start=D(2020, 1, 1), end=D(2020, 12, 31))))
    period = (D(2020, 1, 1), D(2021, 12, 31))
    before = build_report("duty-crime", *period)
    for event_type in ("accepted", "prosecuted", "judgment"):
        events = Event.objects.filter(duty=True, type=event_type).order_by("pk")
        assert events.count() >= 5, event_type
        for event in events[:5]:
            event.pk, event.seq = None, 90
            event.date += dt.timedelta(days=20)
            event.save()
    after = build_report("duty-crime", *period)
    assert after.figures == before.figures
    # By month, a person whose two events fall in two months counts in each.
    assert after.breakdowns[0] == before.breakdowns[0] and after.breakdowns[2:] == before.breakdowns[2:]
    values = after.metrics()
    assert values["persons_accepted"] == Event.objects.filter(duty=True, type="accepted").values(
        "person").distinct().count()


def _enrich(packages: list[dict[str, Any]], rng_seed: int) -> list[dict[str, Any]]:
    """Add what the synthetic generator does not make: confiscation, trials in absentia, listing,
    protective-umbrella links and cases the procuratorate investigates itself."""
    import random

    rng = random.Random(rng_seed)
    out = copy.deepcopy(packages)
    gang = [p["case_id"] for p in out if p.get("gang_nature")]
    for pkg in out:
        roll = rng.random()
        person = pkg["persons"][0]
        if pkg["source"] == "supervisory_commission" and roll < 0.1:
            person["status"] = "abroad"
            day = pkg["received_on"]
            person["events"] = [{"type": "confiscation_applied", "date": day, "amount_yuan": "1000000"},
                                {"type": "confiscation_ruled", "date": day, "amount_yuan": f"{rng.randint(1, 9)}00000.50"}]
        elif pkg["source"] == "supervisory_commission" and roll < 0.2:
            for event in person["events"]:
                if event["type"] == "prosecuted":
                    event["in_absentia"] = True
        elif pkg["source"] == "supervisory_commission" and roll < 0.3 and gang:
            pkg["related_cases"] = [{"case_id": rng.choice(gang), "relation": "protective_umbrella"}]
        elif pkg["source"] == "supervisory_commission" and roll < 0.35:
            pkg["source"] = "procuratorate"
            person["charges"][0] = {"charge": rng.choice(["刑讯逼供", "非法拘禁", "徇私枉法"])}
            for event in person["events"]:
                event.pop("approved_by", None)
        elif pkg.get("gang_nature") and roll < 0.5:
            pkg["supervision"] = {"listed_by": "SPP", "listed_on": pkg["received_on"]}
    return out


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(1, 10_000), scope=st.sampled_from(["SPP", "210000", "420000", "440000"]))
def test_reports_agree_with_a_plain_computation(tmp_path_factory, seed: int, scope: str) -> None:
    Case.objects.all().delete()
    packages = _enrich(list(generate(350, seed=seed, start=D(2019, 6, 1), end=D(2022, 6, 30))), seed)
    for pkg in packages[:60]:
        pkg["procuratorate"] = {"SPP": pkg["procuratorate"], "210000": "210102", "420000": "420100",
                                "440000": "440104"}[scope]
        for person in pkg["persons"]:
            for event in person["events"]:
                if event.get("approved_by"):
                    event["approved_by"] = {"210102": "210100", "420100": "420000", "440104": "440100"}.get(
                        pkg["procuratorate"], event["approved_by"])
    _load(tmp_path_factory.mktemp("p"), packages)
    categories = dict(Charge.objects.values_list("name", "category"))
    for start, end in ((D(2020, 1, 1), D(2021, 12, 31)), (D(2019, 1, 1), D(2022, 12, 31)),
                       (D(2021, 3, 1), D(2021, 3, 31))):
        got = build_report("duty-crime", start, end, scope, breakdowns=False).metrics()
        assert got == reference.duty_crime(packages, categories, start, end, scope)
        got = build_report("organized-crime", start, end, scope, breakdowns=False).metrics()
        assert got == reference.organized_crime(packages, start, end, scope)


def test_breakdowns_add_up(tmp_path: Path) -> None:
    _load(tmp_path, list(generate(400, seed=5, start=D(2020, 1, 1), end=D(2021, 12, 31))))
    report = build_report("duty-crime", D(2020, 1, 1), D(2021, 12, 31))
    metrics = report.metrics()
    parts = {b.key: b for b in report.breakdowns}
    assert sum(r["accepted"] for r in parts["by_region"].rows) == metrics["persons_accepted"]
    assert sum(r["prosecuted"] for r in parts["by_region"].rows) == metrics["persons_prosecuted"]
    assert sum(r["accepted"] for r in parts["by_month"].rows) == metrics["persons_accepted"]
    assert len(parts["by_month"].rows) == 24
    assert sum(r["value"] for r in parts["by_charge"].rows) <= metrics["persons_accepted"]
    liaoning = build_report("duty-crime", D(2020, 1, 1), D(2021, 12, 31), "210000")
    region = next(b for b in liaoning.breakdowns if b.key == "by_region")
    assert all(r["code"].startswith("21") for r in region.rows)
    assert sum(r["accepted"] for r in region.rows) == liaoning.metrics()["persons_accepted"]


def test_report_errors() -> None:
    with pytest.raises(ReportError, match="unknown report"):
        build_report("budget", D(2020, 1, 1), D(2020, 12, 31))
    with pytest.raises(ReportError, match="before it starts"):
        build_report("duty-crime", D(2020, 12, 31), D(2020, 1, 1))
    with pytest.raises(ReportError, match="999999"):
        build_report("duty-crime", D(2020, 1, 1), D(2020, 12, 31), "999999")


def test_reports_read_events_only_from_their_indexes(tmp_path: Path) -> None:
    """No report reads the whole event table, and each read through a report index finds all it
    needs there (SQLite says so in its plan: a partial index covers a query only if it holds the
    columns of its condition). Look-ups of a few events by person or case are left to other indexes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's query plans: this runs in the SQLite pass of the suite")
    _load(tmp_path, list(generate(200, seed=3, start=D(2020, 1, 1), end=D(2021, 12, 31))))
    with CaptureQueriesContext(connection) as queries:
        build_report("duty-crime", D(2020, 1, 1), D(2021, 12, 31), "420000")
        build_report("organized-crime", D(2020, 1, 1), D(2021, 12, 31))
    reads = [q["sql"] for q in queries.captured_queries if "procedure_event" in q["sql"]]
    indexed = 0
    with connection.cursor() as cursor:
        for sql in reads:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            for step in (row[-1] for row in cursor.fetchall()):
                assert not step.startswith(("SCAN procedure_event", "SCAN e ")), (sql, step)
                if any(name in step for name in ("event_duty_by_day", "event_duty_by_person", "event_gang_by_day")):
                    assert "COVERING INDEX" in step, (sql, step)
                    indexed += 1
    assert indexed >= 10
