"""The terminal table and the CSV of a report."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Literal

from procuracy.statistics.render.common import (
    SEPARATOR,
    Lang,
    breakdown_title,
    column_label,
    display_width,
    figure_rows,
    format_value,
    generated_text,
    normalize_lang,
    pad,
    period_text,
    raw_value,
    scope_text,
    title,
    unit_label,
    value_kind,
    word,
)
from procuracy.statistics.results import Breakdown, ReportResult

Align = Literal["left", "right"]
GAP = "  "
# A terminal draws an ambiguous-width dash one or two columns wide depending on its locale, so the
# table marks a missing value with ASCII to keep its columns straight everywhere.
MISSING = "-"


def grid(headers: Sequence[str], rows: Sequence[Sequence[str]], aligns: Sequence[Align]) -> list[str]:
    """Lines of an aligned table, padded by display width so that Chinese text lines up."""
    widths = [display_width(h) for h in headers]
    for row in rows:
        widths = [max(w, display_width(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str], cell_aligns: Sequence[Align]) -> str:
        return GAP.join(pad(c, w, a) for c, w, a in zip(cells, widths, cell_aligns, strict=True)).rstrip()

    out = [line(headers, aligns), GAP.join("-" * w for w in widths)]
    out.extend(line(row, aligns) for row in rows)
    return out


def _figures_block(result: ReportResult, lang: Lang) -> list[str]:
    rows: list[list[str]] = []
    for row in figure_rows(result.figures):
        # Items of a dict value sit indented under their figure rather than repeating its label.
        label = "  " * row.depth + (row.short(lang) if row.depth else row.label(lang))
        if row.group:
            rows.append([label, "", ""])
        else:
            rows.append([label, format_value(row.value, row.unit, none=MISSING), unit_label(row.unit, lang)])
    headers = [word(lang, "indicator"), word(lang, "value"), word(lang, "unit")]
    return grid(headers, rows, ["left", "right", "left"])


def _breakdown_block(breakdown: Breakdown, lang: Lang) -> list[str]:
    keys = [c[0] for c in breakdown.columns]
    headers = [column_label(c, lang) for c in breakdown.columns]
    if not breakdown.rows:
        return [f"({word(lang, 'no_data')})"]
    body = [[format_value(r.get(k), none=MISSING) for k in keys] for r in breakdown.rows]
    # The dimension reads left to right; measures line up on their last digit.
    aligns: list[Align] = ["left"]
    for key in keys[1:]:
        numeric = all(value_kind(r.get(key)) != "text" for r in breakdown.rows)
        aligns.append("right" if numeric else "left")
    return grid(headers, body, aligns)


def render_table(result: ReportResult, lang: str = "zh-hans") -> str:
    """A plain-text report for a terminal: title, period, scope, the figures, then each breakdown."""
    lg = normalize_lang(lang)
    colon = ": " if lg == "en" else "："
    head = title(result, lg)
    lines = [
        head,
        "=" * display_width(head),
        f"{word(lg, 'period')}{colon}{period_text(result, lg)}",
        f"{word(lg, 'scope')}{colon}{scope_text(result, lg)}",
        f"{word(lg, 'generated')}{colon}{generated_text(result)}",
        "",
        word(lg, "figures"),
        "",
        *_figures_block(result, lg),
    ]
    for breakdown in result.breakdowns:
        lines += ["", breakdown_title(breakdown, lg), "", *_breakdown_block(breakdown, lg)]
    return "\n".join(lines) + "\n"


# --- CSV -------------------------------------------------------------------------------------

CSV_HEADER = ("key", "label", "value")


def _meta_rows(result: ReportResult, lang: Lang) -> list[list[str]]:
    """The report's identity, with the keys of the JSON document, so that a CSV file found on its
    own still says which period and scope its numbers are for."""
    pairs = [
        ("report", ("报告", "Report"), result.name),
        ("title", ("标题", "Title"), title(result, lang)),
        ("from", ("起始日期", "From"), result.date_from.isoformat()),
        ("to", ("截止日期", "To"), result.date_to.isoformat()),
        ("scope", ("统计范围", "Scope"), result.scope),
        ("scope_name", ("统计范围名称", "Scope name"), result.scope_name),
    ]
    return [[key, label[1] if lang == "en" else label[0], value] for key, label, value in pairs]


def render_csv(result: ReportResult, lang: str = "zh-hans") -> str:
    """Figures as `key,label,value` rows (dict values flattened to dotted keys, values exactly as
    the JSON gives them), then a blank line and each breakdown as its own block: a line naming it,
    a header row and its rows."""
    lg = normalize_lang(lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    writer.writerows(_meta_rows(result, lg))
    for row in figure_rows(result.figures):
        if not row.group:
            writer.writerow([row.key, row.label(lg), raw_value(row.value)])
    for breakdown in result.breakdowns:
        writer.writerow([])
        writer.writerow([breakdown.key, breakdown_title(breakdown, lg)])
        writer.writerow([column_label(c, lg) for c in breakdown.columns])
        keys = [c[0] for c in breakdown.columns]
        writer.writerows([raw_value(r.get(k)) for k in keys] for r in breakdown.rows)
    return buffer.getvalue()


def render_csv_bytes(result: ReportResult, lang: str = "zh-hans", *, bom: bool = True) -> bytes:
    """UTF-8 CSV; with the byte-order mark Excel needs to read it as UTF-8 rather than the
    machine's ANSI code page (which garbles Chinese)."""
    data = render_csv(result, lang).encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


__all__ = ["CSV_HEADER", "SEPARATOR", "grid", "render_csv", "render_csv_bytes", "render_table"]
