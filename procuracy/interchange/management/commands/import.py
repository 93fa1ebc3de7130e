from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from procuracy.core.commands import ProcuracyCommand
from procuracy.interchange.actions import do_import


class Command(ProcuracyCommand):
    help = "Import case packages (.json or .jsonl): all or nothing, every error listed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--update", action="store_true", help="replace cases whose case_id is already stored")
        parser.add_argument("--dry-run", action="store_true", help="check everything, store nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        paths = [Path(p) for p in options["paths"]]
        with self.progress_bar(unit=_("cases"), desc=_("importing")) as bar:
            result = do_import(paths, actor=actor, update=options["update"], dry_run=options["dry_run"],
                               progress=bar.update, names=[str(p) for p in paths])
        if options["format"] == "json":
            self.emit_json({
                "ok": result.ok, "dry_run": result.dry_run, "cases_created": result.cases_created,
                "cases_updated": result.cases_updated, "persons": result.persons, "events": result.events,
                "errors": [p.to_json() | {"text": str(p)} for p in result.problems],
            })
            if not result.ok:
                raise SystemExit(1)
            return
        if not result.ok:
            self.fail([str(p) for p in result.problems], ngettext(
                "%(n)d error: nothing was imported.", "%(n)d errors: nothing was imported.",
                len(result.problems)) % {"n": len(result.problems)})
        counts = {"cases": result.cases, "persons": result.persons, "created": result.cases_created,
                  "updated": result.cases_updated}
        if result.dry_run:
            self.stdout.write(_("Checked %(cases)d cases and %(persons)d persons: all valid; nothing was stored "
                                "(dry run).") % counts)
        else:
            self.stdout.write(_("Imported %(cases)d cases (%(created)d new, %(updated)d updated) and %(persons)d "
                                "persons.") % counts)
