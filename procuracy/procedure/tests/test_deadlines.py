"""Tests of the statutory deadline calculator.

The expected dates below were worked out by hand from CPL art. 105 (the starting day is
not counted; a holiday last day rolls to the next working day, custody periods never roll)
and SPC Interpretation 2021 art. 202 (months run to the same day, or to the last day of
the target month), using the State Council holiday notices.  They are the truth the code
is measured against, so none of them is computed by the code under test.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar  # type: ignore[import-untyped]
import pytest

from procuracy.procedure import deadlines
from procuracy.procedure.deadlines import (
    RULES,
    Deadline,
    DeadlineError,
    DeadlineRule,
    OfficialCalendar,
    RuleNotInForce,
    ScheduleError,
    UnknownRule,
    YearSchedule,
    add_months,
    compute_deadline,
    parse_schedule,
    rule_codes,
    rule_for,
)

D = date.fromisoformat


def _package_has(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _skip_if_package_has(year: int) -> None:
    # The provisional cases need a year without an official schedule; a later
    # chinesecalendar release that adds the year makes those rows meaningless, not wrong.
    if _package_has(year):
        pytest.skip(f"chinese_calendar now holds {year}; pick a later year for the provisional cases")


def _days(first: str, last: str) -> frozenset[date]:
    start, end = D(first), D(last)
    return frozenset(start + timedelta(days=n) for n in range((end - start).days + 1))


# --------------------------------------------------------------------------- the table

# (rule, from, in_custody, unrolled_due, due).  Schedules used (State Council notices):
#   2024: Spring Festival 02-10..02-17, make-up 02-04 Sun, 02-18 Sun; Qingming 04-04..04-06.
#   2025: Spring Festival 01-28 Tue..02-04 Tue, make-up 01-26 Sun and 02-08 Sat;
#         National Day + Mid-autumn 10-01 Wed..10-08 Wed, make-up 09-28 Sun and 10-11 Sat.
#   2026: New Year 01-01 Thu..01-03 Sat, make-up 01-04 Sun; Spring Festival 02-15 Sun..02-23 Mon,
#         make-up 02-14 Sat and 02-28 Sat; Labour Day 05-01 Fri..05-05 Tue, make-up 05-09 Sat;
#         Mid-autumn 09-25 Fri..09-27 Sun; National Day 10-01 Thu..10-07 Wed, make-up 09-20 Sun
#         and 10-10 Sat.
TABLE = [
    # --- plain day periods
    # cli.md's own example: day 1 is 03-11, day 10 is 03-20, a Friday.
    pytest.param("review_fast_track", "2026-03-10", False, "2026-03-20", "2026-03-20", id="spec-example"),
    # 7 days from Monday 03-02 is Monday 03-09, an ordinary working day.
    pytest.param("non_prosecution_appeal", "2026-03-02", False, "2026-03-09", "2026-03-09", id="plain-7"),
    # --- ordinary weekends
    # Day 10 is Saturday 03-21; Saturday and Sunday are rest days, so Monday 03-23.
    pytest.param("review_fast_track", "2026-03-11", False, "2026-03-21", "2026-03-23", id="saturday"),
    # Day 7 is Sunday 03-22, so Monday 03-23.
    pytest.param("non_prosecution_appeal", "2026-03-15", False, "2026-03-22", "2026-03-23", id="sunday"),
    # A custody period ending on Saturday 03-21 stays there (CPL 105: 在押期间不得延长).
    pytest.param("arrest_review", "2026-03-14", False, "2026-03-21", "2026-03-21", id="custody-weekend"),
    # --- 2025 Spring Festival
    # Day 10 is Thursday 01-30, inside the block that runs to 02-04: first working day 02-05.
    pytest.param("review_fast_track", "2025-01-20", False, "2025-01-30", "2025-02-05", id="2025sf-mid"),
    # One month from 12-28 is 01-28, the first day of the block: rolls over all 8 days to 02-05.
    pytest.param("review", "2024-12-28", False, "2025-01-28", "2025-02-05", id="2025sf-month"),
    # Day 10 is Tuesday 02-04, the block's last day: next day 02-05.
    pytest.param("review_fast_track", "2025-01-25", False, "2025-02-04", "2025-02-05", id="2025sf-last"),
    # Day 7 is Sunday 01-26, a make-up working day: the period ends there.
    pytest.param(
        "non_prosecution_appeal", "2025-01-19", False, "2025-01-26", "2025-01-26", id="2025-makeup-sun"
    ),
    # Day 7 is Saturday 02-08, a make-up working day: no roll.
    pytest.param(
        "non_prosecution_appeal", "2025-02-01", False, "2025-02-08", "2025-02-08", id="2025-makeup-sat"
    ),
    # Custody decision: day 10 is 01-30, a holiday, but custody periods never move.
    pytest.param("custody_decision", "2025-01-20", False, "2025-01-30", "2025-01-30", id="2025sf-custody"),
    # 14 days from 01-20 is Monday 02-03, a holiday; custody, so it stays.
    pytest.param(
        "custody_decision_extended", "2025-01-20", False, "2025-02-03", "2025-02-03", id="2025sf-custody-ext"
    ),
    # 7 days from 01-25 is Saturday 02-01 inside the block; arrest review is custody: stays.
    pytest.param("arrest_review", "2025-01-25", False, "2025-02-01", "2025-02-01", id="2025sf-arrest"),
    # Same period as "2025sf-mid" but the suspect is held: --in-custody forbids the roll.
    pytest.param("review_fast_track", "2025-01-20", True, "2025-01-30", "2025-01-30", id="2025sf-in-custody"),
    # A month period held in custody: 01-28 stays although it is a holiday.
    pytest.param("review", "2024-12-28", True, "2025-01-28", "2025-01-28", id="2025sf-month-in-custody"),
    # --- 2026 New Year (crossing the year boundary)
    # One month from 12-01 is 01-01; 01-02 and 01-03 are off too; Sunday 01-04 is a make-up
    # working day, so the rolled period ends on a Sunday.
    pytest.param("review", "2025-12-01", False, "2026-01-01", "2026-01-04", id="2026ny-roll-to-sunday"),
    # --- 2026 Spring Festival
    # One month from 01-16 is Monday 02-16, inside the block 02-15..02-23: Tuesday 02-24.
    pytest.param("review", "2026-01-16", False, "2026-02-16", "2026-02-24", id="2026sf-month"),
    # Day 10 is Saturday 02-14, a make-up working day: no roll.
    pytest.param("review_fast_track", "2026-02-04", False, "2026-02-14", "2026-02-14", id="2026-makeup-0214"),
    # Day 10 is Saturday 02-28, the second make-up working day: no roll.
    pytest.param("review_fast_track", "2026-02-18", False, "2026-02-28", "2026-02-28", id="2026-makeup-0228"),
    # Day 7 is Monday 02-23, the block's last day: Tuesday 02-24.
    pytest.param("non_prosecution_appeal", "2026-02-16", False, "2026-02-23", "2026-02-24", id="2026sf-last"),
    # Day 7 is Sunday 02-15, the block's first day: rolls through 02-23 to 02-24.
    pytest.param(
        "non_prosecution_appeal", "2026-02-08", False, "2026-02-15", "2026-02-24", id="2026sf-first"
    ),
    # Custody decision ending 02-18 in the block: stays.
    pytest.param("custody_decision", "2026-02-08", False, "2026-02-18", "2026-02-18", id="2026sf-custody"),
    # review_extended: first month 01-03 → 02-03, then 15 days → 02-18 (holiday) → 02-24.
    pytest.param("review_extended", "2026-01-03", False, "2026-02-18", "2026-02-24", id="2026sf-extended"),
    # The same extended review with the suspect held: 02-18 stays.
    pytest.param("review_extended", "2026-01-03", True, "2026-02-18", "2026-02-18", id="2026sf-ext-custody"),
    # --- 2025 National Day
    # One month from 09-03 is 10-03 in the block 10-01..10-08: Thursday 10-09.
    pytest.param("review", "2025-09-03", False, "2025-10-03", "2025-10-09", id="2025nd-month"),
    # Day 10 is Sunday 09-28, a make-up working day: no roll.
    pytest.param("review_fast_track", "2025-09-18", False, "2025-09-28", "2025-09-28", id="2025-makeup-0928"),
    # Day 10 is Saturday 10-11, a make-up working day: no roll.
    pytest.param("review_fast_track", "2025-10-01", False, "2025-10-11", "2025-10-11", id="2025-makeup-1011"),
    # Day 7 is Wednesday 10-08, the block's last day: Thursday 10-09.
    pytest.param("non_prosecution_appeal", "2025-10-01", False, "2025-10-08", "2025-10-09", id="2025nd-last"),
    # Arrest review ending 10-07 in the block: custody, stays.
    pytest.param("arrest_review", "2025-09-30", False, "2025-10-07", "2025-10-07", id="2025nd-arrest"),
    # Day 10 is 10-02, a holiday, with --in-custody: stays.
    pytest.param("review_fast_track", "2025-09-22", True, "2025-10-02", "2025-10-02", id="2025nd-in-custody"),
    # review_extended: the first month ends 10-01 (a holiday, NOT rolled to 10-09); 15 days
    # from 10-01 is Thursday 10-16.  Counting from the rolled end would wrongly give 10-24.
    pytest.param("review_extended", "2025-09-01", False, "2025-10-16", "2025-10-16", id="2025nd-extended"),
    # --- 2026 Mid-autumn and National Day
    # One month from 09-01 is Thursday 10-01; the block runs to 10-07: Thursday 10-08.
    pytest.param("review", "2026-09-01", False, "2026-10-01", "2026-10-08", id="2026nd-month"),
    # Two months from 08-01 is 10-01: rolls to 10-08 as well.
    pytest.param(
        "recommendation_reply", "2026-08-01", False, "2026-10-01", "2026-10-08", id="2026nd-2months"
    ),
    # Day 10 is Sunday 09-20, a make-up working day: no roll.
    pytest.param("review_fast_track", "2026-09-10", False, "2026-09-20", "2026-09-20", id="2026-makeup-0920"),
    # Day 7 is Saturday 10-10, a make-up working day: no roll.
    pytest.param(
        "non_prosecution_appeal", "2026-10-03", False, "2026-10-10", "2026-10-10", id="2026-makeup-1010"
    ),
    # 14 days from 09-20 is Sunday 10-04 in the block: custody, stays.
    pytest.param(
        "custody_decision_extended", "2026-09-20", False, "2026-10-04", "2026-10-04", id="2026nd-custody-ext"
    ),
    # Day 7 is Friday 09-25 (Mid-autumn, off to Sunday 09-27): Monday 09-28.
    pytest.param(
        "non_prosecution_appeal", "2026-09-18", False, "2026-09-25", "2026-09-28", id="2026-midautumn"
    ),
    # --- 2026 Labour Day
    # One month from 04-01 is Friday 05-01; the block runs to Tuesday 05-05: Wednesday 05-06.
    pytest.param(
        "supplementary_investigation", "2026-04-01", False, "2026-05-01", "2026-05-06", id="2026-labour"
    ),
    # Day 7 is Saturday 05-09, a make-up working day: no roll.
    pytest.param(
        "non_prosecution_appeal", "2026-05-02", False, "2026-05-09", "2026-05-09", id="2026-makeup-0509"
    ),
    # --- month ends (SPC Interpretation 2021 art. 202)
    # From 01-31 (last day of January) to the last day of February, 02-28 — which in 2026 is
    # a make-up working Saturday, so it does not roll.
    pytest.param("review", "2026-01-31", False, "2026-02-28", "2026-02-28", id="from-0131-2026"),
    # From 01-31 to the last day of February 2025, Friday 02-28.
    pytest.param("review", "2025-01-31", False, "2025-02-28", "2025-02-28", id="from-0131-2025"),
    # In a leap year the last day of February is the 29th (a Thursday, working).
    pytest.param("review", "2024-01-31", False, "2024-02-29", "2024-02-29", id="from-0131-leap"),
    # 02-29 is the last day of February, so to the last day of March, 03-31 (a Sunday): 04-01.
    pytest.param("review", "2024-02-29", False, "2024-03-31", "2024-04-01", id="from-0229"),
    # 02-28 is the last day of February 2026, so to the last day of March, Tuesday 03-31.
    pytest.param("review", "2026-02-28", False, "2026-03-31", "2026-03-31", id="from-0228"),
    # April has no 31st: from 03-31 to 04-30, a Thursday.
    pytest.param("review", "2026-03-31", False, "2026-04-30", "2026-04-30", id="from-0331"),
    # 03-30 is not a month end and April has a 30th: same day, 04-30.
    pytest.param("review", "2026-03-30", False, "2026-04-30", "2026-04-30", id="from-0330"),
    # February 2026 has no 30th: to its last day, 02-28 (make-up Saturday, no roll).
    pytest.param("review", "2026-01-30", False, "2026-02-28", "2026-02-28", id="from-0130"),
    # 04-30 is the last day of April, so to the last day of May, Sunday 05-31: Monday 06-01.
    pytest.param("review", "2026-04-30", False, "2026-05-31", "2026-06-01", id="from-0430"),
    # Two months from 12-31 end on the last day of February, 2026-02-28 (make-up Saturday).
    pytest.param("recommendation_reply", "2025-12-31", False, "2026-02-28", "2026-02-28", id="2m-from-1231"),
    # Two months from 12-30: February 2025 has no 30th, so its last day, Friday 02-28.
    pytest.param("recommendation_reply", "2024-12-30", False, "2025-02-28", "2025-02-28", id="2m-from-1230"),
    # review_extended from a month end: 03-31 → 04-30, then 15 days → Friday 05-15.
    pytest.param("review_extended", "2026-03-31", False, "2026-05-15", "2026-05-15", id="extended-month-end"),
]


@pytest.mark.parametrize(("code", "start", "in_custody", "unrolled", "due"), TABLE)
def test_hand_worked_table(code: str, start: str, in_custody: bool, unrolled: str, due: str) -> None:
    deadline = compute_deadline(code, D(start), in_custody=in_custody)
    assert (deadline.unrolled_due, deadline.due) == (D(unrolled), D(due))
    assert deadline.rule == code
    assert deadline.start == D(start)
    assert deadline.in_custody is in_custody
    # Every row lies in years the package holds, so none may be provisional.
    assert deadline.provisional is False
    assert deadline.provisional_years == ()


def test_package_matches_the_official_notices_the_table_uses() -> None:
    # The table above was worked from the notices, not from the package; this pins the
    # package data to the same facts so a data change cannot silently shift the table.
    def makeup(year: int) -> set[date]:
        return {d for d in chinese_calendar.workdays if d.year == year and d.weekday() >= 5}

    assert makeup(2025) == {
        D("2025-01-26"),
        D("2025-02-08"),
        D("2025-04-27"),
        D("2025-09-28"),
        D("2025-10-11"),
    }
    assert makeup(2026) == {
        D("2026-01-04"),
        D("2026-02-14"),
        D("2026-02-28"),
        D("2026-05-09"),
        D("2026-09-20"),
        D("2026-10-10"),
    }
    for first, last in [
        ("2025-01-28", "2025-02-04"),
        ("2025-10-01", "2025-10-08"),
        ("2026-01-01", "2026-01-03"),
        ("2026-02-15", "2026-02-23"),
        ("2026-05-01", "2026-05-05"),
        ("2026-09-25", "2026-09-27"),
        ("2026-10-01", "2026-10-07"),
    ]:
        block = _days(first, last)
        assert all(not chinese_calendar.is_workday(d) for d in block), (first, last)
        # The day after each block works, which the roll-forward rows rely on.
        assert chinese_calendar.is_workday(D(last) + timedelta(days=1)), last


def test_invariants_over_every_start_in_2025_and_2026() -> None:
    # Independent of the table: every result is checked against chinese_calendar directly.
    day = D("2025-01-01")
    while day.year <= 2026:
        for code in RULES:
            for in_custody in (False, True):
                deadline = compute_deadline(code, day, in_custody=in_custody)
                assert deadline.due >= deadline.unrolled_due > day
                if deadline.due.year > 2026:
                    continue
                if in_custody or rule_for(code, day).custody:
                    assert deadline.due == deadline.unrolled_due
                    continue
                assert chinese_calendar.is_workday(deadline.due)
                skipped = deadline.unrolled_due
                while skipped < deadline.due:
                    assert not chinese_calendar.is_workday(skipped), (code, day, skipped)
                    skipped += timedelta(days=1)
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        # Across a year end to a leap February: last day of December → last day of February.
        ("2023-12-31", 2, "2024-02-29"),
        # And to a common February.
        ("2026-12-31", 2, "2027-02-28"),
        # Mid-month across the year end keeps the day.
        ("2026-11-15", 2, "2027-01-15"),
        # Twelve months from a leap day: 2025 February ends on the 28th.
        ("2024-02-29", 12, "2025-02-28"),
        # From the 28th of a 28-day February (its last day) to the 31st of March.
        ("2025-02-28", 1, "2025-03-31"),
        # From the 28th of a 29-day February (not its last day) to the 28th of March.
        ("2024-02-28", 1, "2024-03-28"),
    ],
)
def test_add_months(start: str, months: int, expected: str) -> None:
    assert add_months(D(start), months) == D(expected)


# --------------------------------------------------------------------------- provisional years

# A test fixture standing in for a future official notice.  It is NOT the real 2027
# schedule: the dates are chosen to exercise the rules (a block around Lunar New Year,
# 2027-02-06, one make-up Saturday, and New Year's Eve off so a roll reaches 2028).
FIXTURE_2027 = YearSchedule(
    2027,
    holidays=frozenset({D("2027-01-01"), D("2027-12-31")}) | _days("2027-02-05", "2027-02-13"),
    workdays=frozenset({D("2027-02-20")}),
    source="test fixture, not the official 2027 notice",
)


def test_unknown_year_weekday_is_provisional() -> None:
    _skip_if_package_has(2027)
    # One month from 12-15 is Friday 2027-01-15: a weekday, but 2027's holidays are unknown,
    # so the date stands and is marked provisional rather than guessed certain.
    deadline = compute_deadline("review", D("2026-12-15"))
    assert (deadline.unrolled_due, deadline.due) == (D("2027-01-15"), D("2027-01-15"))
    assert deadline.provisional is True
    assert deadline.provisional_years == (2027,)
    assert deadline.to_json()["provisional"] is True


def test_unknown_year_weekend_rolls_on_weekends_only() -> None:
    _skip_if_package_has(2027)
    # Day 10 is Saturday 2027-01-02; counting weekends only gives Monday 01-04.
    deadline = compute_deadline("review_fast_track", D("2026-12-23"))
    assert (deadline.unrolled_due, deadline.due) == (D("2027-01-02"), D("2027-01-04"))
    assert deadline.provisional is True
    assert deadline.provisional_years == (2027,)


def test_2028_is_provisional() -> None:
    _skip_if_package_has(2028)
    # 2028-01-01 is a Saturday, so day 10 from 01-20 is Sunday 01-30: Monday 01-31.
    deadline = compute_deadline("review_fast_track", D("2028-01-20"))
    assert (deadline.unrolled_due, deadline.due) == (D("2028-01-30"), D("2028-01-31"))
    assert deadline.provisional is True
    assert deadline.provisional_years == (2028,)


@pytest.mark.parametrize(
    ("code", "in_custody"),
    [("custody_decision", False), ("review_fast_track", True)],
)
def test_no_roll_means_not_provisional(code: str, in_custody: bool) -> None:
    _skip_if_package_has(2028)
    # Nothing is looked up when the period cannot move, so nothing is uncertain.
    deadline = compute_deadline(code, D("2028-01-20"), in_custody=in_custody)
    assert (deadline.unrolled_due, deadline.due) == (D("2028-01-30"), D("2028-01-30"))
    assert deadline.provisional is False
    assert deadline.provisional_years == ()


@pytest.mark.parametrize(
    ("code", "start", "unrolled", "due", "years"),
    [
        # Day 10 is Sunday 02-07 inside the fixture's block 02-05..02-13; Sunday 02-14 is an
        # ordinary rest day; so Monday 02-15, and certain because 2027 is now known.
        pytest.param("review_fast_track", "2027-01-28", "2027-02-07", "2027-02-15", (), id="block"),
        # Day 10 is Saturday 02-20, the fixture's make-up working day: no roll.
        pytest.param("review_fast_track", "2027-02-10", "2027-02-20", "2027-02-20", (), id="makeup"),
        # The weekday that was provisional without the schedule is now certain.
        pytest.param("review", "2026-12-15", "2027-01-15", "2027-01-15", (), id="known-weekday"),
        # Day 7 is Friday 01-01 (off); 01-02 and 01-03 are a weekend: Monday 01-04.
        pytest.param("non_prosecution_appeal", "2026-12-25", "2027-01-01", "2027-01-04", (), id="new-year"),
        # Day 10 is Friday 12-31 (off in the fixture); the roll looks at Saturday 2028-01-01 and
        # Sunday 01-02, whose year is unknown: Monday 01-03, provisional because of 2028 only.
        pytest.param("review_fast_track", "2027-12-21", "2027-12-31", "2028-01-03", (2028,), id="into-2028"),
    ],
)
def test_loaded_schedule(code: str, start: str, unrolled: str, due: str, years: tuple[int, ...]) -> None:
    _skip_if_package_has(2028)
    calendar = OfficialCalendar({2027: FIXTURE_2027})
    deadline = compute_deadline(code, D(start), calendar=calendar)
    assert (deadline.unrolled_due, deadline.due) == (D(unrolled), D(due))
    assert deadline.provisional_years == years
    assert deadline.provisional is bool(years)


def test_loaded_schedule_takes_precedence_over_the_package() -> None:
    # An administrator's schedule replaces the package's whole year: here 03-20 is made a
    # holiday, so the spec example rolls past the weekend to Monday 03-23 ...
    override = YearSchedule(2026, frozenset({D("2026-03-20")}), frozenset(), "test override")
    calendar = OfficialCalendar({2026: override})
    deadline = compute_deadline("review_fast_track", D("2026-03-10"), calendar=calendar)
    assert (deadline.unrolled_due, deadline.due) == (D("2026-03-20"), D("2026-03-23"))
    # ... and the package's National Day no longer applies (replaced, not merged).
    assert calendar.is_workday(D("2026-10-01")) is True
    assert OfficialCalendar().is_workday(D("2026-10-01")) is False


def test_official_calendar_lookups() -> None:
    calendar = OfficialCalendar()
    # law-reference.md §7 test vectors.
    assert calendar.is_workday(D("2026-01-04")) is True
    assert calendar.is_workday(D("2026-10-01")) is False
    # The package's data start in 2004: earlier years are unknown, not an exception.
    assert calendar.is_workday(D("2003-06-02")) is None
    assert calendar.has_schedule(2026) is True
    assert calendar.has_schedule(2003) is False
    if not _package_has(2027):
        assert calendar.is_workday(D("2027-01-04")) is None
        assert OfficialCalendar({2027: FIXTURE_2027}).has_schedule(2027) is True


def test_official_calendar_rejects_a_schedule_under_the_wrong_year() -> None:
    with pytest.raises(ScheduleError, match="schedule for 2027 was given under the key 2028"):
        OfficialCalendar({2028: FIXTURE_2027})


def test_year_schedule_refuses_dates_of_another_year() -> None:
    with pytest.raises(ValueError, match="outside the 2027 schedule"):
        FIXTURE_2027.is_workday(D("2026-05-01"))


class _NeverKnown:
    """A calendar with no schedule at all, to check the weekends-only fallback on its own."""

    def is_workday(self, d: date) -> bool | None:
        return None


class _NeverWorks:
    """A broken calendar (e.g. a mistyped schedule) with no working day."""

    def is_workday(self, d: date) -> bool | None:
        return False


def test_custom_calendar_without_schedules() -> None:
    # Day 10 from Wednesday 2026-03-11 is Saturday 03-21; weekends only: Monday 03-23.
    deadline = compute_deadline("review_fast_track", D("2026-03-11"), calendar=_NeverKnown())
    assert deadline.due == D("2026-03-23")
    assert deadline.provisional_years == (2026,)


def test_calendar_without_working_days_is_an_error_not_a_hang() -> None:
    with pytest.raises(DeadlineError, match="no working day"):
        compute_deadline("review_fast_track", D("2026-03-10"), calendar=_NeverWorks())


# --------------------------------------------------------------------------- rules and versions

# cli.md's table, copied by hand: (days, months, extra_days, custody, basis).
SPEC_RULES = {
    "review": (None, 1, None, False, "CPL art. 172"),
    "review_extended": (None, 1, 15, False, "CPL art. 172"),
    "review_fast_track": (10, None, None, False, "CPL art. 172"),
    "supplementary_investigation": (None, 1, None, False, "CPL art. 175; Supervision Law art. 54"),
    "custody_decision": (10, None, None, True, "CPL art. 170"),
    "custody_decision_extended": (14, None, None, True, "CPL art. 170"),
    "arrest_review": (7, None, None, True, "CPL art. 91"),
    "recommendation_reply": (None, 2, None, False, "SPP Provisions on Procuratorial Recommendations (2019)"),
    "non_prosecution_appeal": (7, None, None, False, "CPL art. 180"),
}


def test_rules_match_the_spec() -> None:
    assert set(RULES) == set(SPEC_RULES)
    assert rule_codes() == tuple(sorted(SPEC_RULES))
    for code, expected in SPEC_RULES.items():
        rule = rule_for(code, D("2026-01-01"))
        assert isinstance(rule, DeadlineRule)
        assert (rule.days, rule.months, rule.extra_days, rule.custody, rule.basis) == expected, code
        assert rule.basis_zh.startswith("《"), code


def test_rule_versions_are_ordered_and_consistent() -> None:
    for code, versions in RULES.items():
        assert versions, code
        assert all(version.code == code for version in versions)
        dates = [version.effective_from for version in versions]
        assert dates == sorted(dates)
        assert len(set(dates)) == len(dates), f"{code}: two versions from the same day"


@pytest.mark.parametrize(
    ("code", "effective_from"),
    [
        # CPL 2018 for the day periods.
        ("review_fast_track", "2018-10-26"),
        ("custody_decision", "2018-10-26"),
        ("arrest_review", "2018-10-26"),
        ("non_prosecution_appeal", "2018-10-26"),
        # Month periods: the 2018 CPL (months counted as the SPC interpretations say).
        ("review", "2018-10-26"),
        ("review_extended", "2018-10-26"),
        ("supplementary_investigation", "2018-10-26"),
        # The SPP Provisions on Procuratorial Recommendations.
        ("recommendation_reply", "2019-02-26"),
    ],
)
def test_first_version_effective_dates(code: str, effective_from: str) -> None:
    assert RULES[code][0].effective_from == D(effective_from)


def test_supervision_law_renumbering_is_a_new_version() -> None:
    # The 2024 Supervision Law (in force 2025-06-01) moved the article from 47 to 54.
    assert rule_for("supplementary_investigation", D("2025-05-31")).basis.endswith("art. 47")
    assert rule_for("supplementary_investigation", D("2025-06-01")).basis.endswith("art. 54")
    # A period that started the day before cites the old article: 05-31 → 06-30, a Monday.
    deadline = compute_deadline("supplementary_investigation", D("2025-05-31"))
    assert deadline.due == D("2025-06-30")
    assert deadline.basis == "CPL art. 175; Supervision Law art. 47"
    assert deadline.basis_zh == "《刑事诉讼法》第一百七十五条；《监察法》第四十七条"


def test_a_new_version_applies_from_its_date(monkeypatch: pytest.MonkeyPatch) -> None:
    current = RULES["review_fast_track"][0]
    amended = dataclasses.replace(
        current, days=15, basis="CPL art. 172 (test amendment)", effective_from=D("2030-01-01")
    )
    monkeypatch.setitem(RULES, "review_fast_track", (current, amended))
    assert rule_for("review_fast_track", D("2029-12-31")) is current
    assert rule_for("review_fast_track", D("2030-01-01")) is amended
    # Before the amendment, 10 days: 2026-03-10 → 03-20 as in cli.md.
    assert compute_deadline("review_fast_track", D("2026-03-10")).due == D("2026-03-20")
    # From the amendment, 15 days: 2030-01-01 → 2030-01-16, with the new basis.
    deadline = compute_deadline("review_fast_track", D("2030-01-01"), in_custody=True)
    assert deadline.unrolled_due == D("2030-01-16")
    assert deadline.basis == "CPL art. 172 (test amendment)"
    # The choice depends on the dates, not on the order the versions are listed in.
    monkeypatch.setitem(RULES, "review_fast_track", (amended, current))
    assert rule_for("review_fast_track", D("2030-01-01")) is amended
    assert rule_for("review_fast_track", D("2029-12-31")) is current


def test_unknown_rule_lists_the_valid_codes() -> None:
    with pytest.raises(UnknownRule) as excinfo:
        compute_deadline("reviw", D("2026-03-10"))
    message = str(excinfo.value)
    assert "'reviw'" in message
    for code in SPEC_RULES:
        assert code in message
    assert isinstance(excinfo.value, DeadlineError)


def test_date_before_the_first_version_is_refused() -> None:
    # The 2018 CPL's review period cannot be applied to a start before it took effect.
    with pytest.raises(RuleNotInForce, match="2018-10-26"):
        rule_for("review", D("2018-10-25"))
    assert rule_for("review", D("2018-10-26")).months == 1
    assert rule_for("review", D("2019-03-05")).basis == "CPL art. 172"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"days": 10, "months": 1}, "exactly one of days and months"),
        ({"days": None, "months": None}, "exactly one of days and months"),
        ({"days": 10, "extra_days": 5}, "extra_days only follow a month period"),
        ({"days": 0}, "days must be positive"),
    ],
)
def test_malformed_rules_are_refused(changes: dict[str, int | None], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(RULES["review_fast_track"][0], **changes)


def test_datetime_start_is_refused() -> None:
    with pytest.raises(TypeError, match="start must be a date"):
        compute_deadline("review", datetime(2026, 3, 10, 9, 0))


# --------------------------------------------------------------------------- output


def test_to_json_has_exactly_the_contract_keys() -> None:
    deadline = compute_deadline("review", D("2026-01-16"))
    assert deadline.to_json() == {
        "rule": "review",
        "from": "2026-01-16",
        "due": "2026-02-24",
        "unrolled_due": "2026-02-16",
        "in_custody": False,
        "provisional": False,
        "basis": "CPL art. 172",
    }
    # It must serialise as is: the CLI writes it with json.dumps.
    assert json.loads(json.dumps(deadline.to_json())) == deadline.to_json()


def test_deadline_is_immutable() -> None:
    deadline = compute_deadline("review", D("2026-01-16"))
    assert isinstance(deadline, Deadline)
    with pytest.raises(dataclasses.FrozenInstanceError):
        deadline.due = D("2026-02-25")  # type: ignore[misc]


def test_module_imports_without_django() -> None:
    # The calculator must work where no Django settings exist (and must not pull Django in).
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys; import procuracy.procedure.deadlines; "
        "assert 'django' not in sys.modules, 'django was imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(deadlines.__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------- schedule files

VALID_SCHEDULE = {
    "year": 2027,
    "source": "test fixture, not the official 2027 notice",
    # A block with its weekend days listed (02-06 Sat, 02-07 Sun) is accepted.
    "holidays": ["2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"],
    "workdays": ["2027-02-20"],
}


# Passed as a field's value to leave the field out of the file.
_DROP = object()


def _schedule_text(**changes: object) -> str:
    data: dict[str, object] = {**VALID_SCHEDULE, **changes}
    return json.dumps({key: value for key, value in data.items() if value is not _DROP})


def test_parse_schedule_reads_a_valid_file() -> None:
    schedule = parse_schedule(_schedule_text())
    assert schedule.year == 2027
    assert schedule.source == VALID_SCHEDULE["source"]
    assert D("2027-02-06") in schedule.holidays
    assert schedule.workdays == frozenset({D("2027-02-20")})
    # Weekend days listed in a block stay days off; the make-up Saturday works.
    assert schedule.is_workday(D("2027-02-06")) is False
    assert schedule.is_workday(D("2027-02-20")) is True
    assert schedule.is_workday(D("2027-02-09")) is True
    # The dict form reads back to the same schedule (storage round trip).
    assert parse_schedule(json.dumps(schedule.to_dict())) == schedule


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("{not json", "not valid JSON", id="syntax"),
        pytest.param("[]", "one JSON object", id="not-object"),
        pytest.param(_schedule_text(workdays=_DROP), "missing field(s): workdays", id="missing"),
        pytest.param(_schedule_text(holiday=[]), "unknown field(s): holiday", id="unknown-field"),
        pytest.param(_schedule_text(year="2027"), "year must be a whole number", id="year-text"),
        pytest.param(_schedule_text(year=True), "year must be a whole number", id="year-bool"),
        pytest.param(_schedule_text(source=" "), "source is empty", id="source-empty"),
        pytest.param(_schedule_text(source=5), "source must be text", id="source-number"),
        pytest.param(_schedule_text(holidays="2027-01-01"), "holidays must be a list", id="not-list"),
        pytest.param(_schedule_text(holidays=[]), "holidays is empty", id="no-holidays"),
        pytest.param(
            _schedule_text(holidays=["2027/01/01"]),
            "holidays[0]: '2027/01/01' is not a date written YYYY-MM-DD",
            id="format",
        ),
        pytest.param(_schedule_text(holidays=[20270101]), "holidays[0]: 20270101 is not a date", id="number"),
        pytest.param(_schedule_text(holidays=["2027-02-30"]), "not a real calendar date", id="no-such-day"),
        pytest.param(
            _schedule_text(holidays=["2026-12-31", "2027-01-01"]),
            "2026-12-31 is not in 2027",
            id="other-year",
        ),
        pytest.param(
            _schedule_text(workdays=["2028-01-08"]), "workdays: 2028-01-08 is not in 2027", id="workday-year"
        ),
        pytest.param(
            _schedule_text(holidays=["2027-01-01", "2027-02-20"]),
            "2027-02-20 is listed both as a holiday and as a working day",
            id="both-lists",
        ),
        pytest.param(_schedule_text(workdays=["2027-02-22"]), "2027-02-22 is a Monday", id="weekday-makeup"),
        pytest.param(
            _schedule_text(holidays=["2027-01-01", "2027-01-01"]),
            "holidays[1]: 2027-01-01 is listed twice",
            id="dup",
        ),
    ],
)
def test_parse_schedule_errors(text: str, message: str) -> None:
    with pytest.raises(ScheduleError) as excinfo:
        parse_schedule(text)
    assert message in str(excinfo.value)


def test_parse_schedule_reports_every_fault_at_once() -> None:
    text = _schedule_text(source="", holidays=["2027-13-01"], workdays=["2027-02-22"], extra=1)
    with pytest.raises(ScheduleError) as excinfo:
        parse_schedule(text)
    problems = excinfo.value.problems
    assert any("unknown field(s): extra" in p for p in problems)
    assert any("holidays[0]" in p for p in problems)
    # A malformed date does not hide the faults found in the rest of the file.
    assert any("source is empty" in p for p in problems)
    assert any("2027-02-22 is a Monday" in p for p in problems)
    # The whole message names the year so the administrator knows which file is meant.
    assert all(p.startswith("schedule for 2027: ") for p in problems)


def test_year_schedule_validates_when_built_directly() -> None:
    with pytest.raises(ScheduleError, match="only a Saturday or Sunday can be a make-up working day"):
        YearSchedule(2027, frozenset({D("2027-01-01")}), frozenset({D("2027-01-04")}), "test")
