from __future__ import annotations

import csv
from collections import Counter

import pytest

from procuracy.organizations.codes import code_in_scope, parent_code_of, scope_code_range
from procuracy.organizations.loading import DIVISIONS_CSV, load_procuratorates
from procuracy.organizations.models import Procuratorate
from procuracy.organizations.querysets import filter_scope

pytestmark = pytest.mark.django_db


def _csv_levels() -> Counter[int]:
    with DIVISIONS_CSV.open(encoding="utf-8") as fh:
        return Counter(int(row["level"]) for row in csv.DictReader(fh))


def test_every_division_has_a_procuratorate() -> None:
    levels = _csv_levels()
    assert levels[1] == 31
    counts = Counter(Procuratorate.objects.values_list("level", flat=True))
    assert counts == {0: 1, 1: levels[1], 2: levels[2], 3: levels[3]}
    assert levels[2] > 300 and levels[3] > 2800


@pytest.mark.parametrize(("code", "parent", "name"), [
    ("SPP", None, "最高人民检察院"),
    ("210000", "SPP", "辽宁省人民检察院"),
    ("210100", "210000", "辽宁省沈阳市人民检察院"),
    ("210102", "210100", "沈阳市和平区人民检察院"),
    ("420100", "420000", "湖北省武汉市人民检察院"),
    ("110101", "110000", "北京市东城区人民检察院"),  # municipalities have no prefecture level
    ("429004", "420000", "湖北省仙桃市人民检察院"),  # county-level city directly under the province
])
def test_known_procuratorates(code: str, parent: str | None, name: str) -> None:
    p = Procuratorate.objects.get(code=code)
    assert p.parent_id == parent
    assert p.name == name


def test_parent_rule_holds_for_every_row() -> None:
    existing = set(Procuratorate.objects.values_list("code", flat=True))
    for code, parent in Procuratorate.objects.values_list("code", "parent_id"):
        assert parent == parent_code_of(code, existing)
        if parent and parent != "SPP":
            assert parent in existing


def test_loading_again_changes_nothing() -> None:
    before = list(Procuratorate.objects.values_list("code", "name", "level", "parent_id"))
    load_procuratorates(Procuratorate)
    assert list(Procuratorate.objects.values_list("code", "name", "level", "parent_id")) == before


@pytest.mark.parametrize(("code", "scope", "inside"), [
    ("210102", "SPP", True), ("210102", "210000", True), ("210102", "210100", True),
    ("210102", "210102", True), ("210100", "210102", False), ("210000", "210100", False),
    ("420100", "210000", False), ("SPP", "210000", False), ("SPP", "SPP", True), ("211102", "210100", False),
])
def test_scope(code: str, scope: str, inside: bool) -> None:
    assert code_in_scope(code, scope) is inside


def test_scope_range_matches_the_prefix_rule_on_every_code() -> None:
    codes = list(Procuratorate.objects.values_list("code", flat=True))
    for scope in ("SPP", "210000", "210100", "210102", "110000", "420000", "429004"):
        by_range = set(filter_scope(Procuratorate.objects.all(), scope, "code").values_list("code", flat=True))
        assert by_range == {c for c in codes if code_in_scope(c, scope)}, scope
    assert scope_code_range("SPP") is None
