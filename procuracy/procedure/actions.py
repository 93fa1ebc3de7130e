"""Writes of the procedure app: each checked against the law and recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from procuracy.core.audit import record_change
from procuracy.core.models import ChangeAction
from procuracy.procedure.deadlines import YearSchedule
from procuracy.procedure.models import HolidaySchedule

if TYPE_CHECKING:
    from procuracy.accounts.models import User


def do_load_holiday_schedule(schedule: YearSchedule, *, actor: User) -> HolidaySchedule:
    """Store (or replace) the official schedule of one year."""
    with transaction.atomic():
        current = HolidaySchedule.objects.select_for_update().filter(year=schedule.year).first()
        before = None if current is None else {"holidays": current.holidays, "workdays": current.workdays,
                                               "source": current.source}
        row = current or HolidaySchedule(year=schedule.year)
        row.holidays = sorted(d.isoformat() for d in schedule.holidays)
        row.workdays = sorted(d.isoformat() for d in schedule.workdays)
        row.source = schedule.source
        row.loaded_by = actor
        row.loaded = timezone.now()
        row.save()
        record_change(actor=actor, action=ChangeAction.UPDATE if current else ChangeAction.CREATE, obj=row,
                      before=before, after={"holidays": row.holidays, "workdays": row.workdays, "source": row.source})
        return row
