"""What every output format of a report shares: languages, labels, flattened figures, value formatting.

The renderers never compute: they show the values of a ReportResult exactly as the JSON output
gives them. Money arrives as a string with two decimals and is only ever turned into a Decimal,
so that the table, CSV, workbook and PDF show the same digits as `--format json`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zoneinfo
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from procuracy.statistics.results import Breakdown, Figure, ReportResult

Lang = Literal["zh", "en"]
Kind = Literal["int", "money", "pct", "number", "none", "text"]

DEFAULT_LANG = "zh-hans"
_MONEY = re.compile(r"^-?\d+\.\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


def normalize_lang(lang: str | None) -> Lang:
    """Chinese unless English is asked for: the statisticians and leaders read Chinese, and the
    CLI and web pass Django language codes ("zh-hans", "en", "en-us") that are folded here."""
    if lang and lang.strip().lower().replace("_", "-").split("-")[0] == "en":
        return "en"
    return "zh"


def pick(lang: Lang, zh: str, en: str) -> str:
    return en if lang == "en" else zh


# Words of the report frame, in both languages.
WORDS: dict[str, tuple[str, str]] = {
    "period": ("统计期间", "Period"),
    "scope": ("统计范围", "Scope"),
    "generated": ("生成时间", "Generated"),
    "figures": ("主要指标", "Figures"),
    "indicator": ("指标", "Indicator"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "no_data": ("无数据", "No data"),
    "page": ("第 {n} 页", "Page {n}"),
    "top_n": ("图中仅显示前 {n} 项，完整数据见下表。", "The chart shows the first {n} items; the table lists all."),
}


def word(lang: Lang, name: str) -> str:
    return pick(lang, *WORDS[name])


# Units as figures name them, as a reader says them.
UNITS: dict[str, tuple[str, str]] = {
    "persons": ("人", "persons"),
    "cases": ("件", "cases"),
    "yuan": ("元", "yuan"),
    "%": ("%", "%"),
    "items": ("份", "items"),
}


def unit_label(unit: str, lang: Lang) -> str:
    if unit in UNITS:
        return pick(lang, *UNITS[unit])
    return unit


# Keys that appear inside dict-valued figures (indicators.md), with reader's labels.
_SUBKEY_LABELS: dict[str, tuple[str, str]] = {
    "persons": ("人数", "persons"),
    "cases": ("件数", "cases"),
    "amount_yuan": ("金额", "amount"),
    "arrests_approved": ("批准逮捕", "arrests approved"),
    "prosecuted": ("提起公诉", "prosecuted"),
    "recommendations_issued": ("制发检察建议", "recommendations issued"),
    "corruption_bribery": ("贪污贿赂", "corruption and bribery"),
    "malfeasance_infringement": ("渎职侵权", "malfeasance and rights infringement"),
    "malfeasance": ("渎职", "malfeasance"),
    "rights_infringement": ("侵犯公民权利", "infringement of citizens' rights"),
    "organized_crime": ("黑恶", "organized crime"),
    "other": ("其他", "other"),
}


def _vocabulary_label(parent: str, key: str) -> tuple[str, str] | None:
    """Rank and field codes are labelled by the case vocabulary and its message catalogue, so that a
    rank reads the same in a report as in the case file. Outside a configured Django (a bare script)
    the catalogue is out of reach and the caller falls back to the code itself."""
    from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
    from django.utils import translation

    from procuracy.cases.choices import FieldCode, Rank

    vocabulary: type[Rank] | type[FieldCode] | None = {"rank_counts": Rank, "field_counts": FieldCode}.get(parent)
    if vocabulary is None or key not in vocabulary.values:
        return None
    label = vocabulary(key).label
    try:
        with translation.override("zh-hans"):
            zh = str(label)
        with translation.override("en"):
            en = str(label)
    except (AppRegistryNotReady, ImproperlyConfigured):
        return None
    return zh, en


def subkey_labels(parent: str, key: str) -> tuple[str, str]:
    if _YEAR.match(key):
        return f"{key}年", key
    found = _vocabulary_label(parent, key)
    if found is not None:
        return found
    if key in _SUBKEY_LABELS:
        return _SUBKEY_LABELS[key]
    return key, key.replace("_", " ")


def _subkey_unit(key: str, parent_unit: str) -> str:
    """The unit of one item of a dict value: {"persons": n, "cases": n} mixes units under one
    figure, so the item's own key decides where it names one."""
    if key == "persons":
        return "persons"
    if key == "cases":
        return "cases"
    if key.endswith("_yuan"):
        return "yuan"
    if key == "recommendations_issued":
        return "items"
    return parent_unit


@dataclass(frozen=True)
class FigureRow:
    """One line of the figures table: a figure, or one item of a dict-valued figure."""

    key: str  # dotted: "persons_accepted_by_year.2018"
    label_zh: str  # standalone: "分年度受理人数 · 2018年"
    label_en: str
    short_zh: str  # the last part only, for indented display: "2018年"
    short_en: str
    value: Any
    unit: str
    depth: int  # 0 for a figure, 1 for an item, 2 for an item of an item
    group: bool  # a dict-valued figure's own line, which holds no value

    def label(self, lang: Lang) -> str:
        return pick(lang, self.label_zh, self.label_en)

    def short(self, lang: Lang) -> str:
        return pick(lang, self.short_zh, self.short_en)


SEPARATOR = " · "


def figure_rows(figures: tuple[Figure, ...]) -> list[FigureRow]:
    rows: list[FigureRow] = []
    for f in figures:
        rows.extend(_rows(f.key, f.label_zh, f.label_en, f.label_zh, f.label_en, f.value, f.unit, 0, f.key))
    return rows


def _rows(key: str, label_zh: str, label_en: str, short_zh: str, short_en: str, value: Any, unit: str,
          depth: int, parent: str) -> Iterator[FigureRow]:
    if isinstance(value, Mapping) and not value:
        # An empty dict (no field with any person) reads as a missing value, not as a heading over nothing.
        value = None
    if not isinstance(value, Mapping):
        yield FigureRow(key, label_zh, label_en, short_zh, short_en, value, unit, depth, False)
        return
    yield FigureRow(key, label_zh, label_en, short_zh, short_en, None, unit, depth, True)
    for sub, sub_value in value.items():
        sub = str(sub)
        zh, en = subkey_labels(parent, sub)
        yield from _rows(f"{key}.{sub}", f"{label_zh}{SEPARATOR}{zh}", f"{label_en}{SEPARATOR}{en}", zh, en,
                         sub_value, _subkey_unit(sub, unit), depth + 1, sub)


def value_kind(value: Any, unit: str = "") -> Kind:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "text"
    if isinstance(value, int):
        return "int"
    if isinstance(value, Decimal):
        return "money"
    if isinstance(value, str) and _MONEY.match(value):
        return "money"
    if isinstance(value, float):
        return "pct" if unit == "%" else "number"
    return "text"


def to_decimal(value: Any) -> Decimal | None:
    """Exact conversion of a money string; never through float."""
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def format_value(value: Any, unit: str = "", *, none: str = "—") -> str:
    """The value as a reader sees it: thousands separators, money with its two decimals,
    percentages with one decimal."""
    kind = value_kind(value, unit)
    if kind == "none":
        return none
    if kind == "int":
        return f"{value:,}"
    if kind == "money":
        amount = to_decimal(value)
        return f"{amount:,.2f}" if amount is not None else str(value)
    if kind == "pct":
        return f"{value:.1f}"
    if kind == "number":
        return f"{value:,.1f}"
    return str(value)


def raw_value(value: Any) -> str:
    """The value as the JSON output writes it (for CSV): exact, no grouping, empty for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def format_date(day: dt.date, lang: Lang) -> str:
    if lang == "en":
        return day.isoformat()
    return f"{day.year}年{day.month}月{day.day}日"


def period_text(result: ReportResult, lang: Lang) -> str:
    start, end = format_date(result.date_from, lang), format_date(result.date_to, lang)
    return f"{start} to {end}" if lang == "en" else f"{start}至{end}"


def scope_text(result: ReportResult, lang: Lang) -> str:
    name = result.scope_name or result.scope
    if name == result.scope:
        return name
    return f"{name} ({result.scope})" if lang == "en" else f"{name}（{result.scope}）"


def _local_zone() -> dt.tzinfo:
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        name = settings.TIME_ZONE
    except ImproperlyConfigured:
        name = "Asia/Shanghai"
    return zoneinfo.ZoneInfo(name or "Asia/Shanghai")


def generated_text(result: ReportResult) -> str:
    """When the figures were computed, on the procuratorate's clock (the database stores UTC)."""
    moment = result.generated or dt.datetime.now(tz=dt.UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(_local_zone())
    return moment.strftime("%Y-%m-%d %H:%M")


def title(result: ReportResult, lang: Lang) -> str:
    return pick(lang, result.title_zh, result.title_en)


def column_label(column: tuple[str, str, str], lang: Lang) -> str:
    return pick(lang, column[1], column[2])


def breakdown_title(breakdown: Breakdown, lang: Lang) -> str:
    return pick(lang, breakdown.title_zh, breakdown.title_en)


def chart_column(breakdown: Breakdown) -> str:
    """The column a chart plots: the one the breakdown names, else its first column after the
    dimension."""
    keys = [c[0] for c in breakdown.columns]
    if breakdown.chart_value in keys:
        return breakdown.chart_value
    return keys[1] if len(keys) > 1 else keys[0]


def char_width(char: str) -> int:
    """Columns a character takes in a terminal: two for wide and fullwidth CJK, none for combining
    marks. Ambiguous characters count one, as most terminals draw them; the renderers avoid them
    where alignment depends on it."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def pad(text: str, width: int, align: Literal["left", "right"] = "left") -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if align == "right" else text + fill


def chinese_ordinal(n: int) -> str:
    """一, 二, … 九十九: official documents number their sections this way."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else f"{digits[tens]}十"
    return head + (digits[ones] if ones else "")
