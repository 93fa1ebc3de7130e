"""The case list finds a rare value's cases from its index and sorts them; a common value's by
reading the cases newest first. Both ways list the same cases in the same order."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from procuracy.accounts.models import system_user
from procuracy.cases import filtersets
from procuracy.cases.models import Case
from procuracy.core.testing import make_user
from procuracy.interchange.actions import do_import
from procuracy.interchange.synthetic import generate

pytestmark = pytest.mark.django_db

QUERIES = [
    "rank=county_division", "category=malfeasance", "stage=prosecuted", "charge=受贿", "charge=单位行贿",
    "field=other", "rank=department_bureau&category=corruption_bribery", "rank=grassroots&stage=judged&page=2",
    "category=other&received_from=2021-01-01&received_to=2023-12-31", "charge=受贿&gang=none&source=supervisory_commission",
]


@pytest.fixture
def many(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for package in generate(900, seed=7, end=dt.date(2026, 6, 30)):
            out.write(json.dumps(package, ensure_ascii=False) + "\n")
    assert do_import([path], actor=system_user()).ok


def _listed(client: Any, query: str) -> tuple[list[str], int, bool]:
    response = client.get("/cases/?" + query)
    assert response.status_code == 200
    page = response.context["page"]
    return [r.case.case_id for r in response.context["rows"]], page.paginator.count, \
        response.context["filterset"].is_rare


@pytest.mark.parametrize("query", QUERIES)
def test_rare_and_common_values_list_the_same_cases(client: Any, many: None, monkeypatch: pytest.MonkeyPatch,
                                                    query: str) -> None:
    client.force_login(make_user("nation", "SPP", role="administrator"))
    monkeypatch.setattr(filtersets, "RARE", -1)  # nothing is rare: read newest first
    walked, walked_count, walked_rare = _listed(client, query)
    monkeypatch.setattr(filtersets, "RARE", 10**9)  # everything is rare: found by index, then sorted
    found, found_count, found_rare = _listed(client, query)
    assert not walked_rare and found_rare
    assert found == walked and found_count == walked_count
    order = list(Case.objects.filter(case_id__in=found).order_by("-received_on", "-pk").values_list(
        "case_id", flat=True))
    assert found == order


def test_a_value_no_person_has_lists_nothing_at_once(client: Any, many: None,
                                                     django_assert_max_num_queries: Any) -> None:
    client.force_login(make_user("nation", "SPP", role="administrator"))
    with django_assert_max_num_queries(12):
        rows, count, rare = _listed(client, "charge=对有影响力的人行贿")
    assert rows == [] and count == 0 and rare
