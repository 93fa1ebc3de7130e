from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from procuracy.core.audit import record_access
from procuracy.core.commands import ProcuracyCommand
from procuracy.core.models import AccessAction
from procuracy.organizations.codes import code_in_scope
from procuracy.statistics.definitions import REPORTS
from procuracy.statistics.render import BINARY_FORMATS, render, render_bytes
from procuracy.statistics.reports import ReportError, build_report


class Command(ProcuracyCommand):
    help = "The statistical reports of indicators.md, for a period and a procuratorate's scope."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=REPORTS, metavar="NAME", help=" | ".join(REPORTS))
        parser.add_argument("--from", dest="start", required=True, metavar="DATE")
        parser.add_argument("--to", dest="end", required=True, metavar="DATE")
        parser.add_argument("--scope", default=None, metavar="CODE")
        parser.add_argument("--format", default="json", choices=["json", "table", "csv", "xlsx", "pdf"])
        parser.add_argument("--output", default=None, metavar="PATH")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        start, end = self._date(options["start"]), self._date(options["end"])
        scope = options["scope"] or actor.procuratorate_id
        if not code_in_scope(scope, actor.procuratorate_id):
            raise CommandError(_("procuratorate %(code)s is outside your jurisdiction (%(scope)s)") % {
                "code": scope, "scope": actor.procuratorate_id}, returncode=1)
        fmt = options["format"]
        try:
            result = build_report(options["name"], start, end, scope, breakdowns=fmt != "json")
        except ReportError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        record_access(actor=actor, action=AccessAction.REPORT, target=options["name"],
                      detail={"from": start, "to": end, "scope": scope, "format": fmt})
        lang = "zh-hans" if (get_language() or "").startswith("zh") else "en"
        if fmt == "json":
            data = result.to_json()
            data.pop("breakdowns", None)
            text = __import__("json").dumps(data, ensure_ascii=False, indent=2)
            self._write(text.encode("utf-8"), options["output"], text)
            return
        if fmt in BINARY_FORMATS and not options["output"] and sys.stdout.isatty():
            raise CommandError(_("%(format)s is a file format: give --output PATH") % {"format": fmt.upper()},
                               returncode=1)
        if options["output"]:
            self._write(render_bytes(result, fmt, lang), options["output"], None)
            return
        out = render(result, fmt, lang)
        if isinstance(out, bytes):
            sys.stdout.buffer.write(out)
        else:
            self.stdout.write(out)

    def _write(self, data: bytes, path: str | None, text: str | None) -> None:
        if path is None:
            self.stdout.write(text if text is not None else data.decode("utf-8"))
            return
        Path(path).write_bytes(data)
        self.stderr.write(_("Written to %(path)s.") % {"path": path})

    def _date(self, value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(_("“%(value)s” is not a date of the form YYYY-MM-DD") % {"value": value},
                               returncode=1) from exc
