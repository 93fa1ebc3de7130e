from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from procuracy.cases.models import Case
from procuracy.core.audit import record_access
from procuracy.core.commands import ProcuracyCommand
from procuracy.core.models import AccessAction
from procuracy.interchange.export import iter_packages
from procuracy.organizations.codes import SPP_CODE, code_in_scope
from procuracy.organizations.models import Procuratorate
from procuracy.organizations.querysets import filter_scope


class Command(ProcuracyCommand):
    help = "Write cases as case packages (.jsonl), optionally only those of one procuratorate and below."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--scope", default=None, metavar="CODE")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        scope = options["scope"] or actor.procuratorate_id or SPP_CODE
        if not Procuratorate.objects.filter(code=scope).exists():
            raise CommandError(_("“%(code)s” is not the code of a known procuratorate") % {"code": scope},
                               returncode=1)
        if not code_in_scope(scope, actor.procuratorate_id):
            raise CommandError(_("procuratorate %(code)s is outside your jurisdiction (%(scope)s)") % {
                "code": scope, "scope": actor.procuratorate_id}, returncode=1)
        cases = filter_scope(Case.objects.all(), scope)
        total = cases.count()
        path = Path(options["path"])
        written = 0
        with path.open("w", encoding="utf-8") as out, self.progress_bar(total, _("cases"), _("exporting")) as bar:
            for package in iter_packages(cases):
                out.write(json.dumps(package, ensure_ascii=False))
                out.write("\n")
                written += 1
                bar.update(1)
        record_access(actor=actor, action=AccessAction.EXPORT, target=str(path),
                      detail={"scope": scope, "cases": written})
        self.stdout.write(_("Exported %(n)d cases to %(path)s.") % {"n": written, "path": path})
