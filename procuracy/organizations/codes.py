"""Procuratorate codes: `SPP`, or the six-digit administrative-division code of the jurisdiction.

Codes nest by prefix (XX0000 ⊃ XXXX00 ⊃ XXXXXX), so "this procuratorate and those below
it" is a prefix, and a range over an index.
"""

from __future__ import annotations

SPP_CODE = "SPP"


def scope_prefix(scope_code: str) -> str:
    """The code prefix shared by a procuratorate and every procuratorate below it."""
    if scope_code == SPP_CODE:
        return ""
    if scope_code.endswith("0000"):
        return scope_code[:2]
    if scope_code.endswith("00"):
        return scope_code[:4]
    return scope_code


def code_in_scope(code: str, scope_code: str) -> bool:
    if scope_code == SPP_CODE:
        return True
    if code == SPP_CODE:
        return False
    return code.startswith(scope_prefix(scope_code))


def scope_code_range(scope_code: str) -> tuple[str, str] | None:
    """[low, high) bounds of the codes in a provincial or prefecture scope; None for the whole
    country. A county's scope is its own code alone (compare for equality)."""
    prefix = scope_prefix(scope_code)
    if not prefix or len(prefix) == 6:
        return None
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def parent_code_of(code: str, existing: set[str] | frozenset[str]) -> str | None:
    """The parent by the rule of the case-package spec: county → prefecture if it exists, else province."""
    if code == SPP_CODE:
        return None
    if code.endswith("0000"):
        return SPP_CODE
    province = code[:2] + "0000"
    if code.endswith("00"):
        return province
    prefecture = code[:4] + "00"
    return prefecture if prefecture in existing else province
