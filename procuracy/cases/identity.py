"""Resident identity numbers (GB 11643-1999): 17 digits and a check character."""

from __future__ import annotations

import datetime as dt

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def id_number_valid(value: str) -> bool:
    """The 18th character must be the check character of the first seventeen."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    return check_character(value[:17]) == value[17].upper()


def make_id_number(region: str, birth: dt.date, serial: int, male: bool) -> str:
    """A well-formed number: region, birth date, a sequence whose last digit is odd for men."""
    body = f"{region}{birth:%Y%m%d}{serial % 100:02d}{(serial % 5) * 2 + (1 if male else 0)}"
    return body + check_character(body)
