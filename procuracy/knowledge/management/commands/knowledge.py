from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from procuracy.core.commands import ProcuracyCommand
from procuracy.knowledge.actions import CorpusImportResult, do_import_corpus, do_rebuild_index
from procuracy.knowledge.search import SearchError, build_filters, search
from procuracy.knowledge.shipped import SHIPPED_FILES


class Command(ProcuracyCommand):
    help = "The case database: import judgments and guiding cases, search them, rebuild the index."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        def sub(name: str, help_text: str) -> argparse.ArgumentParser:
            subparser = actions.add_parser(name, help=help_text, description=help_text)
            # --as also after the action; SUPPRESS keeps a value given before it.
            subparser.add_argument("--as", dest="acting_user", metavar="USER", default=argparse.SUPPRESS)
            return subparser

        importing = sub("import", "load judgments and guiding cases (JSON Lines, .gz allowed); all or nothing")
        importing.add_argument("paths", nargs="*", metavar="PATH")
        importing.add_argument("--shipped", action="store_true", help="load the corpus shipped with procuracy")
        importing.add_argument("--format", choices=["text", "json"], default="text")

        searching = sub("search", "full-text search over judgments and guiding cases")
        searching.add_argument("query", metavar="QUERY")
        searching.add_argument("--charge", default=None, help="only documents with this charge (受贿, 贩卖毒品 …)")
        searching.add_argument("--kind", default=None, choices=["duty", "organized", "other"])
        searching.add_argument("--type", dest="doc_type", default=None, choices=["judgment", "guiding_case"])
        searching.add_argument("--min-months", type=int, default=None, help="sentence of at least N months")
        searching.add_argument("--max-months", type=int, default=None, help="sentence of at most N months")
        searching.add_argument("--top", type=int, default=10)
        searching.add_argument("--format", choices=["text", "json"], default="text")

        sub("rebuild-index", "rebuild the search index from the stored documents")

        cache = sub("build-cache", "rebuild the index cache shipped with procuracy (maintainers; no database)")
        cache.add_argument("--output", default=None, metavar="PATH")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self.handle_import(options)
        elif action == "search":
            self.handle_search(options)
        elif action == "rebuild-index":
            actor = self.actor(options)
            with self.progress_bar(unit=_("documents"), desc=_("indexing")) as bar:
                size = do_rebuild_index(actor=actor, progress=bar.update)
            self.stdout.write(_("Index rebuilt: %(n)d documents.") % {"n": size})
        elif action == "build-cache":
            self.handle_build_cache(options)

    # -- import ----------------------------------------------------------------------------------

    def handle_import(self, options: dict[str, Any]) -> None:
        paths = [Path(p) for p in options["paths"]]
        if options["shipped"]:
            paths = [*SHIPPED_FILES, *paths]
        if not paths:
            raise CommandError(_("give the files to import, or --shipped for the corpus shipped with procuracy"),
                               returncode=1)
        actor = self.actor(options)
        started = time.perf_counter()
        with self.progress_bar(unit=_("documents"), desc=_("indexing")) as bar:
            result = do_import_corpus(paths, actor=actor, progress=bar.update)
        if options["format"] == "json":
            self.emit_json(result.to_json() | {"seconds": round(time.perf_counter() - started, 2)})
            if not result.ok:
                raise SystemExit(1)
            return
        if not result.ok:
            self.fail([str(p) for p in result.problems], ngettext(
                "%(n)d error: nothing was imported.", "%(n)d errors: nothing was imported.",
                len(result.problems)) % {"n": len(result.problems)})
        self.stdout.write(self._summary(result, time.perf_counter() - started))

    @staticmethod
    def _summary(result: CorpusImportResult, seconds: float) -> str:
        def part(counts: Any) -> dict[str, int]:
            return {"total": counts.total, "new": counts.created, "updated": counts.updated,
                    "unchanged": counts.unchanged}

        judgments = _("%(total)d judgments (%(new)d new, %(updated)d updated, %(unchanged)d unchanged)") % part(
            result.judgments)
        cases = _("%(total)d guiding cases (%(new)d new, %(updated)d updated, %(unchanged)d unchanged)") % part(
            result.guiding_cases)
        return _("Imported %(judgments)s and %(cases)s; the index holds %(indexed)d documents "
                 "(%(tokenized)d tokenized) — %(seconds).1f s.") % {
            "judgments": judgments, "cases": cases, "indexed": result.indexed, "tokenized": result.tokenized,
            "seconds": seconds}

    # -- search ------------------------------------------------------------------------------------

    def handle_search(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        if options["top"] < 1:
            raise CommandError(_("--top must be at least 1"), returncode=1)
        try:
            filters = build_filters(
                charge=options["charge"], kind=options["kind"], doc_type=options["doc_type"],
                min_months=options["min_months"], max_months=options["max_months"],
            )
        except SearchError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        response = search(options["query"], actor=actor, filters=filters, top=options["top"])
        if options["format"] == "json":
            self.emit_json(response.to_json())
            return
        self.stdout.write(ngettext("%(n)d document matches.", "%(n)d documents match.", response.total)
                          % {"n": response.total})
        for rank, hit in enumerate(response.hits, start=1):
            sentence = ""
            if hit.life_imprisonment:
                sentence = _(", life imprisonment")
            elif hit.term_months is not None:
                sentence = _(", %(months)d months") % {"months": hit.term_months}
            self.stdout.write(f"{rank:>3}. {hit.id}  {hit.title}{sentence}  ({hit.score:.2f})")
            self.stdout.write(f"     {hit.marked()}")

    # -- the shipped cache ---------------------------------------------------------------------------

    def handle_build_cache(self, options: dict[str, Any]) -> None:
        from procuracy.knowledge.build import SHIPPED_INDEX
        from procuracy.knowledge.shipped import load_corpus

        output = Path(options["output"]) if options["output"] else SHIPPED_INDEX
        with self.progress_bar(unit=_("documents"), desc=_("indexing")) as bar:
            corpus = load_corpus(cache=None, progress=bar.update)
        data = corpus.index.to_bytes()
        output.write_bytes(data)
        self.stdout.write(_("Wrote %(path)s: %(n)d documents, %(size).1f MB.") % {
            "path": output, "n": corpus.index.size, "size": len(data) / 2**20})
