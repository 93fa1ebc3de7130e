from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from procuracy.core.commands import ProcuracyCommand
from procuracy.procedure.calendar import official_calendar
from procuracy.procedure.deadlines import DeadlineError, compute_deadline, rule_codes


class Command(ProcuracyCommand):
    help = "Statutory deadline calculator (CPL art. 105; SPC interpretation art. 202)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rule", metavar="RULE", help=", ".join(rule_codes()))
        parser.add_argument("--from", dest="start", required=True, metavar="DATE")
        parser.add_argument("--in-custody", action="store_true", help="the suspect is in custody: never rolls")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start = dt.date.fromisoformat(options["start"])
        except ValueError as exc:
            raise CommandError(_("“%(value)s” is not a date of the form YYYY-MM-DD") % {
                "value": options["start"]}, returncode=1) from exc
        try:
            deadline = compute_deadline(options["rule"], start, in_custody=options["in_custody"],
                                        calendar=official_calendar())
        except DeadlineError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        if deadline.provisional:
            years = ", ".join(str(y) for y in deadline.provisional_years)
            self.stderr.write(_("Provisional: no official holiday schedule is loaded for %(years)s; weekends only "
                                "were counted. Load the State Council's schedule with "
                                "“procuracy holidays load FILE”.") % {"years": years})
        if options["format"] == "json":
            self.stdout.write(__import__("json").dumps(deadline.to_json(), ensure_ascii=False))
            return
        basis = deadline.basis_zh if self._chinese() else deadline.basis
        self.stdout.write(_("%(rule)s from %(start)s: due %(due)s (without holiday roll-forward: %(unrolled)s) — "
                            "%(basis)s") % {"rule": deadline.rule, "start": start, "due": deadline.due,
                                            "unrolled": deadline.unrolled_due, "basis": basis})

    def _chinese(self) -> bool:
        from django.utils.translation import get_language

        return (get_language() or "").startswith("zh")
