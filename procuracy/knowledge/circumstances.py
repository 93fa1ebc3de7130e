"""Sentencing circumstances a judgment's text states (自首, 坦白, 退赃, 索贿 ...).

Read by keyword, with a look-back for negations (不构成自首, 没有立功表现, 未退赃). The first five
names are those of the sentencing command's mitigating circumstances, so that the circumstances of
real judgments and of a requested recommendation compare directly. Names are stored in the
index as bits, in the order of :data:`CIRCUMSTANCES`; new names go at the end.

Pure Python: the index and the benchmarks use it outside Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["CIRCUMSTANCES", "Circumstance", "from_bits", "read_circumstances", "to_bits"]


@dataclass(frozen=True, slots=True)
class Circumstance:
    name: str
    label: str  # as judgments write it
    pattern: re.Pattern[str]


def _c(name: str, label: str, pattern: str) -> Circumstance:
    return Circumstance(name, label, re.compile(pattern))


CIRCUMSTANCES: tuple[Circumstance, ...] = (
    _c("surrender", "自首", r"自首|主动投案"),
    _c("confession", "坦白", r"坦白|如实供述|如实交代|如实交待"),
    _c("restitution", "退赃退赔", r"退赃|退赔|退缴|积极退出|退出(?:全部)?(?:赃款|违法所得)|退还(?:全部)?(?:赃款|违法所得)"),
    _c("guilty_plea", "认罪认罚", r"认罪认罚|具结书"),
    _c("meritorious_service", "立功", r"立功"),
    _c("solicitation", "索贿", r"索贿|索取(?:[^，。；]{0,12})(?:财物|好处费|贿赂)"),
    _c("recidivist", "累犯", r"累犯|毒品再犯"),
    _c("forgiveness", "被害人谅解", r"谅解"),
    _c("accessory", "从犯", r"从犯|胁从犯"),
    _c("principal", "主犯", r"主犯|首要分子"),
    _c("attempt", "未遂", r"未遂"),
    _c("repeated", "多次", r"多次"),
)
_BY_NAME = {c.name: c for c in CIRCUMSTANCES}
_BIT = {c.name: 1 << i for i, c in enumerate(CIRCUMSTANCES)}
# A negation shortly before the keyword: 不构成自首, 没有立功表现, 不具有坦白情节, 未退赃, 无累犯.
_NEGATION_RE = re.compile(r"(?:不|未|没有|无|不能|不应)[^，。；：、]{0,4}$")
_LOOK_BACK = 6


def label(name: str) -> str:
    return _BY_NAME[name].label


def read_circumstances(text: str) -> tuple[str, ...]:
    """The circumstances a text asserts at least once without negating them, in canonical order."""
    if not text:
        return ()
    found: list[str] = []
    for circumstance in CIRCUMSTANCES:
        for match in circumstance.pattern.finditer(text):
            before = text[max(0, match.start() - _LOOK_BACK) : match.start()]
            if not _NEGATION_RE.search(before):
                found.append(circumstance.name)
                break
    return tuple(found)


def to_bits(names: Iterable[str]) -> int:
    bits = 0
    for name in names:
        bits |= _BIT.get(name, 0)
    return bits


def from_bits(bits: int) -> tuple[str, ...]:
    return tuple(c.name for c in CIRCUMSTANCES if bits & _BIT[c.name])
