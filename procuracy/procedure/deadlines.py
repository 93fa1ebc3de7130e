"""Statutory deadline calculator (contract: ``spec/cli.md``, section "Deadline rules").

Pure Python on purpose: the command line, the web pages and the tests all compute the
same dates, and none of them should need a configured Django project to do it.  Holiday
schedules loaded by an administrator reach this module as ``YearSchedule`` values, so the
storage of those schedules stays in the app's models and out of the arithmetic.

Counting, per CPL art. 105 and the SPC Interpretation of the CPL (2021) art. 202:

* day periods exclude the starting day;
* month periods run to the same day N months later, or to the last day of the target month
  when the start is the last day of its month or the target month has no such day;
* a last day that is not a working day rolls to the first working day after it, except for
  custody periods, which "不得因节假日而延长" (are never extended because of holidays).
"""

from __future__ import annotations

import calendar as _gregorian
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any, Protocol, cast

import chinese_calendar  # type: ignore[import-untyped]

__all__ = [
    "RULES",
    "Deadline",
    "DeadlineError",
    "DeadlineRule",
    "HolidayCalendar",
    "OfficialCalendar",
    "RuleNotInForce",
    "ScheduleError",
    "UnknownRule",
    "YearSchedule",
    "add_months",
    "compute_deadline",
    "parse_schedule",
    "rule_codes",
    "rule_for",
]

# The longest official block of days off is nine days; even with weekends on both sides a
# real schedule never needs more than a couple of weeks.  A bound protects against a
# mistyped administrator schedule turning the roll-forward into an endless loop.
_MAX_ROLL_DAYS = 60


class DeadlineError(ValueError):
    """Base class, so a caller can report every calculator failure the same way."""


class UnknownRule(DeadlineError):
    """The rule code is not one of ``RULES``."""

    def __init__(self, code: str) -> None:
        self.code = code
        valid = ", ".join(sorted(RULES))
        super().__init__(f"unknown deadline rule {code!r}; valid rules are: {valid}")


class RuleNotInForce(DeadlineError):
    """No version of the rule was in force on the requested date.

    Raised instead of applying a later law to an earlier date: the calculator encodes only
    the law it names, and guessing the older law would give a date without a basis.
    """

    def __init__(self, code: str, on: date, earliest: date) -> None:
        self.code = code
        self.on = on
        self.earliest = earliest
        super().__init__(
            f"deadline rule {code!r} is encoded only from {earliest.isoformat()} "
            f"(the date its legal basis took effect); {on.isoformat()} is earlier"
        )


class ScheduleError(DeadlineError):
    """An administrator-supplied holiday schedule is invalid; ``problems`` lists every fault."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        # Every fault at once, so the administrator can fix the file in one pass.
        super().__init__("invalid holiday schedule:\n" + "\n".join(f"  - {p}" for p in self.problems))


# --------------------------------------------------------------------------- rules


# Keyword-only: a table of positional Nones and booleans is unreadable and easy to misalign.
@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineRule:
    """One version of a statutory period, with the law it encodes.

    Exactly one of ``days`` and ``months`` is set.  ``extra_days`` follows a month period
    and is counted from the *unrolled* end of the months (CPL art. 172: the 15-day
    extension continues the original period; a holiday at its end is not a new start).
    """

    code: str
    days: int | None = None
    months: int | None = None
    extra_days: int | None = None
    custody: bool
    basis: str
    basis_zh: str
    effective_from: date

    def __post_init__(self) -> None:
        # A malformed rule would silently give wrong dates for every case, so refuse it
        # when the table is built rather than when a prosecutor asks.
        if (self.days is None) == (self.months is None):
            raise ValueError(f"rule {self.code!r}: set exactly one of days and months")
        if self.extra_days is not None and self.months is None:
            raise ValueError(f"rule {self.code!r}: extra_days only follow a month period")
        for name in ("days", "months", "extra_days"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise ValueError(f"rule {self.code!r}: {name} must be positive, not {value}")

    def unrolled_end(self, start: date) -> date:
        """The last day of the period before any holiday roll-forward."""
        if self.days is not None:
            # The starting day is not counted (CPL art. 105), so N days after it is day N.
            return start + timedelta(days=self.days)
        # __post_init__ guarantees that months is set whenever days is not.
        end = add_months(start, cast(int, self.months))
        if self.extra_days is not None:
            end += timedelta(days=self.extra_days)
        return end


# Dates on which the encoded law took effect.  Periods counted in months follow the
# month-counting rule of the SPC interpretation (2021 art. 202); its 2012 predecessor
# counted months the same way, so these periods are in force with the 2018 CPL itself.
_CPL_2018 = date(2018, 10, 26)
_SPP_RECOMMENDATIONS_2019 = date(2019, 2, 26)
# The 2024 amendment of the Supervision Law renumbered the supplementary-investigation
# article from 47 to 54; the basis a prosecutor cites must follow the date.
_SUPERVISION_LAW_2024 = date(2025, 6, 1)

_CPL_172, _CPL_172_ZH = "CPL art. 172", "《刑事诉讼法》第一百七十二条"
_CPL_170, _CPL_170_ZH = "CPL art. 170", "《刑事诉讼法》第一百七十条"

RULES: dict[str, tuple[DeadlineRule, ...]] = {
    "review": (
        DeadlineRule(
            code="review",
            months=1,
            custody=False,
            effective_from=_CPL_2018,
            basis=_CPL_172,
            basis_zh=_CPL_172_ZH,
        ),
    ),
    "review_extended": (
        DeadlineRule(
            code="review_extended",
            months=1,
            extra_days=15,
            custody=False,
            effective_from=_CPL_2018,
            basis=_CPL_172,
            basis_zh=_CPL_172_ZH,
        ),
    ),
    "review_fast_track": (
        DeadlineRule(
            code="review_fast_track",
            days=10,
            custody=False,
            effective_from=_CPL_2018,
            basis=_CPL_172,
            basis_zh=_CPL_172_ZH,
        ),
    ),
    "supplementary_investigation": (
        DeadlineRule(
            code="supplementary_investigation",
            months=1,
            custody=False,
            basis="CPL art. 175; Supervision Law art. 47",
            basis_zh="《刑事诉讼法》第一百七十五条；《监察法》第四十七条",
            effective_from=_CPL_2018,
        ),
        DeadlineRule(
            code="supplementary_investigation",
            months=1,
            custody=False,
            basis="CPL art. 175; Supervision Law art. 54",
            basis_zh="《刑事诉讼法》第一百七十五条；《监察法》第五十四条",
            effective_from=_SUPERVISION_LAW_2024,
        ),
    ),
    "custody_decision": (
        DeadlineRule(
            code="custody_decision",
            days=10,
            custody=True,
            effective_from=_CPL_2018,
            basis=_CPL_170,
            basis_zh=_CPL_170_ZH,
        ),
    ),
    "custody_decision_extended": (
        # 10 days plus the longest extension of 4 days for special circumstances.
        DeadlineRule(
            code="custody_decision_extended",
            days=14,
            custody=True,
            effective_from=_CPL_2018,
            basis=_CPL_170,
            basis_zh=_CPL_170_ZH,
        ),
    ),
    "arrest_review": (
        DeadlineRule(
            code="arrest_review",
            days=7,
            custody=True,
            basis="CPL art. 91",
            basis_zh="《刑事诉讼法》第九十一条",
            effective_from=_CPL_2018,
        ),
    ),
    "recommendation_reply": (
        # The SPP Provisions set the two months and no counting rule of their own; the
        # calendar-month convention is applied by analogy, so the Provisions' date governs.
        DeadlineRule(
            code="recommendation_reply",
            months=2,
            custody=False,
            basis="SPP Provisions on Procuratorial Recommendations (2019)",
            basis_zh="《人民检察院检察建议工作规定》",
            effective_from=_SPP_RECOMMENDATIONS_2019,
        ),
    ),
    "non_prosecution_appeal": (
        DeadlineRule(
            code="non_prosecution_appeal",
            days=7,
            custody=False,
            basis="CPL art. 180",
            basis_zh="《刑事诉讼法》第一百八十条",
            effective_from=_CPL_2018,
        ),
    ),
}


def rule_codes() -> tuple[str, ...]:
    """The valid rule codes, sorted (for command-line choices and messages)."""
    return tuple(sorted(RULES))


def rule_for(code: str, on: date) -> DeadlineRule:
    """The version of rule ``code`` in force on ``on``: the latest that took effect by then."""
    versions = RULES.get(code)
    if not versions:
        raise UnknownRule(code)
    in_force = [version for version in versions if version.effective_from <= on]
    if not in_force:
        raise RuleNotInForce(code, on, min(version.effective_from for version in versions))
    # max() rather than the last element, so a misordered table cannot pick an old law.
    return max(in_force, key=lambda version: version.effective_from)


def add_months(start: date, months: int) -> date:
    """Same day ``months`` later; the last day of the target month when that day is missing
    or when ``start`` is itself the last day of its month (SPC Interpretation 2021 art. 202)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    target_last = _gregorian.monthrange(year, month)[1]
    start_is_last = start.day == _gregorian.monthrange(start.year, start.month)[1]
    if start_is_last or start.day > target_last:
        return date(year, month, target_last)
    return date(year, month, start.day)


# --------------------------------------------------------------------------- calendars


class HolidayCalendar(Protocol):
    """Which days are working days under the State Council's schedule."""

    def is_workday(self, d: date) -> bool | None:
        """True or False per the official schedule; None when no schedule is known for d's year."""
        ...


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _source_problems(source: str) -> list[str]:
    if source.strip():
        return []
    return ["source is empty: name the State Council notice the schedule comes from"]


def _date_problems(
    year: int, holidays: Iterable[date], workdays: Iterable[date], *, require_holidays: bool = True
) -> list[str]:
    """Faults in a schedule's dates, shared by ``YearSchedule`` and ``parse_schedule``."""
    holidays = frozenset(holidays)
    workdays = frozenset(workdays)
    problems: list[str] = []
    # Every official schedule gives at least New Year's Day, so an empty list is a mistake.
    if require_holidays and not holidays:
        problems.append("holidays is empty: an official schedule always has days off")
    for name, days in (("holidays", holidays), ("workdays", workdays)):
        for d in sorted(days):
            if d.year != year:
                problems.append(
                    f"{name}: {d.isoformat()} is not in {year}; a holiday block that begins in "
                    f"December belongs in that year's schedule"
                )
    for d in sorted(holidays & workdays):
        problems.append(f"{d.isoformat()} is listed both as a holiday and as a working day")
    for d in sorted(workdays):
        # Make-up working days (调休上班) are always weekend days; a weekday here is a typo
        # that would otherwise go unnoticed because weekdays are working days anyway.
        if d.weekday() < 5:
            problems.append(
                f"workdays: {d.isoformat()} is a {_WEEKDAY_NAMES[d.weekday()]}; only a Saturday "
                f"or Sunday can be a make-up working day"
            )
    return problems


@dataclass(frozen=True, slots=True)
class YearSchedule:
    """One year's official schedule, as published by the State Council.

    ``holidays`` are the days off of the holiday blocks (weekend days inside a block may be
    listed or not: a weekend is a day off either way); ``workdays`` are the make-up working
    days on a Saturday or Sunday.  Every other weekday works and every other weekend rests.
    """

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str

    def __post_init__(self) -> None:
        problems = _source_problems(self.source) + _date_problems(self.year, self.holidays, self.workdays)
        if problems:
            raise ScheduleError([f"schedule for {self.year}: {p}" for p in problems])

    def is_workday(self, d: date) -> bool:
        if d.year != self.year:
            raise ValueError(f"{d.isoformat()} is outside the {self.year} schedule")
        return d in self.workdays or (d.weekday() < 5 and d not in self.holidays)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form read by ``parse_schedule`` (for storage and export)."""
        return {
            "year": self.year,
            "source": self.source,
            "holidays": [d.isoformat() for d in sorted(self.holidays)],
            "workdays": [d.isoformat() for d in sorted(self.workdays)],
        }


class OfficialCalendar:
    """The State Council schedules: administrator-loaded years first, then ``chinese_calendar``.

    Loaded schedules win for the same year so that an administrator can correct or replace
    the package's data without a release.  A year held by neither is unknown (None), never
    guessed here: the caller decides how to degrade and must say so.
    """

    def __init__(self, extra_schedules: Mapping[int, YearSchedule] | None = None) -> None:
        schedules = dict(extra_schedules or {})
        mismatched = [
            f"schedule for {schedule.year} was given under the key {year}"
            for year, schedule in schedules.items()
            if schedule.year != year
        ]
        if mismatched:
            raise ScheduleError(mismatched)
        self._schedules: Mapping[int, YearSchedule] = MappingProxyType(schedules)

    @property
    def schedules(self) -> Mapping[int, YearSchedule]:
        return self._schedules

    def is_workday(self, d: date) -> bool | None:
        schedule = self._schedules.get(d.year)
        if schedule is not None:
            return schedule.is_workday(d)
        try:
            return bool(chinese_calendar.is_workday(d))
        except NotImplementedError:
            # The package raises for years outside its data (each release adds the next
            # year around November); that is "unknown", not an error.
            return None

    def has_schedule(self, year: int) -> bool:
        return self.is_workday(date(year, 1, 1)) is not None


def parse_schedule(text: str) -> YearSchedule:
    """Read an administrator-supplied schedule file.

    Format (JSON, one year per file)::

        {
          "year": 2027,
          "source": "国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕N号)",
          "holidays": ["2027-01-01", ...],
          "workdays": ["2027-02-20", ...]
        }

    ``holidays`` lists every day off of the holiday blocks (weekend days inside a block
    may be included), ``workdays`` the make-up working days (Saturdays or Sundays).
    All dates are ``YYYY-MM-DD`` in ``year``; no date may be in both lists.  Raises
    ``ScheduleError`` listing every fault found.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScheduleError([f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"]) from None
    if not isinstance(data, dict):
        raise ScheduleError(["the file must hold one JSON object with year, source, holidays, workdays"])

    problems: list[str] = []
    required = {"year", "source", "holidays", "workdays"}
    missing = sorted(required - data.keys())
    if missing:
        problems.append("missing field(s): " + ", ".join(missing))
    unknown = sorted(data.keys() - required)
    if unknown:
        # Reject rather than ignore: a misspelt "holiday" would otherwise load an empty list.
        problems.append("unknown field(s): " + ", ".join(unknown))

    year = data.get("year")
    # bool is an int subclass; "year": true is a mistake, not the year 1.
    if "year" in data and (not isinstance(year, int) or isinstance(year, bool) or not 1 <= year <= 9999):
        problems.append(f"year must be a whole number such as 2027, not {year!r}")
        year = None
    source = data.get("source")
    if "source" in data and not isinstance(source, str):
        problems.append(f"source must be text, not {source!r}")
        source = None

    holidays, holidays_complete = _parse_date_list(data, "holidays", problems)
    workdays, workdays_complete = _parse_date_list(data, "workdays", problems)

    # Content checks run on whatever parsed, so that one bad entry does not hide the
    # other faults of the file.
    if isinstance(source, str):
        problems.extend(_source_problems(source))
    if isinstance(year, int):
        problems.extend(_date_problems(year, holidays, workdays, require_holidays=holidays_complete))

    if problems or not (
        isinstance(year, int) and isinstance(source, str) and holidays_complete and workdays_complete
    ):
        prefix = f"schedule for {year}: " if isinstance(year, int) else ""
        raise ScheduleError([prefix + p for p in problems])
    return YearSchedule(year, frozenset(holidays), frozenset(workdays), source)


def _parse_date_list(data: Mapping[str, Any], name: str, problems: list[str]) -> tuple[list[date], bool]:
    """The well-formed dates of one list field, and whether the field was present and all
    of it well formed; ``problems`` is extended with every malformed entry."""
    if name not in data:
        return [], False
    raw = data[name]
    if not isinstance(raw, list):
        problems.append(f"{name} must be a list of dates, not {type(raw).__name__}")
        return [], False
    dates: list[date] = []
    complete = True
    seen: set[date] = set()
    for index, item in enumerate(raw):
        where = f"{name}[{index}]"
        # Only the plain form: fromisoformat alone would also accept week dates and such.
        if not isinstance(item, str) or not _ISO_DATE.fullmatch(item):
            problems.append(f"{where}: {item!r} is not a date written YYYY-MM-DD")
            complete = False
            continue
        try:
            d = date.fromisoformat(item)
        except ValueError:
            problems.append(f"{where}: {item!r} is not a real calendar date")
            complete = False
            continue
        if d in seen:
            # Harmless to the arithmetic but a sign of a mistyped neighbour date.
            problems.append(f"{where}: {item} is listed twice")
            complete = False
            continue
        seen.add(d)
        dates.append(d)
    return dates, complete


# --------------------------------------------------------------------------- calculation


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed deadline.  ``provisional_years`` are the years whose schedule was unknown."""

    rule: str
    start: date
    due: date
    unrolled_due: date
    in_custody: bool
    provisional: bool
    basis: str
    basis_zh: str
    provisional_years: tuple[int, ...] = ()

    def to_json(self) -> dict[str, str | bool]:
        """The JSON document of ``procuracy deadline --format json``."""
        return {
            "rule": self.rule,
            "from": self.start.isoformat(),
            "due": self.due.isoformat(),
            "unrolled_due": self.unrolled_due.isoformat(),
            "in_custody": self.in_custody,
            "provisional": self.provisional,
            "basis": self.basis,
        }


def compute_deadline(
    code: str,
    start: date,
    *,
    in_custody: bool = False,
    calendar: HolidayCalendar | None = None,
) -> Deadline:
    """The deadline of rule ``code`` for a period starting on ``start``.

    ``in_custody`` is the ``--in-custody`` flag: the suspect is held, so CPL art. 105 forbids
    extending the period for holidays whatever the rule.  ``calendar`` defaults to the
    official schedules known to ``chinese_calendar``.
    """
    # datetime is a date subclass; accepting one would make the arithmetic return
    # datetimes and mix time zones into a question that is about calendar days.
    if isinstance(start, datetime) or not isinstance(start, date):
        raise TypeError(f"start must be a date, not {type(start).__name__}")
    rule = rule_for(code, start)
    unrolled = rule.unrolled_end(start)

    if rule.custody or in_custody:
        due = unrolled
        unknown_years: tuple[int, ...] = ()
    else:
        due, unknown_years = _roll_forward(unrolled, OfficialCalendar() if calendar is None else calendar)

    return Deadline(
        rule=code,
        start=start,
        due=due,
        unrolled_due=unrolled,
        in_custody=in_custody,
        provisional=bool(unknown_years),
        basis=rule.basis,
        basis_zh=rule.basis_zh,
        provisional_years=unknown_years,
    )


def _roll_forward(last_day: date, calendar: HolidayCalendar) -> tuple[date, tuple[int, ...]]:
    """First working day on or after ``last_day``, and the unknown years it had to look at.

    For an unknown year only weekends are taken as days off; the caller marks the result
    provisional, because the real schedule may add holidays (or make-up days) later.
    """
    unknown: set[int] = set()
    day = last_day
    for _ in range(_MAX_ROLL_DAYS):
        workday = calendar.is_workday(day)
        if workday is None:
            unknown.add(day.year)
            workday = day.weekday() < 5
        if workday:
            return day, tuple(sorted(unknown))
        day += timedelta(days=1)
    raise DeadlineError(
        f"the holiday calendar has no working day in the {_MAX_ROLL_DAYS} days from "
        f"{last_day.isoformat()}; check the loaded holiday schedules"
    )
