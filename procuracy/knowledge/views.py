"""The case database pages: search, the full judgments and guiding cases, the sentencing calculator.

Judgments and guiding cases are public documents: every reader sees all of them, whatever their
procuratorate. A search is written to the access log by :func:`procuracy.knowledge.search.search`,
as the command's is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from procuracy.knowledge import sentencing_law, store
from procuracy.knowledge.choices import DocumentType, GuidingTopic, JudgmentKind
from procuracy.knowledge.circumstances import CIRCUMSTANCES, label
from procuracy.knowledge.forms import (
    CIRCUMSTANCE_LABELS,
    ROLE_LABELS,
    SearchForm,
    SentencingForm,
    calculator_url,
)
from procuracy.knowledge.models import GuidingCase, Judgment
from procuracy.knowledge.recommend import Recommendation
from procuracy.knowledge.search import SearchHit, search
from procuracy.web.permissions import reader_required

PER_PAGE = 20
# A ranked list is read from the top; deep pages would only make every search slower.
MAX_PAGES = 50
_CIRCUMSTANCE_NAMES = frozenset(c.name for c in CIRCUMSTANCES)


def highlighted(text: str, spans: Sequence[tuple[int, int]]) -> SafeString:
    """``text`` escaped, with its ``spans`` in <mark>: the snippet is the document's own text."""
    position = 0
    pieces: list[tuple[str, str]] = []
    for start, end in spans:
        pieces.append((text[position:start], text[start:end]))
        position = end
    return format_html_join("", "{}<mark>{}</mark>", pieces) + escape(text[position:])


class _RankedHits:
    """The first hits of a ranking, counted as the whole ranking (up to the pages shown)."""

    def __init__(self, hits: list[SearchHit], total: int) -> None:
        self.hits, self.total = hits, min(total, PER_PAGE * MAX_PAGES)

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list[SearchHit]:
        return self.hits[index]


def _page_number(raw: str | None) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGES)


@reader_required
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "charges": _index_charges()}
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        number = _page_number(request.GET.get("page"))
        # Hits are built for every page up to this one: a requested page past the last is then
        # answered with the last, as the paginator does.
        response = search(form.cleaned_data["q"], actor=request.user, filters=form.filters, top=number * PER_PAGE)
        page = Paginator(_RankedHits(response.hits, response.total), PER_PAGE).get_page(number)
        context.update({
            "response": response,
            "page": page,
            "results": [
                {"hit": hit, "snippet": highlighted(hit.snippet, hit.highlights),
                 "type": DocumentType(hit.type).label, "kind": JudgmentKind(hit.kind).label}
                for hit in page
            ],
            "capped": response.total > PER_PAGE * MAX_PAGES,
        })
    return render(request, "knowledge/search.html", context)


def _index_charges() -> list[str]:
    """The charges the corpus holds, offered as suggestions in the charge filter."""
    loaded = store.current()
    return sorted(loaded.index.charge_names) if loaded else []


def _labels(model: type[Judgment | GuidingCase]) -> dict[str, str]:
    """The fields' verbose names, which the catalogue already translates."""
    fields = model._meta.get_fields()
    return {field.name: capfirst(field.verbose_name) for field in fields if hasattr(field, "verbose_name")}


def _document_context(document: Judgment | GuidingCase) -> dict[str, Any]:
    return {
        "labels": _labels(type(document)),
        "charges": list(document.charges.all()),
        "circumstances": [label(name) for name in document.circumstances if name in _CIRCUMSTANCE_NAMES],
        "calculator": _calculator_for(document.amount_charge, document),
    }


@reader_required
def judgment_detail(request: HttpRequest, judgment_id: str) -> HttpResponse:
    judgment = get_object_or_404(Judgment, judgment_id=judgment_id)
    return render(request, "knowledge/judgment.html", {"judgment": judgment, **_document_context(judgment)})


@reader_required
def guiding_case_detail(request: HttpRequest, number: str) -> HttpResponse:
    case = get_object_or_404(GuidingCase, number=number)
    subtopics = [GuidingTopic(t).label if t in GuidingTopic.values else t for t in case.subtopics]
    return render(request, "knowledge/guiding_case.html", {
        "case": case, "subtopics": subtopics, **_document_context(case),
    })


def _calculator_for(charge: str, document: Judgment | GuidingCase) -> str:
    """The calculator filled in with a document's charge, amount and circumstances, where the rules apply."""
    if charge not in sentencing_law.CHARGES or document.amount_yuan is None:
        return ""
    valid = set(sentencing_law.circumstances_for(charge))
    return calculator_url(charge, document.amount_yuan, [c for c in document.circumstances if c in valid])


@reader_required
def sentencing_page(request: HttpRequest) -> HttpResponse:
    form = SentencingForm(request.GET or None)
    result = form.result if form.is_bound and form.is_valid() else None
    context: dict[str, Any] = {"form": form, "result": result}
    if result is not None:
        context.update(_sentencing_context(form, result))
    return render(request, "knowledge/sentencing.html", context)


def _sentencing_context(form: SentencingForm, result: Recommendation) -> dict[str, Any]:
    assessment = result.assessment
    ids = [key for key, _months in result.similar]
    rows = {
        row["judgment_id"]: row
        for row in Judgment.objects.filter(judgment_id__in=ids).values(
            "judgment_id", "charges_raw", "amount_yuan", "term_months", "life_imprisonment"
        )
    }
    references = [
        {**rows[key], "url": reverse("knowledge:judgment", kwargs={"judgment_id": key})}
        for key in ids if key in rows
    ]
    return {
        "assessment": assessment,
        "circumstances": [CIRCUMSTANCE_LABELS.get(c, c) for c in form.cleaned_data["circumstances"]],
        "role": ROLE_LABELS.get(assessment.role or ""),
        "references": references,
        # As the command prints it: the signed change of the references' sentences.
        "adjustment": f"{-result.adjustment:+.0%}" if round(result.adjustment * 100) else "",
    }
