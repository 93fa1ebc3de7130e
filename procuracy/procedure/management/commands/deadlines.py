from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from procuracy.core.audit import record_access
from procuracy.core.commands import ProcuracyCommand
from procuracy.core.models import AccessAction
from procuracy.organizations.codes import code_in_scope
from procuracy.procedure.live import LiveDeadline, deadline_board


class Command(ProcuracyCommand):
    help = "The morning list: deadlines overdue and due within N days in a procuratorate and below."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--due-within", type=int, default=7, metavar="N")
        parser.add_argument("--scope", default=None, metavar="CODE")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        scope = options["scope"] or actor.procuratorate_id
        if not code_in_scope(scope, actor.procuratorate_id):
            raise CommandError(_("procuratorate %(code)s is outside your jurisdiction (%(scope)s)") % {
                "code": scope, "scope": actor.procuratorate_id}, returncode=1)
        if options["due_within"] < 0:
            raise CommandError(_("--due-within is a number of days, 0 or more"), returncode=1)
        today = timezone.localdate()
        overdue, due_soon = deadline_board(scope, today, options["due_within"])
        record_access(actor=actor, action=AccessAction.VIEW, target=f"deadlines:{scope}",
                      detail={"due_within": options["due_within"], "overdue": len(overdue), "due_soon": len(due_soon)})
        if options["format"] == "json":
            self.stdout.write(json.dumps({
                "scope": scope, "today": today.isoformat(), "due_within": options["due_within"],
                "overdue": [self._json(d, today) for d in overdue],
                "due_soon": [self._json(d, today) for d in due_soon],
            }, ensure_ascii=False, indent=2))
            return
        chinese = (get_language() or "").startswith("zh")
        for title, items in ((_("Overdue"), overdue), (_("Due within %(n)d days") % {"n": options["due_within"]},
                                                       due_soon)):
            self.stdout.write(f"{title} ({len(items)})")
            for d in items:
                basis = d.deadline.basis_zh if chinese else d.deadline.basis
                who = d.person_name or d.recipient
                mark = _(" provisional") if d.deadline.provisional else ""
                self.stdout.write(f"  {d.due}  {d.days_left(today):>5}  {d.case_id}  {who}  {d.rule}{mark}  {basis}")

    def _json(self, d: LiveDeadline, today: Any) -> dict[str, Any]:
        return {"rule": d.rule, "due": d.due.isoformat(), "from": d.deadline.start.isoformat(),
                "days_left": d.days_left(today), "case_id": d.case_id, "person": d.person_name or None,
                "recipient": d.recipient or None, "procuratorate": d.procuratorate, "basis": d.deadline.basis,
                "provisional": d.deadline.provisional, "in_custody": d.deadline.in_custody}
