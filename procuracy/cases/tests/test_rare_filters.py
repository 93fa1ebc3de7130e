"""The case list reads the cases of the rarest value asked for from its own index, or the few
cases a search names; read any way, it lists the same cases in the same order."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from procuracy.accounts.models import system_user
from procuracy.cases import filtersets
from procuracy.cases.filtersets import CaseFilterSet
from procuracy.cases.models import Case, CaseFacet, Person
from procuracy.cases.tests.reference import expected_facets
from procuracy.core.testing import make_user
from procuracy.interchange.actions import do_import
from procuracy.interchange.synthetic import generate
from procuracy.procedure.actions import do_record_event

pytestmark = pytest.mark.django_db

QUERIES = [
    "rank=county_division", "category=malfeasance", "stage=prosecuted", "charge=受贿", "charge=单位行贿",
    "field=other", "rank=department_bureau&category=corruption_bribery", "rank=grassroots&stage=judged&page=2",
    "category=other&received_from=2021-01-01&received_to=2023-12-31", "charge=受贿&gang=none&source=supervisory_commission",
    "rank=county_division&procuratorate=110000", "stage=under_review&received_from=2025-01-01",
]


@pytest.fixture
def many(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for package in generate(900, seed=7, end=dt.date(2026, 6, 30)):
            out.write(json.dumps(package, ensure_ascii=False) + "\n")
    assert do_import([path], actor=system_user()).ok


def _listed(client: Any, query: str) -> tuple[list[str], int, str]:
    response = client.get("/cases/?" + query)
    assert response.status_code == 200
    page = response.context["page"]
    return [r.case.case_id for r in response.context["rows"]], page.paginator.count, \
        response.context["filterset"].order


def _case_by_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CaseFilterSet, "leading_facet", lambda self, values: None)
    monkeypatch.setattr(CaseFilterSet, "cases_by_id", lambda self, cases, query: None)


@pytest.mark.parametrize("query", QUERIES)
def test_the_rarest_value_leads_and_lists_the_same_cases(client: Any, many: None,
                                                         monkeypatch: pytest.MonkeyPatch, query: str) -> None:
    client.force_login(make_user("nation", "SPP", role="administrator"))
    led, led_count, order = _listed(client, query)
    assert order == "facet"
    _case_by_case(monkeypatch)
    walked, walked_count, walked_order = _listed(client, query)
    assert walked_order == "cases"
    assert led == walked and led_count == walked_count
    assert led == list(Case.objects.filter(case_id__in=led).order_by("-received_on", "-pk").values_list(
        "case_id", flat=True))


def test_the_few_cases_a_search_names_are_sorted_once_found(client: Any, many: None,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    client.force_login(make_user("nation", "SPP", role="administrator"))
    for query in ("q=SYN-JW-00001", "q=SYN-GA&stage=prosecuted", "q=SYN-&rank=county_division"):
        found, count, order = _listed(client, query)
        assert order == "few" and found
        with monkeypatch.context() as patched:
            # As if they were many: the IDs' range tested case by case, newest first.
            patched.setattr(filtersets, "RARE", 0)
            assert _listed(client, query) == (found, count, "cases")


def test_a_value_no_case_has_lists_nothing_at_once(client: Any, many: None,
                                                   django_assert_max_num_queries: Any) -> None:
    client.force_login(make_user("nation", "SPP", role="administrator"))
    with django_assert_max_num_queries(12):
        rows, count, order = _listed(client, "charge=对有影响力的人行贿&rank=county_division")
    assert rows == [] and count == 0 and order == "facet"


def test_the_facets_follow_the_persons_through_import_and_steps(many: None) -> None:
    pks = list(Case.objects.values_list("pk", flat=True))
    stored: dict[int, set[str]] = {pk: set() for pk in pks}
    for case_id, value in CaseFacet.objects.values_list("case_id", "facet"):
        stored[case_id].add(value)
    assert stored == expected_facets(pks)
    assert CaseFacet.objects.filter(facet__startswith="charge:").exists()
    # A step that moves a person to another stage moves the case's stage values with it.
    person = Person.objects.filter(stage="under_review", case__persons__isnull=False).order_by("pk").first()
    last = person.events.order_by("-date").values_list("date", flat=True).first()
    do_record_event(actor=system_user(), person_pk=person.pk, event_type="prosecuted",
                    date=last + dt.timedelta(days=1))
    person.refresh_from_db()
    assert person.stage == "prosecuted"
    stored_now = set(CaseFacet.objects.filter(case_id=person.case_id).values_list("facet", flat=True))
    assert stored_now == expected_facets([person.case_id])[person.case_id]
    assert "stage:prosecuted" in stored_now


def test_other_values_are_probed_case_by_case_not_joined_whole(many: None) -> None:
    """PostgreSQL would turn each EXISTS into a join reading the whole persons or facets table first
    (half a second at national scale for a page of 51); the list probes them case by case instead."""
    from django.db import connection
    from django.http import QueryDict

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans: this runs in the PostgreSQL pass of the suite")
    user = make_user("nation", "SPP", role="administrator")
    filters = CaseFilterSet(QueryDict("category=corruption_bribery&rank=township_section&q=某某"), user=user)
    assert filters.is_valid()
    page = filters.filter(Case.objects.restrict(user)).newest_first(filters.order).values("pk")[:51]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Semi Join" not in plan and "Hash" not in plan
    assert plan.count("SubPlan") >= 3  # the other value, the word and the person holding both values
