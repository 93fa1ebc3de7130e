"""The holiday calendar in force: the shipped official schedules plus those an administrator loaded."""

from __future__ import annotations

import datetime as dt

from procuracy.procedure.deadlines import OfficialCalendar, YearSchedule


def official_calendar() -> OfficialCalendar:
    from procuracy.procedure.models import HolidaySchedule

    loaded = {
        s.year: YearSchedule(
            year=s.year, source=s.source,
            holidays=frozenset(dt.date.fromisoformat(d) for d in s.holidays),
            workdays=frozenset(dt.date.fromisoformat(d) for d in s.workdays),
        )
        for s in HolidaySchedule.objects.all()
    }
    return OfficialCalendar(extra_schedules=loaded)
