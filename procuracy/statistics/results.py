"""The computed form of a report, shared by every output (JSON, table, CSV, XLSX, PDF, web)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One published figure: its key in indicators.md, labels and value as the JSON gives it."""

    key: str
    label_zh: str
    label_en: str
    value: Any  # int, str (money "123.00"), float (percentage, one decimal), dict, or None
    unit: str = ""  # "persons", "cases", "yuan", "%", ""


@dataclass(frozen=True)
class Breakdown:
    """A table of the same figures split by one dimension (region, month, charge, …)."""

    key: str  # "by_region", "by_month", "by_charge", "by_category", "by_rank", "by_field"
    title_zh: str
    title_en: str
    columns: tuple[tuple[str, str, str], ...]  # (key, label_zh, label_en); the first is the dimension
    rows: tuple[dict[str, Any], ...]
    chart: str = "bar"  # "bar", "line" or "pie": how a reader best sees it
    chart_value: str = ""  # the column a chart plots


@dataclass(frozen=True)
class ReportResult:
    name: str  # "duty-crime" or "organized-crime"
    title_zh: str
    title_en: str
    date_from: dt.date
    date_to: dt.date
    scope: str  # procuratorate code
    scope_name: str  # e.g. 最高人民检察院
    figures: tuple[Figure, ...]
    breakdowns: tuple[Breakdown, ...] = field(default_factory=tuple)
    generated: dt.datetime | None = None

    def metrics(self) -> dict[str, Any]:
        return {f.key: f.value for f in self.figures}

    def to_json(self) -> dict[str, Any]:
        return {
            "report": self.name,
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "scope": self.scope,
            "metrics": self.metrics(),
            "breakdowns": {
                b.key: [dict(row) for row in b.rows] for b in self.breakdowns
            },
        }
