"""Searching the case database, as the command and the pages do it: ranked, filtered, logged.

Every search is written to the access log (action ``search``): who searched what, with which
filters, and how many documents matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from procuracy.core.audit import record_access
from procuracy.core.models import AccessAction
from procuracy.knowledge import store
from procuracy.knowledge.charges import catalogue
from procuracy.knowledge.corpus import DOCUMENT_KINDS, guiding_case_text, judgment_text
from procuracy.knowledge.fulltext import Filters, Snippet, rank, snippet
from procuracy.knowledge.index import DOC_TYPES, GUIDING_CASE
from procuracy.knowledge.models import GuidingCase, Judgment

if TYPE_CHECKING:
    from procuracy.accounts.models import User

__all__ = ["SearchError", "SearchHit", "SearchResponse", "charge_filter", "search"]


class SearchError(ValueError):
    """A search that cannot be run as asked (an unknown charge or kind, a bad range)."""


@dataclass
class SearchHit:
    id: str
    type: str
    kind: str
    title: str
    charges: list[str]
    term_months: int | None
    life_imprisonment: bool
    score: float
    snippet: str
    highlights: list[tuple[int, int]]
    url: str = ""

    def marked(self) -> str:
        return Snippet(self.snippet, tuple(self.highlights)).marked()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "kind": self.kind, "title": self.title, "charges": self.charges,
            "term_months": self.term_months, "life_imprisonment": self.life_imprisonment, "score": self.score,
            "snippet": self.snippet, "highlights": [list(span) for span in self.highlights],
        }


@dataclass
class SearchResponse:
    query: str
    words: list[str]
    total: int
    hits: list[SearchHit] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "words": self.words, "total": self.total,
                "results": [hit.to_json() for hit in self.hits]}


def charge_filter(name: str) -> tuple[str, ...]:
    """The catalogue names a charge filter stands for (受贿, 受贿罪, 贩卖毒品 …), or SearchError."""
    names = catalogue().normalise(name).names
    if not names:
        raise SearchError(_("“%(name)s” is not a charge of the catalogue") % {"name": name})
    return names


def build_filters(
    *, charge: str | None = None, kind: str | None = None, doc_type: str | None = None,
    min_months: int | None = None, max_months: int | None = None,
) -> Filters:
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise SearchError(_("the kind must be one of %(kinds)s") % {"kinds": ", ".join(DOCUMENT_KINDS)})
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise SearchError(_("the type must be one of %(types)s") % {"types": ", ".join(DOC_TYPES)})
    for value in (min_months, max_months):
        if value is not None and value < 0:
            raise SearchError(_("a sentence bound cannot be negative"))
    if min_months is not None and max_months is not None and min_months > max_months:
        raise SearchError(_("the shortest sentence is longer than the longest"))
    return Filters(
        charges=charge_filter(charge) if charge else (), kind=kind, doc_type=doc_type,
        min_months=min_months, max_months=max_months,
    )


def search(query: str, *, actor: User, filters: Filters | None = None, top: int = 10) -> SearchResponse:
    filters = filters or Filters()
    loaded = store.current()
    if loaded is None:
        response = SearchResponse(query, [], 0)
    else:
        index = loaded.index
        docs, scores, total, words = rank(index, query, filters, top)
        keys = [index.keys[int(d)] for d in docs]
        judgments = {j.judgment_id: j for j in Judgment.objects.filter(judgment_id__in=keys)}
        cases = {c.number: c for c in GuidingCase.objects.filter(number__in=keys)}
        hits: list[SearchHit] = []
        for doc, score, key in zip(docs, scores, keys, strict=True):
            doc = int(doc)
            if index.doc_type[doc] == GUIDING_CASE and key in cases:
                case = cases[key]
                text = guiding_case_text({
                    "title": "", "keywords": case.keywords, "gist": case.gist, "facts": case.facts,
                    "process": case.process, "significance": case.significance, "laws": case.laws,
                })
                title, months, life, url = case.title, None, False, case.get_absolute_url()
            elif key in judgments:
                judgment = judgments[key]
                text = judgment_text({"fact": judgment.fact, "full_text": judgment.full_text})
                names = index.charges_of(doc) or judgment.charges_raw
                title = _("%(charges)s case") % {"charges": "、".join(names)} if names else key
                months, life, url = judgment.term_months, judgment.life_imprisonment, judgment.get_absolute_url()
            else:  # the index is newer than this read; skip what is not there
                continue
            cut = snippet(text, words)
            hits.append(SearchHit(
                id=key, type=DOC_TYPES[int(index.doc_type[doc])], kind=DOCUMENT_KINDS[int(index.kind[doc])],
                title=title, charges=index.charges_of(doc), term_months=months, life_imprisonment=life,
                score=round(float(score), 4), snippet=cut.text, highlights=list(cut.spans), url=url,
            ))
        response = SearchResponse(query, words, total, hits)
    record_access(
        actor=actor, action=AccessAction.SEARCH, target=query,
        detail={"scope": "knowledge", "filters": {k: v for k, v in vars(filters).items() if v not in (None, ())},
                "total": response.total, "results": [h.id for h in response.hits]},
    )
    return response
