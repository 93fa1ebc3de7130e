"""The import page: upload case packages, see every problem or a preview, then confirm.

The checking and the storing are those of the command line (``do_import``): the upload is
staged, imported as a dry run as the user, and imported for real, all or nothing, only when
the same user confirms the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.decorators.http import require_http_methods, require_POST

from procuracy.cases.choices import PersonStatus, Rank, Source
from procuracy.cases.models import Case
from procuracy.core.audit import record_access
from procuracy.core.models import AccessAction
from procuracy.interchange.actions import ImportResult, do_import
from procuracy.interchange.forms import ImportUploadForm
from procuracy.interchange.problems import Problem
from procuracy.interchange.reading import read_records
from procuracy.interchange.staging import StagedUpload, load_staged, stage_upload, sweep_expired
from procuracy.organizations.models import Procuratorate
from procuracy.procedure.choices import EventType
from procuracy.web.permissions import handler_required

PROBLEMS_SHOWN = 1000  # a page of more rows helps nobody; the CSV holds them all
PREVIEW_CASES = 20
MESSAGE_LENGTH = 2000  # a message quoting a huge value is cut, on the page and in the CSV
# Spreadsheets run a cell that begins with one of these as a formula; the values come from the upload.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CENT = Decimal("0.01")


def _label(choices: Any, value: Any) -> str:
    return str(choices(value).label) if value in choices.values else str(value or "")


def _event_text(problem: Problem) -> str:
    if not problem.event:
        return ""
    if not problem.event_type:
        return str(problem.event)
    return f"{problem.event} ({_label(EventType, problem.event_type)})"


def _message_text(problem: Problem) -> str:
    message = problem.message
    return message if len(message) <= MESSAGE_LENGTH else message[:MESSAGE_LENGTH] + "…"


def _problem_row(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file, "line": problem.line, "case_id": problem.case_id or "",
        "person_id": problem.person_id or "", "event": _event_text(problem), "field": problem.field or "",
        "message": _message_text(problem), "rule": problem.citation() or "",
    }


def _csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _problem_csv(problems: Iterable[Problem]) -> Iterator[bytes]:
    """Every problem as CSV in UTF-8 with a byte-order mark, which spreadsheet programs need to read Chinese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("File"), _("Line"), _("Case"), _("Person"), _("Event"), pgettext("data field", "Field"), _("Problem"),
                      _("Rule")])
    yield "\ufeff".encode() + buffer.getvalue().encode()
    for problem in problems:
        buffer.seek(0)
        buffer.truncate()
        row = _problem_row(problem)
        writer.writerow([_csv_cell(row[key]) for key in
                         ("file", "line", "case_id", "person_id", "event", "field", "message", "rule")])
        yield buffer.getvalue().encode()


@dataclass
class Preview:
    """What a valid upload would store, for the user to look at before confirming."""

    victims: int = 0
    recommendations: int = 0
    cases: list[dict[str, Any]] = field(default_factory=list)


def _amount(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        # Yuan with two decimals, however the sender wrote them ("18000000", 18000000.5, "18000000.50").
        return Decimal(str(value)).quantize(CENT)
    except InvalidOperation:
        return None


def _preview_person(person: dict[str, Any]) -> dict[str, Any]:
    return {
        "person_id": person.get("person_id"), "name": person.get("name"),
        "rank": _label(Rank, person.get("rank")),
        "status": _label(PersonStatus, person.get("status") or PersonStatus.PRESENT),
        "absent": (person.get("status") or PersonStatus.PRESENT) != PersonStatus.PRESENT,
        "charges": [{"charge": c.get("charge"), "amount": _amount(c.get("amount_yuan"))}
                    for c in person.get("charges") or [] if isinstance(c, dict)],
        "events": len(person.get("events") or []),
    }


def _preview(staged: StagedUpload, path: Path) -> Preview:
    """Counts over the whole (already validated) file, and the first cases in detail."""
    preview = Preview()
    with path.open("rb") as stream:
        for record in read_records(stream, staged.name):
            package = record.data
            if not isinstance(package, dict):
                continue
            preview.victims += len(package.get("victims") or [])
            preview.recommendations += len(package.get("recommendations") or [])
            if len(preview.cases) < PREVIEW_CASES:
                preview.cases.append({
                    "line": record.line, "case_id": package.get("case_id"), "title": package.get("title") or "",
                    "procuratorate": package.get("procuratorate"), "received_on": package.get("received_on"),
                    "source": _label(Source, package.get("source")),
                    "persons": [_preview_person(p) for p in package.get("persons") or [] if isinstance(p, dict)],
                })
    names = dict(Procuratorate.objects.filter(code__in={c["procuratorate"] for c in preview.cases})
                 .values_list("code", "name"))
    stored = set(Case.objects.filter(case_id__in=[c["case_id"] for c in preview.cases])
                 .values_list("case_id", flat=True))
    for case in preview.cases:
        case["procuratorate_name"] = names.get(case["procuratorate"], "")
        case["replaces"] = case["case_id"] in stored
    return preview


def _run(request: HttpRequest, staged: StagedUpload, path: Path, *, dry_run: bool) -> ImportResult | None:
    """The import of the staged file as this user; None if the file cannot be read as packages at all."""
    try:
        return do_import([path], actor=request.user, update=staged.update, dry_run=dry_run, names=[staged.name])
    except RecursionError:
        # JSON nested thousands of levels deep exhausts the parser before any check can place it.
        return None


UNREADABLE = gettext_lazy("The file cannot be read as case packages: a record is nested too deeply.")


def _page(request: HttpRequest, form: ImportUploadForm, **context: Any) -> HttpResponse:
    return render(request, "interchange/upload.html", {"form": form, **context})


def _show_problems(request: HttpRequest, staged: StagedUpload, result: ImportResult) -> HttpResponse:
    """Every problem goes to a CSV kept with the upload's description; the page shows the first ones."""
    staged.write_problems(_problem_csv(result.problems))
    staged.discard_upload()
    total = len(result.problems)
    return _page(request, ImportUploadForm(initial={"update": staged.update}), staged=staged, problems_total=total,
                 problems=[_problem_row(p) for p in result.problems[:PROBLEMS_SHOWN]],
                 problems_cut=total > PROBLEMS_SHOWN, problems_shown=PROBLEMS_SHOWN)


@handler_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, ImportUploadForm())
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form)
    sweep_expired()
    uploaded = form.cleaned_data["file"]
    try:
        staged = stage_upload(uploaded.chunks(), name=uploaded.name or "", owner_id=request.user.pk,
                              update=form.cleaned_data["update"])
    except OSError:
        form.add_error("file", _("The file could not be kept for checking (the server's disk may be full). "
                                 "Try again later."))
        return _page(request, form)
    result = _run(request, staged, staged.path, dry_run=True)
    if result is None:
        staged.delete()
        form.add_error("file", UNREADABLE)
        return _page(request, form)
    if not result.ok:
        return _show_problems(request, staged, result)
    return render(request, "interchange/preview.html", {
        "staged": staged, "result": result, "preview": _preview(staged, staged.path), "preview_limit": PREVIEW_CASES,
    })


def _owned(request: HttpRequest, token: str) -> StagedUpload:
    """The user's own staged upload; anyone else's token, or an unknown one, does not exist."""
    staged = load_staged(token, owner_id=request.user.pk)
    if staged is None:
        raise Http404
    return staged


def _expired(request: HttpRequest, staged: StagedUpload) -> HttpResponse:
    staged.delete()
    messages.error(request, _("The upload has expired; nothing was imported. Upload the file again."))
    return redirect("interchange:upload")


@handler_required
@require_POST
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    staged = _owned(request, token)
    if staged.expired():
        return _expired(request, staged)
    if not staged.claim():
        # Already imported by an earlier click, being imported now, or refused by the check.
        messages.error(request, _("This upload is no longer waiting for confirmation; nothing was imported."))
        return redirect("interchange:upload")
    if not staged.unchanged(staged.claimed_path):
        staged.delete()
        messages.error(request, _("The staged file has changed since it was checked; nothing was imported. "
                                  "Upload the file again."))
        return redirect("interchange:upload")
    result = _run(request, staged, staged.claimed_path, dry_run=False)
    if result is None:
        staged.delete()
        messages.error(request, UNREADABLE)
        return redirect("interchange:upload")
    if not result.ok or result.record is None:
        # The database changed since the check (a case stored meanwhile, say): nothing was stored.
        return _show_problems(request, staged, result)
    record = result.record
    record_access(actor=request.user, action=AccessAction.IMPORT, target=f"import {record.pk}", detail={
        "file": staged.name, "sha256": staged.sha256, "update": staged.update,
        "cases_created": result.cases_created, "cases_updated": result.cases_updated, "persons": result.persons,
    })
    staged.delete()
    messages.success(request, ngettext(
        "Import %(id)s (%(name)s) is stored: %(cases)d case (%(created)d new, %(updated)d replaced) with "
        "%(persons)d persons.",
        "Import %(id)s (%(name)s) is stored: %(cases)d cases (%(created)d new, %(updated)d replaced) with "
        "%(persons)d persons.", result.cases) % {
        "id": record.pk, "name": staged.name, "cases": result.cases, "created": result.cases_created,
        "updated": result.cases_updated, "persons": result.persons})
    return redirect("web:case-list")


@handler_required
@require_POST
def discard(request: HttpRequest, token: str) -> HttpResponse:
    staged = _owned(request, token)
    staged.delete()
    messages.info(request, _("The upload was discarded; nothing was imported."))
    return redirect("interchange:upload")


@handler_required
@require_http_methods(["GET"])
def problems_csv(request: HttpRequest, token: str) -> HttpResponse:
    staged = _owned(request, token)
    if staged.expired():
        staged.delete()
        raise Http404
    try:
        stream = staged.problems_path.open("rb")
    except OSError:
        raise Http404 from None
    filename = f"{Path(staged.name).stem or 'upload'}-problems.csv"
    return FileResponse(stream, as_attachment=True, filename=filename, content_type="text/csv; charset=utf-8")
