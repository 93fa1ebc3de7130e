"""The case list's search: words anywhere in a title or a person's name, or the beginning of a case
ID; the same cases in the same order whichever way the list reads them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from procuracy.accounts.models import system_user
from procuracy.cases.facets import rebuild_facets
from procuracy.cases.filtersets import CaseFilterSet
from procuracy.cases.models import Case, CaseFacet, Person
from procuracy.cases.tests.reference import expected_facets
from procuracy.core.testing import make_user
from procuracy.interchange.actions import do_import
from procuracy.interchange.synthetic import generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(tmp_path: Path, package: Callable[[str], dict[str, Any]]) -> None:
    path = tmp_path / "many.jsonl"
    packages = list(generate(600, seed=3, end=dt.date(2026, 6, 30)))
    # Latin letters in both cases, a word split between the title and a name, a one-letter name.
    odd = package("LN-JW-2019-0042")
    odd["case_id"] = "ODD-1"
    odd["title"] = "ABC科技公司甲乙行贿案"
    odd["persons"][0]["name"] = "丙丁Smith"
    packages.append(odd)
    with path.open("w", encoding="utf-8") as out:
        for item in packages:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    assert do_import([path], actor=system_user()).ok


def _listed(client: Any, query: str) -> tuple[list[str], int, str]:
    response = client.get("/cases/?" + query)
    assert response.status_code == 200
    return ([r.case.case_id for r in response.context["rows"]], response.context["page"].paginator.count,
            response.context["filterset"].order)


def _plainly(words: list[str]) -> list[str]:
    """Every case holding each word in its title or in one of its persons' names (ASCII letters in
    any case), newest first: computed row by row."""
    names: dict[int, list[str]] = {}
    for case_pk, name in Person.objects.values_list("case_id", "name"):
        names.setdefault(case_pk, []).append(name.lower())
    found = []
    for pk, case_id, title in Case.objects.order_by("-received_on", "-pk").values_list("pk", "case_id", "title"):
        texts = [title.lower(), *names.get(pk, [])]
        if all(any(word.lower() in text for text in texts) for word in words):
            found.append(case_id)
    return found


def _walked(client: Any, query: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], int, str]:
    """The list read case by case, newest first, without the facets' index."""
    with monkeypatch.context() as patched:
        patched.setattr(CaseFilterSet, "leading_facet", lambda self, values: None)
        return _listed(client, query)


def _word_inside_a_title() -> str:
    title = Case.objects.filter(title__contains="某某").order_by("pk").values_list("title", flat=True).first()
    return title[title.index("某某") + 2:][:2]


def _given_name() -> str:
    name = Person.objects.filter(name__regex=r"^...$").order_by("pk").values_list("name", flat=True).first()
    return name[1:]


@pytest.mark.parametrize("words", [
    "inside a title", "a given name", "two words", "title and name", "latin", "a word not found whole"])
def test_a_search_finds_every_case_holding_its_words(client: Any, many: None, monkeypatch: pytest.MonkeyPatch,
                                                     words: str) -> None:
    client.force_login(make_user("nation", "SPP", role="administrator"))
    query = {
        "inside a title": _word_inside_a_title(),
        "a given name": _given_name(),
        "two words": f"{_given_name()} {_word_inside_a_title()}",
        "title and name": "行贿 丁smi",
        "latin": "abc科技",
        # "甲乙" stands in the title and "丙丁" in a name: the pairs are there, the word is not.
        "a word not found whole": "甲乙丙丁",
    }[words]
    expected = _plainly(query.split())
    rows, count, order = _listed(client, f"q={query}")
    assert order == "facet"
    # A search counts only as far as the page shown, and one more (web.pagination).
    assert count == min(len(expected), 51) and rows == expected[:50]
    if words == "a word not found whole":
        assert expected == []
    else:
        assert expected
    walked, walked_count, walked_order = _walked(client, f"q={query}", monkeypatch)
    assert walked_order == "cases" and (walked, walked_count) == (rows, count)


def test_a_search_with_filters_lists_the_cases_meeting_both(client: Any, many: None,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    client.force_login(make_user("nation", "SPP", role="administrator"))
    word = "受贿"
    rows, count, _order = _listed(client, f"q={word}&stage=judged&received_from=2020-01-01")
    expected = [case_id for case_id in _plainly([word]) if Case.objects.filter(
        case_id=case_id, persons__stage="judged", received_on__gte="2020-01-01").exists()]
    assert 0 < count == min(len(expected), 51) and rows == expected[:50]
    assert _walked(client, f"q={word}&stage=judged&received_from=2020-01-01", monkeypatch)[:2] == (rows, count)


def test_the_beginning_of_a_case_id_lists_those_cases(client: Any, many: None) -> None:
    client.force_login(make_user("nation", "SPP", role="administrator"))
    rows, count, order = _listed(client, "q=SYN-JW-00000")
    expected = list(Case.objects.filter(case_id__startswith="SYN-JW-00000").order_by("-received_on", "-pk")
                    .values_list("case_id", flat=True))
    assert order == "few" and 0 < count == min(len(expected), 51) and rows == expected[:50]
    assert _listed(client, "q=ODD-1")[:2] == (["ODD-1"], 1)


def test_a_search_sees_only_the_users_jurisdiction(client: Any, many: None) -> None:
    code = Case.objects.filter(title__contains="受贿").values_list("procuratorate_id", flat=True).first()
    client.force_login(make_user("local", code, role="prosecutor"))
    rows, count, _order = _listed(client, "q=受贿")
    assert count == min(Case.objects.filter(procuratorate_id=code, title__contains="受贿").count(), 51) > 0
    assert set(Case.objects.filter(case_id__in=rows).values_list("procuratorate_id", flat=True)) == {code}
    # An ID outside the jurisdiction is not found, and does not keep the words from being searched.
    outside = Case.objects.exclude(procuratorate_id=code).values_list("case_id", flat=True).first()
    assert _listed(client, f"q={outside}")[:2] == ([], 0)


@pytest.mark.parametrize("query", ["汪", "汪 李", "a b c"])
def test_a_search_without_a_word_of_two_characters_is_an_error_beside_the_field(client: Any, query: str) -> None:
    client.force_login(make_user("nation", "SPP", role="administrator"))
    response = client.get("/cases/", {"q": query})
    assert response.status_code == 200
    assert response.context["filterset"].errors["q"]


def test_the_text_facets_derived_at_once_are_those_written_case_by_case(many: None) -> None:
    pks = list(Case.objects.values_list("pk", flat=True))

    def stored() -> dict[int, set[str]]:
        out: dict[int, set[str]] = {pk: set() for pk in pks}
        for case_pk, value in CaseFacet.objects.values_list("case_id", "facet"):
            out[case_pk].add(value)
        return out

    written = stored()
    assert written == expected_facets(pks)
    assert {"text:ab", "text:bc", "text:丁s", "text:sm"} <= written[Case.objects.get(case_id="ODD-1").pk]
    rebuild_facets()
    assert stored() == written


def test_the_list_marks_the_words_found(client: Any, many: None) -> None:
    client.force_login(make_user("nation", "SPP", role="administrator"))
    page = client.get("/cases/?q=丁smi 行贿").content.decode()
    assert "丙<mark>丁Smi</mark>th" in page and "<mark>行贿</mark>案" in page


def test_marking_escapes_the_text_around_the_words() -> None:
    from procuracy.cases.tables import _marker

    mark = _marker(["甲乙", "ab"])
    assert mark('<i>AB</i>甲乙"') == '&lt;i&gt;<mark>AB</mark>&lt;/i&gt;<mark>甲乙</mark>&quot;'
    assert _marker([])("<i>") == "<i>"  # no search: the caller's format_html escapes it
