"""Charge names as judgments write them, mapped to the project's charge catalogue.

The judgments corpus labels charges noisily (``data/judgments/README.md``): names without 罪, parts
of selective charges (贩卖毒品 for 走私、贩卖、运输、制造毒品), several charges in one string (贪污、受贿),
names whose every 罪 was stripped (掩饰、隐瞒犯所得、犯所得收益), variant wordings, and fragments of
sentences that are no charge at all. :meth:`ChargeCatalogue.normalise` maps what can be mapped to
current catalogue names and says how; the caller keeps the raw string.

:meth:`ChargeCatalogue.mentions` finds the charges a text names itself (构成受贿罪, 一、贪污犯罪事实),
the strongest evidence of what a text is about.

Pure Python on purpose (the catalogue is read from its CSV): the index, the similar-case search and
the benchmarks use it outside Django.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from procuracy.cases.loading import read_charges

__all__ = ["ChargeCatalogue", "ChargeMapping", "catalogue"]

# Variant wordings seen in the public corpus whose catalogue name is certain but which neither the
# selective-charge rule nor a one-character difference reaches.
_VARIANTS: dict[str, str] = {
    "制造、贩卖、传播淫秽物品": "制作、复制、出版、贩卖、传播淫秽物品牟利",
    "故意毁坏公私财物": "故意毁坏财物",
    "组织、领导黑社会性质组织": "组织、领导、参加黑社会性质组织",
    "组织、领导、参加黑社会性质的组织": "组织、领导、参加黑社会性质组织",
}

# Markers before a charge name that make the mention a legal qualification of this case rather
# than a passing reference (以受贿罪追究, 构成贪污罪, 犯挪用公款罪).
_QUALIFYING = ("构成", "犯", "以", "认定为", "定", "涉嫌")
# Section headings of multi-charge judgments: 一、受贿犯罪事实, （二）滥用职权罪, 1、贪污部分.
_HEADING_RE = re.compile(
    r"(?:^|(?<=[。：:；;\n]))[ \t　]*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)])[ \t　]*"
)
# A heading may name the defendant first (（一）尤某寻衅滋事事实); this many characters are searched.
_HEADING_REACH = 8
_HEADING_TAIL = ("罪", "犯罪", "事实", "的事实", "部分", "案")


@dataclass(frozen=True, slots=True)
class ChargeMapping:
    """How one raw charge string maps to the catalogue.

    ``how`` is ``exact``, ``historical`` (a renamed charge, given by its current name),
    ``restored`` (罪 put back), ``variant``, ``part`` (of a selective charge), ``several`` (a string
    naming more than one charge) or ``unmapped`` (``names`` empty).
    """

    raw: str
    names: tuple[str, ...]
    how: str


def _clean(raw: str) -> str:
    # 帐/账: the catalogue writes 帐簿 as the Criminal Law does; sources use both.
    return re.sub(r"\s+", "", raw).removesuffix("罪").replace("账", "帐")


def _alternatives(name: str) -> list[list[str]]:
    """Every reading of a 、-list as verbs sharing objects: one list of single alternatives per reading.

    走私、贩卖、运输、制造毒品 reads (among others) as verbs 走私/贩卖/运输/制造 with the object 毒品,
    giving 走私毒品, 贩卖毒品 ...; 非法持有、私藏枪支、弹药 gives 非法持有枪支, 私藏弹药 ...; 贪污、受贿 reads
    as two bare verbs. The caller keeps the readings whose alternatives it recognises.
    """
    parts = name.split("、")
    readings: list[list[str]] = []
    for position, fused in enumerate(parts):
        for cut in range(1, len(fused) + 1):
            if cut == len(fused) and position != len(parts) - 1:
                continue
            verbs = [*parts[:position], fused[:cut]]
            objects = [fused[cut:], *parts[position + 1 :]] if cut < len(fused) else [""]
            readings.append([verb + obj for verb in verbs for obj in objects])
    return readings


def _one_edit_apart(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


class ChargeCatalogue:
    """The catalogue's names with the lookups the corpus needs."""

    def __init__(self, rows: Iterable[dict[str, str]]) -> None:
        self.rows = {_clean(row["name"]): row for row in rows}
        self.current: dict[str, str] = {
            name: _clean(row["superseded_by"]) if row.get("superseded_by") else name for name, row in self.rows.items()
        }
        self.category = {name: row["category"] for name, row in self.rows.items()}
        # Single alternatives of selective names (贩卖毒品 → 走私、贩卖、运输、制造毒品), with the parents
        # where the alternative is a whole component (窝藏 in 窝藏、包庇) listed apart: they win a tie.
        self._parts: dict[str, set[str]] = {}
        self._whole_parts: dict[str, set[str]] = {}
        for name in self.rows:
            if "、" not in name:
                continue
            components = set(name.split("、"))
            for reading in _alternatives(name):
                for alternative in reading:
                    self._parts.setdefault(alternative, set()).add(name)
                    if alternative in components:
                        self._whole_parts.setdefault(alternative, set()).add(name)
                    # 非法 qualifies every verb of 非法制造、买卖、运输…枪支: courts write 非法买卖枪支.
                    if name.startswith("非法") and not alternative.startswith("非法"):
                        self._parts.setdefault("非法" + alternative, set()).add(name)
        self._unpunctuated = {name.replace("、", ""): name for name in self.rows}
        # Every string a text may use for a charge, longest first, for mention scanning.
        self._surface = {s for s in (*self.rows, *self._parts, *_VARIANTS) if len(s) >= 2}
        self._longest = max(map(len, self._surface))

    # -- normalisation -------------------------------------------------------------------------

    def is_current(self, name: str) -> bool:
        return self.current.get(name) == name

    def _part_parent(self, alternative: str) -> str | None:
        parents = {self.current[p] for p in self._parts.get(alternative, ())}
        if len(parents) == 1:
            return parents.pop()
        whole = {self.current[p] for p in self._whole_parts.get(alternative, ())}
        if whole:
            # 窝藏 is part of 窝藏、包庇 and of 窝藏、转移、隐瞒毒品、毒赃: the shorter list is the general one.
            return min(whole, key=lambda n: (n.count("、"), len(n)))
        return None

    def _single(self, text: str) -> str | None:
        if text in self.rows:
            return self.current[text]
        if text in _VARIANTS:
            return _VARIANTS[text]
        return self._part_parent(text)

    @lru_cache(maxsize=4096)  # noqa: B019 - the catalogue lives for the whole process
    def normalise(self, raw: str) -> ChargeMapping:
        text = _clean(raw)
        if not text:
            return ChargeMapping(raw, (), "unmapped")
        if text in self.rows:
            name = self.current[text]
            return ChargeMapping(raw, (name,), "exact" if name == text else "historical")
        if text in _VARIANTS:
            return ChargeMapping(raw, (_VARIANTS[text],), "variant")
        # Extraction that removed every 罪 also removed the one inside 犯罪所得, 犯罪分子, 犯罪方法.
        if "犯" in text and (restored := text.replace("犯", "犯罪")) in self.rows:
            return ChargeMapping(raw, (self.current[restored],), "restored")
        bare = text.replace("、", "")
        if bare in self._unpunctuated and len(bare) >= 4:
            return ChargeMapping(raw, (self.current[self._unpunctuated[bare]],), "variant")
        parent = self._part_parent(text)
        if parent is not None:
            return ChargeMapping(raw, (parent,), "part")
        if "、" in text:
            for reading in _alternatives(text):
                if len(reading) < 2:
                    continue
                names = [self._single(alternative) for alternative in reading]
                if all(names):
                    found = tuple(dict.fromkeys(n for n in names if n))
                    return ChargeMapping(raw, found, "part" if len(found) == 1 else "several")
        if len(text) >= 5:
            near = {self.current[n] for n in self.rows if _one_edit_apart(text, n)}
            if len(near) == 1:
                return ChargeMapping(raw, (near.pop(),), "variant")
        return ChargeMapping(raw, (), "unmapped")

    def normalise_all(self, raws: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The distinct catalogue names of several raw labels, and the labels that map to nothing."""
        names: dict[str, None] = {}
        unmapped: list[str] = []
        for raw in raws:
            mapping = self.normalise(raw)
            if mapping.names:
                names.update(dict.fromkeys(mapping.names))
            else:
                unmapped.append(raw)
        return tuple(names), tuple(unmapped)

    # -- mentions in a text ----------------------------------------------------------------------

    def _ending_at(self, text: str, end: int) -> str | None:
        for length in range(min(self._longest, end), 1, -1):
            candidate = text[end - length : end]
            if candidate in self._surface:
                return candidate
        return None

    def _starting_in(self, text: str, start: int) -> str | None:
        for offset in range(_HEADING_REACH + 1):
            begin = start + offset
            for length in range(min(self._longest, len(text) - begin), 1, -1):
                candidate = text[begin : begin + length]
                # Right after the number the name stands alone (一、介绍贿赂2011年…); after a
                # defendant's name it must be followed by 罪, 事实 … to be a heading.
                if candidate in self._surface and (
                    offset == 0 or text.startswith(_HEADING_TAIL, begin + length)
                ):
                    return candidate
            if begin < len(text) and text[begin] in "。；;\n":
                break
        return None

    def mentions(self, text: str) -> Counter[str]:
        """Weighted counts of the catalogue charges a text names.

        A name before 罪 (or 犯罪) counts 1, twice that after a qualifying word (构成, 犯, 以, 涉嫌 ...);
        a name heading a numbered section (一、受贿犯罪事实) counts 3: multi-charge judgments are
        organised by charge.
        """
        found: Counter[str] = Counter()

        def add(surface: str, weight: float) -> None:
            for name in self.normalise(surface).names:
                found[name] += weight

        position = text.find("罪")
        while position != -1:
            ends = [position] + ([position - 1] if position > 0 and text[position - 1] == "犯" else [])
            for end in ends:
                surface = self._ending_at(text, end)
                if surface:
                    before = text[max(0, end - len(surface) - 4) : end - len(surface)]
                    add(surface, 2.0 if before.endswith(_QUALIFYING) else 1.0)
                    break
            position = text.find("罪", position + 1)
        for match in _HEADING_RE.finditer(text):
            surface = self._starting_in(text, match.end())
            if surface:
                add(surface, 3.0)
        return found


@cache
def catalogue() -> ChargeCatalogue:
    return ChargeCatalogue(read_charges())
