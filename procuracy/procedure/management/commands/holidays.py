from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from procuracy.core.commands import ProcuracyCommand
from procuracy.procedure.actions import do_load_holiday_schedule
from procuracy.procedure.deadlines import ScheduleError, parse_schedule
from procuracy.procedure.models import HolidaySchedule


class Command(ProcuracyCommand):
    help = "Load a year's official holiday schedule (JSON), or list the years loaded."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load a schedule file")
        load.add_argument("path", metavar="FILE")
        sub.add_parser("list", help="list the schedules an administrator loaded")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for schedule in HolidaySchedule.objects.all():
                self.stdout.write(f"{schedule.year}  {len(schedule.holidays)} / {len(schedule.workdays)}  "
                                  f"{schedule.source}")
            return
        actor = self.actor(options)
        if actor.role != "administrator":
            raise CommandError(_("only an administrator may load holiday schedules"), returncode=1)
        try:
            schedule = parse_schedule(Path(options["path"]).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(_("the file cannot be read (%(error)s)") % {"error": exc.strerror}, returncode=1) from exc
        except ScheduleError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        do_load_holiday_schedule(schedule, actor=actor)
        self.stdout.write(_("Loaded the holiday schedule of %(year)d.") % {"year": schedule.year})
