"""The compiled schema check must agree with the reference validator on every value."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procuracy.interchange.schemacheck import UnsupportedSchema, compile_schema
from procuracy.interchange.validation import package_schema

SCHEMA = package_schema()
FAST = compile_schema(SCHEMA)
REFERENCE = jsonschema.Draft202012Validator(SCHEMA)

ODD_VALUES = [None, True, False, 0, -5, 1, Decimal("1.234"), Decimal("-0.5"), 3.5, "", "x", "-5", "1.234",
              "12.50", "2019-02-30", "2019-13-01", "SPP", "21010", "210100", "procuracy.case/1", "受贿", [], [1],
              {}, {"kind": "fixed_term"}, {"charge": "受贿"}, "mafia_type", "accepted", "not_prosecuted",
              "judgment", "210102196605120035", "21010219660512003X"]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _mutate(package: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    result = copy.deepcopy(package)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(result) if p]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        parent = result
        for key in path[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        last = path[-1]
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = copy.deepcopy(data.draw(st.sampled_from(ODD_VALUES)))
        elif isinstance(parent, dict):
            parent[data.draw(st.sampled_from(["type", "date", "kind", "status", "x_new", "amount_yuan"]))] = (
                copy.deepcopy(data.draw(st.sampled_from(ODD_VALUES))))
        else:
            parent.append(copy.deepcopy(data.draw(st.sampled_from(ODD_VALUES))))
    return result


@pytest.fixture(scope="module")
def packages(example_packages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [json.loads(json.dumps(p), parse_float=Decimal) for p in example_packages]


def test_examples_are_valid(packages: list[dict[str, Any]]) -> None:
    for package in packages:
        assert FAST(package) and REFERENCE.is_valid(package)


@settings(max_examples=600, deadline=None)
@given(data=st.data())
def test_agrees_with_jsonschema_on_mutations(packages: list[dict[str, Any]], data: st.DataObject) -> None:
    package = _mutate(data.draw(st.sampled_from(packages)), data)
    assert FAST(package) == REFERENCE.is_valid(package)


@pytest.mark.parametrize("value", [[], "x", 1, None, {"schema": "procuracy.case/1"}])
def test_non_packages(value: Any) -> None:
    assert FAST(value) == REFERENCE.is_valid(value)


def test_unknown_keyword_is_refused() -> None:
    with pytest.raises(UnsupportedSchema, match="additionalProperties"):
        compile_schema({"type": "object", "additionalProperties": False})
