"""The PDF of a report: A4, for a leader to read and print.

Chinese text is set in Noto Sans SC, shipped with the project (procuracy/statistics/fonts, a
subset covering GB 2312 and every place name of the division list) and embedded in each PDF, so
the report reads the same on any machine and its text can be searched and copied. The rare
character outside the subset falls back to the Adobe CID font STSong-Light, which needs no file
and which Chinese PDF readers draw from their own fonts. Charts are reportlab vector drawings:
they stay sharp when printed and need no plotting library.
"""

from __future__ import annotations

import functools
import io
import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from procuracy.statistics.render.common import (
    Lang,
    breakdown_title,
    chart_column,
    chinese_ordinal,
    column_label,
    figure_rows,
    format_value,
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

logger = logging.getLogger(__name__)

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "ProcuracySans"
FONT_BOLD = "ProcuracySans-Bold"
FALLBACK_FONT = "STSong-Light"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
# A bar chart with more bars than this has labels too small to read on A4; the table beneath it
# lists every row anyway.
MAX_BARS = 32

INK = colors.HexColor("#1F2A3C")
MUTED = colors.HexColor("#5B6577")
RULE = colors.HexColor("#B4BED0")
HEADER_FILL = colors.HexColor("#DDE4F0")
ZEBRA = colors.HexColor("#F5F7FB")
ACCENT = colors.HexColor("#9E1B1B")  # the red of the procuratorial emblem, for the title rule
PALETTE = [colors.HexColor(c) for c in (
    "#2F5597", "#C0504D", "#9BBB59", "#F2A93B", "#8064A2", "#4BACC6", "#7F7F7F", "#B65708",
    "#2C7873", "#D9534F",
)]


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    covered: frozenset[int] | None  # code points the regular font draws; None: all it is asked to


@functools.cache
def fonts() -> Fonts:
    """Registers the fonts once per process. Should the shipped font files be missing (an install
    that left out package data), the report is still produced, wholly in the CID font, rather than
    not at all."""
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    regular_file, bold_file = FONT_DIR / "NotoSansSC-Regular.ttf", FONT_DIR / "NotoSansSC-Bold.ttf"
    if not (regular_file.is_file() and bold_file.is_file()):
        logger.warning("PDF fonts missing in %s: Chinese text falls back to %s, not embedded", FONT_DIR,
                       FALLBACK_FONT)
        return Fonts(FALLBACK_FONT, FALLBACK_FONT, None)
    regular = TTFont(FONT, str(regular_file))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold_file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    return Fonts(FONT, FONT_BOLD, frozenset(regular.face.charToGlyph))


def covered_code_points() -> frozenset[int] | None:
    return fonts().covered


def markup(text: str) -> str:
    """Paragraph markup for any text: escaped, with characters the embedded font lacks set in the
    CID fallback font rather than drawn as empty boxes."""
    covered = covered_code_points()
    if covered is None:
        return escape(text)
    parts: list[str] = []
    for missing, run in itertools.groupby(text, key=lambda c: ord(c) not in covered and not c.isspace()):
        chunk = escape("".join(run))
        parts.append(f'<font name="{FALLBACK_FONT}">{chunk}</font>' if missing else chunk)
    return "".join(parts)


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts().regular, fonts().bold
    base = ParagraphStyle("base", fontName=regular, fontSize=10, leading=15, textColor=INK, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=20, leading=28, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=11, leading=16, alignment=TA_CENTER,
                                   textColor=MUTED),
        "meta": ParagraphStyle("meta", base, fontSize=10.5, leading=16),
        "heading": ParagraphStyle("heading", base, fontName=bold, fontSize=13.5, leading=20,
                                  spaceBefore=14, spaceAfter=6),
        "cell": ParagraphStyle("cell", base, fontSize=9.5, leading=13),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=bold, fontSize=9.5, leading=13),
        "number": ParagraphStyle("number", base, fontSize=9.5, leading=13, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=9.5, leading=13),
        "head_right": ParagraphStyle("head_right", base, fontName=bold, fontSize=9.5, leading=13,
                                     alignment=TA_RIGHT),
        "note": ParagraphStyle("note", base, fontSize=8.5, leading=12, textColor=MUTED),
    }


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(markup(text), _styles()[style])


def _table(data: list[list[Any]], widths: Sequence[float], extra: Sequence[tuple[Any, ...]] = ()) -> Table:
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *extra,
    ]))
    return table


def _figures_table(result: ReportResult, lang: Lang) -> Table:
    data: list[list[Any]] = [[
        _p(word(lang, "indicator"), "head"), _p(word(lang, "value"), "head_right"), _p(word(lang, "unit"), "head"),
    ]]
    styles = _styles()
    for row in figure_rows(result.figures):
        label = row.short(lang) if row.depth else row.label(lang)
        # Items of a dict value sit indented under their figure, the way a printed table reads.
        style = ParagraphStyle(f"label{row.depth}{row.group}", styles["cell_bold" if row.group else "cell"],
                               leftIndent=14 * row.depth)
        if row.group:
            data.append([Paragraph(markup(label), style), "", ""])
            continue
        data.append([
            Paragraph(markup(label), style),
            _p(format_value(row.value, row.unit), "number"),
            _p(unit_label(row.unit, lang), "cell"),
        ])
    return _table(data, (FRAME_WIDTH * 0.62, FRAME_WIDTH * 0.26, FRAME_WIDTH * 0.12))


def _breakdown_table(breakdown: Breakdown, lang: Lang) -> Table:
    keys = [c[0] for c in breakdown.columns]
    numeric = [i > 0 and all(value_kind(r.get(k)) != "text" for r in breakdown.rows) for i, k in enumerate(keys)]
    data: list[list[Any]] = [[
        _p(column_label(c, lang), "head_right" if numeric[i] else "head") for i, c in enumerate(breakdown.columns)
    ]]
    for row in breakdown.rows:
        data.append([
            _p(format_value(row.get(k)), "number" if numeric[i] else "cell") for i, k in enumerate(keys)
        ])
    first = FRAME_WIDTH * (0.4 if len(keys) > 2 else 0.6)
    rest = (FRAME_WIDTH - first) / max(1, len(keys) - 1)
    return _table(data, [first, *[rest] * (len(keys) - 1)])


# --- charts ----------------------------------------------------------------------------------

def _plot_value(value: Any) -> float | None:
    """A position on a chart. Money is converted from its exact Decimal only here, to place a bar:
    the figure itself is printed from the string in the table."""
    kind = value_kind(value)
    if kind == "money":
        amount = to_decimal(value)
        return float(amount) if amount is not None else None
    if kind in ("int", "pct", "number"):
        return float(value)
    return None


def _axis_label(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _bar_label(value: float | None) -> str:
    if value is None:
        return ""
    return _axis_label(value)


def _chart_series(breakdown: Breakdown) -> tuple[list[str], list[float | None]]:
    dimension, measure = breakdown.columns[0][0], chart_column(breakdown)
    labels = [format_value(r.get(dimension), none="") for r in breakdown.rows]
    values = [_plot_value(r.get(measure)) for r in breakdown.rows]
    return labels, values


def _value_axis(axis: Any, values: Sequence[float | None]) -> None:
    axis.valueMin = 0
    present = [v for v in values if v is not None]
    top = max(present, default=0)
    if top <= 0:
        axis.valueMax = 1
    if top <= 5 and all(float(v).is_integer() for v in present):
        # Small counts would otherwise get ticks at 0.2, 0.4, …: no one is 0.4 of a person.
        axis.valueMax = max(1, int(top))
        axis.valueStep = 1
    axis.labels.fontName = fonts().regular
    axis.labels.fontSize = 8
    axis.labels.fillColor = MUTED
    axis.labelTextFormat = _axis_label
    axis.strokeColor = RULE
    axis.visibleGrid = True
    axis.gridStrokeColor = colors.HexColor("#E3E7EF")
    axis.gridStrokeWidth = 0.5


def _bar_chart(labels: list[str], values: list[float | None]) -> Drawing:
    widest = max((pdfmetrics.stringWidth(label, fonts().regular, 8) for label in labels), default=0)
    if len(labels) > 12 or widest > 60:
        # Lying bars give each long label (a province, a charge) its own line.
        label_room = min(widest, FRAME_WIDTH * 0.35) + 8
        height = 30 + (16 if len(labels) <= 20 else 14) * len(labels)
        drawing = Drawing(FRAME_WIDTH, height)
        chart: HorizontalBarChart | VerticalBarChart = HorizontalBarChart()
        chart.x, chart.y = label_room, 20
        chart.width, chart.height = FRAME_WIDTH - label_room - 40, height - 30
        # reportlab draws the first category at the bottom; reversed, the table's first row is on top.
        chart.data = [list(reversed(values))]
        chart.categoryAxis.categoryNames = list(reversed(labels))
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -4
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
    else:
        height = 185
        drawing = Drawing(FRAME_WIDTH, height)
        chart = VerticalBarChart()
        chart.x, chart.y = 50, 25
        chart.width, chart.height = FRAME_WIDTH - 70, height - 45
        chart.data = [values]
        chart.categoryAxis.categoryNames = labels
        chart.categoryAxis.labels.boxAnchor = "n"
        chart.categoryAxis.labels.dy = -4
        chart.barLabels.boxAnchor = "s"
        chart.barLabels.dy = 2
    chart.categoryAxis.labels.fontName = fonts().regular
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.strokeColor = RULE
    _value_axis(chart.valueAxis, values)
    chart.bars[0].fillColor = PALETTE[0]
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = _bar_label
    chart.barLabels.fontName = fonts().regular
    chart.barLabels.fontSize = 7
    chart.barLabels.fillColor = MUTED
    chart.groupSpacing = 4
    drawing.add(chart)
    return drawing


def _line_chart(labels: list[str], values: list[float | None]) -> Drawing:
    height = 210
    drawing = Drawing(FRAME_WIDTH, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 50, 50
    chart.width, chart.height = FRAME_WIDTH - 70, height - 65
    chart.data = [values]
    # Past a dozen points not every label fits. Steps that divide a year (quarters, half years,
    # years) keep the labelled months the same each year.
    step = next((n for n in (1, 2, 3, 4, 6, 12, 24, 36, 60, 120) if len(labels) <= 12 * n), -(-len(labels) // 12))
    chart.categoryAxis.categoryNames = [label if i % step == 0 else "" for i, label in enumerate(labels)]
    chart.categoryAxis.labels.fontName = fonts().regular
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.angle = 30 if len(labels) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 6 else "n"
    chart.categoryAxis.labels.dy = -4
    chart.categoryAxis.strokeColor = RULE
    _value_axis(chart.valueAxis, values)
    chart.lines[0].strokeColor = PALETTE[0]
    chart.lines[0].strokeWidth = 1.6
    if len(values) <= 36:
        # Beyond three years of months the dots merge into a second, thicker line.
        chart.lines[0].symbol = makeMarker("FilledCircle", size=3.5, fillColor=PALETTE[0], strokeColor=PALETTE[0])
    chart.joinedLines = 1
    drawing.add(chart)
    return drawing


def _pie_chart(labels: list[str], values: list[float | None], raw: list[Any], suffix: str) -> Drawing | None:
    parts = [(label, v, r) for label, v, r in zip(labels, values, raw, strict=True) if v is not None and v > 0]
    if not parts:
        return None
    height = 190
    drawing = Drawing(FRAME_WIDTH, height)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 40, 20, 150, 150
    pie.data = [v for _, v, _ in parts]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 1
    for i in range(len(parts)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    drawing.add(pie)
    legend = Legend()
    legend.x, legend.y = 230, height - 30
    legend.fontName = fonts().regular
    legend.fontSize = 9
    legend.alignment = "right"
    legend.columnMaximum = 12
    legend.deltay = 14
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)], f"{label}    {format_value(r)}{suffix}") for i, (label, _, r) in enumerate(parts)
    ]
    drawing.add(legend)
    return drawing


def _chart(breakdown: Breakdown, lang: Lang) -> list[Flowable]:
    """The chart the breakdown suggests, captioned with the column it plots."""
    labels, values = _chart_series(breakdown)
    measure = chart_column(breakdown)
    caption = next((column_label(c, lang) for c in breakdown.columns if c[0] == measure), "")
    drawing: Drawing | None = None
    note = ""
    if breakdown.chart == "pie":
        # Shares are printed with their sign when the column says it holds percentages.
        suffix = "%" if "%" in caption else ""
        drawing = _pie_chart(labels, values, [r.get(measure) for r in breakdown.rows], suffix)
    elif not any(values):
        drawing = None
    elif breakdown.chart == "line":
        drawing = _line_chart(labels, values)
    else:
        shown = min(len(labels), MAX_BARS)
        drawing = _bar_chart(labels[:shown], values[:shown])
        if shown < len(labels):
            note = word(lang, "top_n").format(n=shown)
    if drawing is None:
        return [_p(pick(lang, f"（{word(lang, 'no_data')}）", f"({word(lang, 'no_data')})"), "note")]
    out: list[Flowable] = [drawing, _caption(caption)]
    if note:
        out.append(_p(note, "note"))
    return out


def _caption(text: str) -> Drawing:
    drawing = Drawing(FRAME_WIDTH, 14)
    drawing.add(String(FRAME_WIDTH / 2, 2, text, fontName=fonts().regular, fontSize=8.5, fillColor=MUTED, textAnchor="middle"))
    return drawing


# --- the document ----------------------------------------------------------------------------

def _section(n: int, text: str, lang: Lang) -> str:
    return f"{n}. {text}" if lang == "en" else f"{chinese_ordinal(n)}、{text}"


def _footer(report_title: str, lang: Lang) -> Any:
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, 12 * mm, PAGE_WIDTH - MARGIN, 12 * mm)
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts().regular, 8)
        canvas.drawString(MARGIN, 8 * mm, report_title)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, 8 * mm, word(lang, "page").format(n=doc.page))
        canvas.restoreState()

    return draw


def _title_rule() -> Drawing:
    drawing = Drawing(FRAME_WIDTH, 8)
    drawing.add(Line(0, 4, FRAME_WIDTH, 4, strokeColor=ACCENT, strokeWidth=1.5))
    return drawing


def render_pdf(result: ReportResult, lang: str = "zh-hans") -> bytes:
    """The report as an A4 PDF: title, period, scope, generation time, the figures, and a chart and
    table for each breakdown."""
    lg = normalize_lang(lang)
    report_title = title(result, lg)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=20 * mm,
        title=report_title, author=result.scope_name, subject=period_text(result, lg), creator="procuracy",
        lang=pick(lg, "zh-CN", "en"),
    )
    colon = ": " if lg == "en" else "："
    story: list[Flowable] = [_p(report_title, "title")]
    if lg == "en" and result.title_zh:
        # The English edition still names the report as its Chinese readers know it.
        story.append(_p(result.title_zh, "subtitle"))
    story += [
        Spacer(1, 4),
        _title_rule(),
        Spacer(1, 6),
        _p(f"{word(lg, 'period')}{colon}{period_text(result, lg)}", "meta"),
        _p(f"{word(lg, 'scope')}{colon}{scope_text(result, lg)}", "meta"),
        _p(f"{word(lg, 'generated')}{colon}{generated_text(result)}", "meta"),
        _p(_section(1, word(lg, "figures"), lg), "heading"),
        _figures_table(result, lg),
    ]
    for n, breakdown in enumerate(result.breakdowns, start=2):
        heading = _p(_section(n, breakdown_title(breakdown, lg), lg), "heading")
        story.append(CondPageBreak(120))
        story.append(KeepTogether([heading, *_chart(breakdown, lg), Spacer(1, 6)]))
        if breakdown.rows:
            story.append(_breakdown_table(breakdown, lg))
    doc.build(story, onFirstPage=_footer(report_title, lg), onLaterPages=_footer(report_title, lg))
    return buffer.getvalue()
