from __future__ import annotations

import datetime as dt

import pytest

from procuracy.cases.identity import id_number_valid, make_id_number


@pytest.mark.parametrize(("number", "valid"), [
    ("210102196605120035", True),  # the spec example
    ("11010519491231002X", True),  # the standard's own example, check character X
    ("11010519491231002x", True),
    ("210102196605120036", False),
    ("21010219660512003", False),
    ("2101021966051200A5", False),
])
def test_check_character(number: str, valid: bool) -> None:
    assert id_number_valid(number) is valid


def test_made_numbers_are_valid() -> None:
    for serial in range(50):
        number = make_id_number("420102", dt.date(1970, 1, 1), serial, male=serial % 2 == 0)
        assert id_number_valid(number)
        assert (int(number[16]) % 2 == 1) == (serial % 2 == 0)
