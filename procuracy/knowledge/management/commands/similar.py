from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from procuracy.core.commands import ProcuracyCommand
from procuracy.knowledge.output import similar_reasons, similar_results
from procuracy.knowledge.queries import (
    KnowledgeError,
    similar_cases,
    similar_for_judgment,
    similar_for_person,
)
from procuracy.knowledge.similar import SimilarCase


class Command(ProcuracyCommand):
    help = (
        "The most similar real judgments for a text, a file, a batch of texts, a judgment or a registry "
        "person: same charge first, then amount bracket, circumstances and wording."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--text", default=None, help="the facts of a case, or a few words")
        source.add_argument("--file", default=None, metavar="PATH", help="a UTF-8 text file with the facts")
        source.add_argument("--batch", default=None, metavar="QUERIES.jsonl",
                            help='JSON Lines of {"id": …, "text": …}; prints one result line per query')
        source.add_argument("--judgment", default=None, metavar="ID", help="a judgment of the case database")
        source.add_argument("--person", default=None, metavar="CASE_ID/PERSON_ID",
                            help="a person of the case registry (their charges and amounts)")
        parser.add_argument("--top", type=int, default=10)
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--why", action="store_true",
                            help="JSON: add the reasons of each result under a separate top-level key")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        top = options["top"]
        if top < 1:
            raise CommandError(_("--top must be at least 1"), returncode=1)
        try:
            if options["batch"]:
                self._batch(Path(options["batch"]), actor, top)
                return
            if options["judgment"]:
                results = similar_for_judgment(options["judgment"], actor=actor, top=top)
            elif options["person"]:
                case_id, _sep, person_id = options["person"].rpartition("/")
                if not case_id or not person_id:
                    raise CommandError(_("--person takes CASE_ID/PERSON_ID"), returncode=1)
                results = similar_for_person(case_id, person_id, actor=actor, top=top)
            else:
                text = options["text"] if options["text"] is not None else self._read(Path(options["file"]))
                if not text.strip():
                    raise CommandError(_("the text is empty"), returncode=1)
                results = similar_cases(text, actor=actor, top=top)
        except KnowledgeError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        if options["format"] == "json":
            document: dict[str, Any] = {"results": similar_results(results)}
            if options["why"]:
                document["why"] = similar_reasons(results)
            self.emit_json(document)
            return
        self._print(results)

    @staticmethod
    def _read(path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(_("cannot read %(path)s: %(error)s") % {"path": path, "error": exc},
                               returncode=1) from exc

    def _batch(self, path: Path, actor: Any, top: int) -> None:
        queries: list[tuple[Any, str]] = []
        problems: list[str] = []
        for number, line in enumerate(self._read(path).splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(_("%(path)s:%(line)d: not valid JSON (%(error)s)") % {
                    "path": path, "line": number, "error": exc.msg})
                continue
            if not isinstance(item, dict) or "id" not in item or not isinstance(item.get("text"), str):
                problems.append(_('%(path)s:%(line)d: each line needs {"id": …, "text": "…"}') % {
                    "path": path, "line": number})
                continue
            queries.append((item["id"], item["text"]))
        if problems:
            self.fail(problems, _("%(n)d lines are not queries: nothing was searched.") % {"n": len(problems)})
        # One transaction for the access-log rows of the whole batch.
        with transaction.atomic():
            for query_id, text in queries:
                results = similar_cases(text, actor=actor, top=top, log_as=f"batch {path.name} {query_id}")
                self.stdout.write(json.dumps({"id": query_id, "results": similar_results(results)},
                                             ensure_ascii=False))

    def _print(self, results: list[SimilarCase]) -> None:
        if not results:
            self.stdout.write(_("No similar judgment found."))
        for rank, case in enumerate(results, start=1):
            if case.life:
                sentence = _("life imprisonment")
            elif case.term_months is not None:
                sentence = _("%(months)d months") % {"months": case.term_months}
            else:
                sentence = _("sentence unknown")
            self.stdout.write(f"{rank:>3}. {case.key}  {'、'.join(case.charges) or '-'}  {sentence}  ({case.score:.3f})")
            reasons: list[str] = []
            if case.shared_charges:
                reasons.append(_("same charge: %(charges)s") % {"charges": "、".join(case.shared_charges)})
            if case.same_bracket:
                reasons.append(_("same amount bracket (tier %(tier)s)") % {"tier": case.tier})
            if case.shared_circumstances:
                from procuracy.knowledge.circumstances import label

                reasons.append(_("shared circumstances: %(names)s") % {
                    "names": "、".join(label(c) for c in case.shared_circumstances)})
            if case.matching_terms:
                reasons.append(_("matching words: %(words)s") % {"words": " ".join(case.matching_terms[:6])})
            self.stdout.write("     " + "; ".join(reasons))
