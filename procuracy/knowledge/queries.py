"""Similar cases and sentencing guidance as the commands and pages ask for them: loaded, checked, logged.

Similar-case searches are logged like searches (action ``search``); a registry person is read
through the case's permission check, so a person outside the user's jurisdiction does not exist
for them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from procuracy.core.audit import record_access
from procuracy.core.models import AccessAction
from procuracy.knowledge import store
from procuracy.knowledge.charges import catalogue
from procuracy.knowledge.corpus import judgment_text
from procuracy.knowledge.models import Judgment
from procuracy.knowledge.recommend import Recommendation, recommend
from procuracy.knowledge.similar import CaseQuery, SimilarCase, person_query

if TYPE_CHECKING:
    from procuracy.accounts.models import User

__all__ = [
    "KnowledgeError",
    "PersonProfile",
    "sentencing_guidance",
    "similar_cases",
    "similar_for_judgment",
    "similar_for_person",
]


class KnowledgeError(LookupError):
    """A request about the case database that cannot be answered (no index, no such judgment …)."""


def _engine() -> store.LoadedIndex:
    loaded = store.current()
    if loaded is None:
        raise KnowledgeError(_("the case database is empty: run “procuracy knowledge import --shipped” first"))
    return loaded


def _log(actor: User, target: str, detail: dict[str, object], results: list[SimilarCase]) -> None:
    record_access(actor=actor, action=AccessAction.SEARCH, target=target,
                  detail={"scope": "similar", **detail, "results": [r.key for r in results]})


def similar_cases(text: str, *, actor: User, top: int = 10, log_as: str | None = None) -> list[SimilarCase]:
    """The judgments most similar to a free text (facts of a case, a draft, a few words)."""
    loaded = _engine()
    results = loaded.engine.find(CaseQuery.from_text(text), top=top)
    _log(actor, log_as or text[:200], {"query": "text", "length": len(text)}, results)
    return results


def similar_for_judgment(judgment_id: str, *, actor: User, top: int = 10) -> list[SimilarCase]:
    """The judgments most similar to a judgment of the corpus (its charges, amount, words)."""
    loaded = _engine()
    doc = loaded.index.key_pos.get(judgment_id)
    if doc is None or not loaded.index.is_judgment[doc]:
        raise KnowledgeError(_("there is no judgment “%(id)s” in the case database") % {"id": judgment_id})
    row = Judgment.objects.filter(judgment_id=judgment_id).values("fact", "full_text").first() or {}
    query = CaseQuery.from_document(loaded.index, doc, judgment_text(row))
    results = loaded.engine.find(query, top=top)
    _log(actor, judgment_id, {"query": "judgment"}, results)
    return results


@dataclass
class PersonProfile:
    case_id: str
    person_id: str
    name: str
    charges: list[str]  # catalogue names (current)
    amounts: list[Decimal | None]
    words: str


def person_profile(case_id: str, person_id: str, *, actor: User) -> PersonProfile:
    """A registry person's charges and amounts, read through the case's permission check."""
    from django.http import Http404

    from procuracy.cases.access import access_case

    try:
        case = access_case(actor, case_id)
    except Http404 as exc:
        raise KnowledgeError(_("there is no case “%(id)s” in your jurisdiction") % {"id": case_id}) from exc
    person = case.persons.filter(person_id=person_id).first()
    if person is None:
        raise KnowledgeError(_("case %(case)s has no person “%(id)s”") % {"case": case_id, "id": person_id})
    counts = list(person.charge_counts.select_related("charge").order_by("seq"))
    charges: list[str] = []
    for count in counts:
        charges.extend(catalogue().normalise(count.charge.name).names)
    words = " ".join(part for part in (case.title, person.position, *charges) if part)
    return PersonProfile(case_id, person_id, person.name, list(dict.fromkeys(charges)),
                         [c.amount for c in counts], words)


def similar_for_person(case_id: str, person_id: str, *, actor: User, top: int = 10) -> list[SimilarCase]:
    profile = person_profile(case_id, person_id, actor=actor)
    loaded = _engine()
    query = person_query(profile.charges, profile.amounts, profile.words)
    results = loaded.engine.find(query, top=top)
    _log(actor, f"{case_id}/{person_id}", {"query": "person"}, results)
    return results


def sentencing_guidance(
    charge: str,
    amount: Decimal | None,
    circumstances: Collection[str] = (),
    *,
    offence_date: date | None = None,
    role: str | None = None,
) -> Recommendation:
    """The statutory bracket and the evidence-based recommendation (works on an empty database too)."""
    loaded = store.current()
    return recommend(charge, amount, circumstances, index=loaded.index if loaded else None,
                     offence_date=offence_date, role=role)
