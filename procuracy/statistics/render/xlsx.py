"""The Excel workbook of a report: a sheet of figures with Chinese and English headings, and one
sheet per breakdown with a native Excel chart (so that a statistician can restyle it in Excel)."""

from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from procuracy.statistics.render.common import (
    Lang,
    breakdown_title,
    chart_column,
    display_width,
    figure_rows,
    generated_text,
    normalize_lang,
    period_text,
    pick,
    scope_text,
    title,
    to_decimal,
    unit_label,
    value_kind,
    word,
)
from procuracy.statistics.results import Breakdown, ReportResult

FIGURES_SHEET = "指标 Figures"
FIGURES_HEADERS = ("key", "指标（中文）", "Indicator (English)", "数值 Value", "单位 Unit")
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0"
INT_FORMAT = "#,##0"

# Named like the workbook's default font: a font without a name falls back to a serif face in some readers.
_BOLD = Font(name="Calibri", size=11, bold=True)
_TITLE = Font(name="Calibri", size=14, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4F0")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="7F8FA9"))
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# Excel's bar charts turn unreadable when many categories stand side by side; past this many the
# bars lie down so that each label gets its own line.
_HORIZONTAL_FROM = 13


def put(cell: Cell, value: Any, unit: str = "") -> None:
    """A value as a number Excel can sum, formatted as the JSON shows it. Money goes in through
    Decimal, straight from its exact string."""
    kind = value_kind(value, unit)
    if kind == "money":
        cell.value = to_decimal(value)
        cell.number_format = MONEY_FORMAT
    elif kind == "int":
        cell.value = value
        cell.number_format = INT_FORMAT
    elif kind in ("pct", "number"):
        cell.value = value
        cell.number_format = PERCENT_FORMAT
    elif kind == "none":
        cell.value = None
    else:
        cell.value = str(value)
    if kind != "text":
        cell.alignment = Alignment(horizontal="right")


def _header(ws: Worksheet, row: int, labels: tuple[str, ...] | list[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=col, value=label)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER


def _print_to_width(ws: Worksheet, landscape: bool) -> None:
    """Printed, a sheet keeps its columns (and the chart beside them) on one page's width."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"


def _fit_columns(ws: Worksheet, first_row: int, cap: int = 60) -> None:
    """Column widths from the text they hold, Chinese counting double as Excel draws it."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is None:
                continue
            text = f"{cell.value:,}" if isinstance(cell.value, int | float) else str(cell.value)
            widths[cell.column] = max(widths.get(cell.column, 0), display_width(text) + 1)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 1, 8), cap)


def _figures_sheet(ws: Worksheet, result: ReportResult, lang: Lang) -> None:
    ws.title = FIGURES_SHEET
    colon = ": " if lang == "en" else "："
    ws["A1"] = title(result, lang)
    ws["A1"].font = _TITLE
    ws["A2"] = f"{word(lang, 'period')}{colon}{period_text(result, lang)}"
    ws["A3"] = f"{word(lang, 'scope')}{colon}{scope_text(result, lang)}"
    ws["A4"] = f"{word(lang, 'generated')}{colon}{generated_text(result)}"
    header_row = 5
    _header(ws, header_row, FIGURES_HEADERS)
    row_no = header_row
    for row in figure_rows(result.figures):
        row_no += 1
        ws.cell(row=row_no, column=1, value=row.key)
        zh = ws.cell(row=row_no, column=2, value=row.label_zh)
        en = ws.cell(row=row_no, column=3, value=row.label_en)
        if row.depth:
            zh.alignment = en.alignment = Alignment(indent=row.depth)
        if row.group:
            zh.font = en.font = _BOLD
            continue
        put(ws.cell(row=row_no, column=4), row.value, row.unit)
        ws.cell(row=row_no, column=5, value=unit_label(row.unit, lang))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    _fit_columns(ws, header_row)
    _print_to_width(ws, landscape=False)


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """Excel refuses names over 31 characters, with []:*?/\\ in them, or used twice."""
    base = _INVALID_SHEET_CHARS.sub(" ", wanted).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    return name


def _chart(breakdown: Breakdown, ws: Worksheet, value_col: int, first: int, last: int,
           lang: Lang) -> BarChart | LineChart | PieChart:
    header = first - 1
    data = Reference(ws, min_col=value_col, min_row=header, max_row=last)
    categories = Reference(ws, min_col=1, min_row=first, max_row=last)
    count = last - first + 1
    chart: BarChart | LineChart | PieChart
    if breakdown.chart == "pie":
        chart = PieChart()
        # Only the share on each slice: the legend names the categories, and readers other than
        # Excel show every part of a label that is not switched off explicitly.
        chart.dataLabels = DataLabelList(showPercent=True, showVal=False, showCatName=False,
                                         showSerName=False, showLegendKey=False)
    elif breakdown.chart == "line":
        chart = LineChart()
        chart.legend = None
    else:
        chart = BarChart()
        chart.legend = None
        if count >= _HORIZONTAL_FROM:
            chart.type = "bar"
            # Excel stacks horizontal bars bottom-up; reversed, the first row of the table is on top.
            chart.x_axis.scaling.orientation = "maxMin"
            # …and the value axis, which would follow the first category to the top, stays below.
            chart.y_axis.crosses = "max"
            chart.height = min(max(7.5, count * 0.55), 60)
        else:
            chart.type = "col"
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    if isinstance(chart, LineChart):
        # A smoothed curve would show counts between months that never occurred.
        chart.series[0].smooth = False
    chart.title = breakdown_title(breakdown, lang)
    if not isinstance(chart, PieChart):
        # openpyxl 3.1 marks axes as deleted unless told otherwise, and Excel then draws none.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.y_axis.numFmt = INT_FORMAT
    chart.width = 18
    return chart


def _breakdown_sheet(wb: Workbook, breakdown: Breakdown, lang: Lang) -> Worksheet:
    ws = wb.create_sheet(_sheet_name(breakdown_title(breakdown, lang), set(wb.sheetnames)))
    ws["A1"] = breakdown_title(breakdown, lang)
    ws["A1"].font = _TITLE
    header_row = 2
    # Both languages in the headings, as on the figures sheet; the one asked for comes first.
    _header(ws, header_row, [
        pick(lang, f"{zh} {en}", f"{en} {zh}") if zh != en else zh for _, zh, en in breakdown.columns
    ])
    keys = [c[0] for c in breakdown.columns]
    for offset, row in enumerate(breakdown.rows, start=1):
        for col, key in enumerate(keys, start=1):
            put(ws.cell(row=header_row + offset, column=col), row.get(key))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    _fit_columns(ws, header_row, cap=40)
    _print_to_width(ws, landscape=True)
    if breakdown.rows:
        value_col = keys.index(chart_column(breakdown)) + 1
        first, last = header_row + 1, header_row + len(breakdown.rows)
        anchor = f"{get_column_letter(len(keys) + 2)}{header_row}"
        ws.add_chart(_chart(breakdown, ws, value_col, first, last, lang), anchor)
    else:
        ws.cell(row=header_row + 1, column=1, value=word(lang, "no_data"))
    return ws


def render_xlsx(result: ReportResult, lang: str = "zh-hans") -> bytes:
    """The report as an .xlsx workbook: sheet "指标 Figures", then one sheet per breakdown."""
    lg = normalize_lang(lang)
    wb = Workbook()
    wb.properties.title = title(result, lg)
    wb.properties.creator = "procuracy"
    _figures_sheet(wb.active, result, lg)
    for breakdown in result.breakdowns:
        _breakdown_sheet(wb, breakdown, lg)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
