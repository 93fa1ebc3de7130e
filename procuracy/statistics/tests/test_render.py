"""The renderers of `procuracy report` (table, CSV, XLSX, PDF) over hand-built results.

No database: the results are written out here with the published figures of seed-figures.json
and plausible values for the rest, so these tests check only that every format shows the values
exactly and legibly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart, LineChart, PieChart
from pypdf import PdfReader

from procuracy.statistics.render import (
    render,
    render_bytes,
    render_csv,
    render_csv_bytes,
    render_pdf,
    render_table,
    render_xlsx,
)
from procuracy.statistics.render.common import display_width, figure_rows, format_value, normalize_lang
from procuracy.statistics.render.xlsx import FIGURES_HEADERS, FIGURES_SHEET
from procuracy.statistics.results import Breakdown, Figure, ReportResult

PROVINCES = (
    "广东省", "浙江省", "江苏省", "山东省", "河南省", "四川省", "湖北省", "湖南省", "河北省", "福建省",
    "安徽省", "辽宁省", "江西省", "陕西省", "云南省", "广西壮族自治区", "山西省", "贵州省", "重庆市",
    "黑龙江省", "吉林省", "内蒙古自治区", "甘肃省", "北京市", "上海市", "天津市", "新疆维吾尔自治区",
    "海南省", "宁夏回族自治区", "青海省", "西藏自治区",
)
CHARGES = (
    "受贿", "贪污", "行贿", "挪用公款", "滥用职权", "玩忽职守", "单位行贿", "利用影响力受贿", "私分国有资产",
    "巨额财产来源不明", "介绍贿赂", "单位受贿", "徇私枉法", "对有影响力的人行贿", "食品监管渎职", "环境监管失职",
    "对单位行贿", "徇私舞弊不移交刑事案件", "非法拘禁", "故意泄露国家秘密", "隐瞒境外存款", "私分罚没财物",
    "刑讯逼供", "暴力取证", "虐待被监管人", "非法搜查", "滥用管理公司、证券职权", "放纵走私", "签订、履行合同失职被骗",
    "违法发放林木采伐许可证",
)
ACCEPTED = ("accepted", "受理人数", "Accepted")
PROSECUTED = ("prosecuted", "起诉人数", "Prosecuted")
NOT_PROSECUTED = ("not_prosecuted", "不起诉人数", "Not prosecuted")
GENERATED = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)


def spread(total: int, parts: int, seed: int) -> list[int]:
    """`parts` uneven counts adding up to `total`, the largest first (as breakdowns sort them)."""
    weights = [(parts - i) ** 2 + (seed * (i + 3)) % 7 for i in range(parts)]
    counts = [total * w // sum(weights) for w in weights]
    counts[0] += total - sum(counts)
    return sorted(counts, reverse=True)


def duty_crime_result() -> ReportResult:
    figures = (
        Figure("persons_accepted", "受理审查起诉人数", "Persons accepted for review for prosecution", 40326, "persons"),
        Figure("persons_accepted_by_year", "分年度受理人数", "Persons accepted, by year",
               {"2018": 16092, "2019": 24234}, "persons"),
        Figure("yoy_growth_pct", "同比增长率", "Year-on-year growth", {"2019": 50.6}, "%"),
        Figure("persons_prosecuted", "起诉人数", "Persons prosecuted", 28387, "persons"),
        Figure("persons_not_prosecuted", "不起诉人数", "Persons not prosecuted", 954, "persons"),
        Figure("prosecution_rate_pct", "起诉率", "Prosecution rate", 96.7, "%"),
        Figure("category_share_pct", "罪名类别占比", "Share by category of principal charge",
               {"corruption_bribery": 82.6, "malfeasance_infringement": 10.1, "other": 7.3}, "%"),
        Figure("rank_counts", "分职级受理人数", "Persons accepted, by rank", {
            "provincial_ministerial": 52, "department_bureau": 1208, "county_division": 4861,
            "township_section": 13510, "below_township": 12702, "grassroots": 7431, "soe_manager": 420,
            "non_official": 142,
        }, "persons"),
        Figure("township_and_below_share_pct", "乡科级及以下人员占比", "Share of township level and below", 83.4, "%"),
        Figure("field_counts", "分领域受理人数", "Persons accepted, by field", {
            "project_construction": 6210, "people_benefit_funds": 5410, "poverty_alleviation": 4820,
            "state_owned_enterprise": 3870, "finance": 3105, "land_acquisition": 2980,
        }, "persons"),
        Figure("provincial_ministerial_prosecuted", "起诉原省部级干部人数", "Provincial/ministerial officials prosecuted",
               48, "persons"),
        Figure("persons_returned", "退回补充调查人数", "Persons returned for supplementary investigation", 3021, "persons"),
        Figure("early_intervention_cases", "介入监察调查案件数", "Cases with early involvement", 5842, "cases"),
        Figure("confiscation_persons", "提出没收违法所得申请人数", "Persons subject to confiscation applications", 30,
               "persons"),
        Figure("confiscation_recovered_yuan", "裁定没收违法所得金额", "Illegal gains confiscated by ruling",
               "556000000.00", "yuan"),
        Figure("max_person_amount_yuan", "个人涉案最高金额", "Largest amount involved for one person",
               "717000000.00", "yuan"),
        Figure("absentia_prosecuted", "缺席审判起诉人数", "Persons prosecuted in absentia", 3, "persons"),
        Figure("recommendation_adoption_pct", "量刑建议采纳率", "Sentencing recommendations adopted", 95.2, "%"),
    )
    accepted = spread(40326, len(PROVINCES), 1)
    prosecuted = spread(28387, len(PROVINCES), 2)
    not_prosecuted = spread(954, len(PROVINCES), 3)
    by_region = Breakdown(
        "by_region", "分地区", "By region", (("region", "地区", "Region"), ACCEPTED, PROSECUTED, NOT_PROSECUTED),
        tuple({"region": name, "code": f"{i:02d}0000", "accepted": a, "prosecuted": p, "not_prosecuted": n}
              for i, (name, a, p, n) in enumerate(zip(PROVINCES, accepted, prosecuted, not_prosecuted, strict=True))),
        "bar", "accepted",
    )
    months = [f"{y}-{m:02d}" for y in (2018, 2019) for m in range(1, 13)]
    monthly = [1341 + (i * 37) % 211 - 105 for i in range(12)] + [2020 + (i * 53) % 307 - 150 for i in range(12)]
    by_month = Breakdown(
        "by_month", "分月份", "By month", (("month", "月份", "Month"), ACCEPTED, PROSECUTED),
        tuple({"month": m, "accepted": n, "prosecuted": n * 7 // 10} for m, n in zip(months, monthly, strict=True)),
        "line", "accepted",
    )
    by_category = Breakdown(
        "by_category", "罪名类别", "By category", (("category", "类别", "Category"), ("value", "占比（%）", "Share (%)")),
        ({"category": "贪污贿赂", "code": "corruption_bribery", "value": 82.6},
         {"category": "渎职侵权", "code": "malfeasance_infringement", "value": 10.1},
         {"category": "其他", "code": "other", "value": 7.3}),
        "pie", "value",
    )
    ranks = ("省部级", "厅局级", "县处级", "乡科级", "一般干部", "基层组织人员", "国有企业管理人员", "非公职人员")
    rank_counts = (52, 1208, 4861, 13510, 12702, 7431, 420, 142)
    by_rank = Breakdown(
        "by_rank", "职级", "By rank", (("rank", "职级", "Rank"), ("value", "受理人数", "Accepted")),
        tuple({"rank": r, "value": n} for r, n in zip(ranks, rank_counts, strict=True)), "bar", "value",
    )
    by_charge = Breakdown(
        "by_charge", "分罪名", "By principal charge", (("charge", "罪名", "Charge"), ("value", "受理人数", "Accepted")),
        tuple({"charge": c, "value": n} for c, n in zip(CHARGES, spread(40326, len(CHARGES), 4), strict=True)),
        "bar", "value",
    )
    return ReportResult(
        name="duty-crime", title_zh="职务犯罪检察统计报告", title_en="Duty-crime prosecution statistics",
        date_from=dt.date(2018, 1, 1), date_to=dt.date(2019, 12, 31), scope="SPP", scope_name="最高人民检察院",
        figures=figures, breakdowns=(by_region, by_month, by_category, by_rank, by_charge), generated=GENERATED,
    )


def organized_crime_result() -> ReportResult:
    figures = (
        Figure("arrests_approved", "批准逮捕", "Arrests approved", {"persons": 5341, "cases": 2179}, ""),
        Figure("prosecuted", "提起公诉", "Prosecuted", {"persons": 17465, "cases": 3260}, ""),
        Figure("four_industries", "四大行业", "Four key industries", {
            "arrests_approved": {"persons": 2503, "cases": 528},
            "prosecuted": {"persons": 4616, "cases": 495},
            "recommendations_issued": 478,
        }, ""),
        Figure("recommendations_issued", "制发检察建议数", "Procuratorial recommendations issued", 1213, "items"),
        Figure("listed_cases", "挂牌督办案件数", "Cases listed for supervision", 25, "cases"),
        Figure("listed_cases_prosecuted", "挂牌督办案件已起诉数", "Listed cases prosecuted", 14, "cases"),
        Figure("victims_identified", "确认被害人数", "Victims identified", 796, "persons"),
        Figure("victims_visited", "回访被害人数", "Victims visited", 536, "persons"),
        Figure("relief", "司法救助", "Judicial relief to victims",
               {"persons": 32, "cases": 23, "amount_yuan": "685000.00"}, ""),
        Figure("enterprise_cases_prosecuted", "涉企黑恶案件起诉数", "Cases involving enterprises prosecuted", 97, "cases"),
        Figure("protective_umbrella_cases", "“保护伞”职务犯罪案件数", "Protective-umbrella duty-crime cases", 0, "cases"),
    )
    cities = ("沈阳市", "大连市", "鞍山市", "抚顺市", "丹东市", "锦州市", "葫芦岛市")
    by_region = Breakdown(
        "by_region", "分地区", "By region",
        (("region", "地区", "Region"), ("arrest_approved", "批准逮捕人数", "Arrests approved"), PROSECUTED),
        tuple({"region": c, "arrest_approved": a, "prosecuted": p}
              for c, a, p in zip(cities, spread(412, 7, 5), spread(1390, 7, 6), strict=True)),
        "bar", "arrest_approved",
    )
    empty = Breakdown("by_month", "分月份", "By month", (("month", "月份", "Month"), PROSECUTED), (), "line", "prosecuted")
    return ReportResult(
        name="organized-crime", title_zh="扫黑除恶检察统计报告", title_en="Anti-gang prosecution statistics",
        date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 11, 30), scope="210000", scope_name="辽宁省人民检察院",
        figures=figures, breakdowns=(by_region, empty), generated=GENERATED,
    )


def empty_result() -> ReportResult:
    """A scope with nothing in the period: percentages over zero items are null."""
    figures = (
        Figure("persons_accepted", "受理审查起诉人数", "Persons accepted for review for prosecution", 0, "persons"),
        Figure("prosecution_rate_pct", "起诉率", "Prosecution rate", None, "%"),
        Figure("category_share_pct", "罪名类别占比", "Share by category of principal charge",
               {"corruption_bribery": None, "malfeasance_infringement": None, "other": None}, "%"),
        Figure("max_person_amount_yuan", "个人涉案最高金额", "Largest amount involved for one person", None, "yuan"),
        Figure("field_counts", "分领域受理人数", "Persons accepted, by field", {}, "persons"),
    )
    by_category = Breakdown(
        "by_category", "罪名类别", "By category", (("category", "类别", "Category"), ("value", "占比（%）", "Share (%)")),
        ({"category": "贪污贿赂", "value": None}, {"category": "其他", "value": None}), "pie", "value",
    )
    return ReportResult(
        name="duty-crime", title_zh="职务犯罪检察统计报告", title_en="Duty-crime prosecution statistics",
        date_from=dt.date(2030, 1, 1), date_to=dt.date(2030, 1, 31), scope="110000", scope_name="北京市人民检察院",
        figures=figures, breakdowns=(by_category,), generated=None,
    )


@pytest.fixture(scope="module")
def duty() -> ReportResult:
    return duty_crime_result()


@pytest.fixture(scope="module")
def gang() -> ReportResult:
    return organized_crime_result()


# --- common ----------------------------------------------------------------------------------

def test_languages_fold_to_chinese_or_english() -> None:
    assert normalize_lang("zh-hans") == normalize_lang(None) == normalize_lang("zh_Hans") == "zh"
    assert normalize_lang("en") == normalize_lang("en-us") == "en"


def test_display_width_counts_chinese_double() -> None:
    assert display_width("起诉率") == 6
    assert display_width("（SPP）") == 7
    assert display_width("rate 50.6%") == 10


def test_values_are_formatted_exactly() -> None:
    assert format_value(40326, "persons") == "40,326"
    assert format_value("556000000.00", "yuan") == "556,000,000.00"
    assert format_value("0.10", "yuan") == "0.10"
    assert format_value(50.6, "%") == "50.6"
    assert format_value(None, "%") == "—"


def test_dict_values_flatten_to_dotted_keys_with_labels(duty: ReportResult, gang: ReportResult) -> None:
    rows = {r.key: r for r in figure_rows(duty.figures)}
    assert rows["persons_accepted_by_year"].group
    year = rows["persons_accepted_by_year.2018"]
    assert (year.value, year.unit, year.depth) == (16092, "persons", 1)
    assert year.label_zh == "分年度受理人数 · 2018年"
    assert year.label_en == "Persons accepted, by year · 2018"
    assert rows["category_share_pct.corruption_bribery"].label_zh == "罪名类别占比 · 贪污贿赂"
    # Ranks and fields read as the case vocabulary names them.
    assert rows["rank_counts.provincial_ministerial"].label_zh == "分职级受理人数 · 省部级"
    assert rows["rank_counts.provincial_ministerial"].label_en.endswith("provincial or ministerial level")
    assert rows["field_counts.finance"].label_zh == "分领域受理人数 · 金融"
    gang_rows = {r.key: r for r in figure_rows(gang.figures)}
    deep = gang_rows["four_industries.arrests_approved.persons"]
    assert (deep.value, deep.unit, deep.depth) == (2503, "persons", 2)
    assert deep.label_zh == "四大行业 · 批准逮捕 · 人数"
    assert gang_rows["four_industries.recommendations_issued"].unit == "items"
    assert gang_rows["relief.amount_yuan"].unit == "yuan"
    assert gang_rows["relief.cases"].unit == "cases"


# --- table -----------------------------------------------------------------------------------

def _block(text: str, heading: str) -> list[str]:
    """The table lines under a heading: from its column header to the next blank line."""
    lines = text.splitlines()
    start = lines.index(heading) + 2
    end = next((i for i in range(start, len(lines)) if not lines[i]), len(lines))
    return lines[start:end]


def test_table_shows_frame_and_values(duty: ReportResult) -> None:
    text = render_table(duty)
    assert text.startswith("职务犯罪检察统计报告\n")
    assert "统计期间：2018年1月1日至2019年12月31日" in text
    assert "统计范围：最高人民检察院（SPP）" in text
    assert "生成时间：2026-03-02 09:30" in text  # 01:30 UTC on the procuratorate's clock
    for shown in ("40,326", "16,092", "24,234", "50.6", "28,387", "954", "556,000,000.00", "717,000,000.00"):
        assert shown in text
    assert "2018年" in text and "省部级" in text
    for heading in ("分地区", "分月份", "罪名类别", "职级", "分罪名"):
        assert f"\n{heading}\n" in text


def test_table_columns_align_with_chinese_labels(duty: ReportResult) -> None:
    text = render_table(duty)
    figures = _block(text, "主要指标")
    _header, rule, *rows = figures
    assert set(rule) == {"-", " "}
    units = {"人", "件", "元", "%", "份"}
    valued = [line for line in rows if line.split()[-1] in units]
    assert len(valued) > 30
    # The unit column starts at one display column on every line: everything before it lines up.
    starts = {display_width(line) - display_width(line.split()[-1]) for line in valued}
    assert len(starts) == 1
    # A plain len() would disagree, since the labels hold different numbers of Chinese characters.
    assert len({len(line) - len(line.split()[-1]) for line in valued}) > 1
    region = _block(text, "分地区")
    # Numbers are right-aligned and the last column ends at the same display column everywhere.
    assert len({display_width(line) for line in region[2:]}) == 1
    assert display_width(region[0]) == display_width(region[2])
    assert any("新疆维吾尔自治区" in line for line in region)


def test_table_in_english(duty: ReportResult) -> None:
    text = render_table(duty, "en")
    assert text.startswith("Duty-crime prosecution statistics\n")
    assert "Period: 2018-01-01 to 2019-12-31" in text
    assert "Persons accepted for review for prosecution" in text
    assert "Figures" in text and "By region" in text
    assert "persons" in text and "yuan" in text


def test_table_marks_missing_values() -> None:
    text = render_table(empty_result())
    assert "起诉率" in text
    line = next(x for x in text.splitlines() if x.startswith("起诉率"))
    assert line.split()[-2:] == ["-", "%"]


# --- CSV -------------------------------------------------------------------------------------

def _csv_blocks(text: str) -> list[list[list[str]]]:
    blocks: list[list[list[str]]] = [[]]
    for row in csv.reader(io.StringIO(text)):
        if not row:
            blocks.append([])
        else:
            blocks[-1].append(row)
    return blocks


def test_csv_has_flattened_figures_and_breakdown_blocks(duty: ReportResult) -> None:
    blocks = _csv_blocks(render_csv(duty))
    figures, *breakdowns = blocks
    assert figures[0] == ["key", "label", "value"]
    values = {row[0]: row[2] for row in figures[1:]}
    labels = {row[0]: row[1] for row in figures[1:]}
    assert all(len(row) == 3 for row in figures)
    assert values["report"] == "duty-crime" and values["from"] == "2018-01-01" and values["to"] == "2019-12-31"
    assert values["scope"] == "SPP"
    assert values["persons_accepted"] == "40326"
    assert values["persons_accepted_by_year.2018"] == "16092"
    assert values["persons_accepted_by_year.2019"] == "24234"
    assert values["yoy_growth_pct.2019"] == "50.6"
    assert values["category_share_pct.malfeasance_infringement"] == "10.1"
    assert values["rank_counts.provincial_ministerial"] == "52"
    assert values["confiscation_recovered_yuan"] == "556000000.00"
    assert values["max_person_amount_yuan"] == "717000000.00"
    assert labels["persons_accepted_by_year.2018"] == "分年度受理人数 · 2018年"
    # A dict-valued figure has no line of its own: only its items carry values.
    assert "persons_accepted_by_year" not in values
    assert [b[0][0] for b in breakdowns] == ["by_region", "by_month", "by_category", "by_rank", "by_charge"]
    region = breakdowns[0]
    assert region[0] == ["by_region", "分地区"]
    assert region[1] == ["地区", "受理人数", "起诉人数", "不起诉人数"]
    assert len(region) == 2 + len(PROVINCES)
    assert sum(int(r[1]) for r in region[2:]) == 40326


def test_csv_nested_values_and_nulls(gang: ReportResult) -> None:
    values = {row[0]: row[2] for row in _csv_blocks(render_csv(gang, "en"))[0][1:]}
    assert values["four_industries.arrests_approved.persons"] == "2503"
    assert values["four_industries.prosecuted.cases"] == "495"
    assert values["relief.amount_yuan"] == "685000.00"
    empty = {row[0]: row[2] for row in _csv_blocks(render_csv(empty_result()))[0][1:]}
    assert empty["prosecution_rate_pct"] == ""
    assert empty["category_share_pct.other"] == ""


def test_csv_bytes_carry_the_excel_bom(duty: ReportResult) -> None:
    data = render_csv_bytes(duty)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == render_csv(duty)
    assert not render_csv_bytes(duty, bom=False).startswith(b"\xef\xbb\xbf")


# --- XLSX ------------------------------------------------------------------------------------

def _figures_by_key(ws: object) -> dict[str, tuple[object, ...]]:
    rows = list(ws.iter_rows(values_only=True))  # type: ignore[attr-defined]
    header = rows.index(FIGURES_HEADERS)
    return {row[0]: row for row in rows[header + 1:] if row[0]}


def test_xlsx_figures_sheet(duty: ReportResult) -> None:
    wb = load_workbook(io.BytesIO(render_xlsx(duty)))
    assert wb.sheetnames[0] == FIGURES_SHEET == "指标 Figures"
    ws = wb[FIGURES_SHEET]
    assert ws["A1"].value == "职务犯罪检察统计报告"
    assert "2018年1月1日至2019年12月31日" in ws["A2"].value
    assert "最高人民检察院" in ws["A3"].value
    headers = next(r for r in ws.iter_rows(values_only=True) if r[0] == "key")
    assert "指标（中文）" in headers and "Indicator (English)" in headers
    rows = _figures_by_key(ws)
    assert rows["persons_accepted"][1:4] == ("受理审查起诉人数", "Persons accepted for review for prosecution", 40326)
    assert rows["persons_accepted_by_year.2019"][3] == 24234
    assert rows["yoy_growth_pct.2019"][3] == 50.6
    money = rows["confiscation_recovered_yuan"]
    assert Decimal(str(money[3])) == Decimal("556000000.00")
    assert money[4] == "元"
    cells = {row[0].value: row for row in ws.iter_rows() if row[0].value}
    assert cells["confiscation_recovered_yuan"][3].number_format == "#,##0.00"
    assert cells["yoy_growth_pct.2019"][3].number_format == "0.0"
    assert ws.freeze_panes is not None and ws.freeze_panes != "A1"
    assert ws.column_dimensions["B"].width > 10


def test_xlsx_has_a_sheet_and_chart_per_breakdown(duty: ReportResult) -> None:
    wb = load_workbook(io.BytesIO(render_xlsx(duty)))
    assert len(wb.sheetnames) == 1 + len(duty.breakdowns)
    kinds = {"bar": BarChart, "line": LineChart, "pie": PieChart}
    for breakdown, name in zip(duty.breakdowns, wb.sheetnames[1:], strict=True):
        ws = wb[name]
        assert ws._charts, f"sheet {name} has no chart"
        assert isinstance(ws._charts[0], kinds[breakdown.chart])
        assert ws.freeze_panes == "A3"
        rows = list(ws.iter_rows(min_row=3, values_only=True))
        assert len(rows) == len(breakdown.rows)
    region = wb[wb.sheetnames[1]]
    assert region["A2"].value == "地区 Region"
    assert region["A3"].value == "广东省"
    assert sum(r[1] for r in region.iter_rows(min_row=3, values_only=True)) == 40326


def test_xlsx_nested_money_and_empty_breakdown(gang: ReportResult) -> None:
    wb = load_workbook(io.BytesIO(render_xlsx(gang, "en")))
    rows = _figures_by_key(wb[FIGURES_SHEET])
    assert rows["four_industries.prosecuted.persons"][3] == 4616
    assert Decimal(str(rows["relief.amount_yuan"][3])) == Decimal("685000.00")
    assert rows["relief.amount_yuan"][4] == "yuan"
    assert wb[FIGURES_SHEET]["A1"].value == "Anti-gang prosecution statistics"
    empty = wb[wb.sheetnames[2]]
    assert not empty._charts
    assert empty["A3"].value == "No data"


# --- PDF -------------------------------------------------------------------------------------

def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def duty_pdf(duty: ReportResult) -> bytes:
    return render_pdf(duty)


def test_pdf_text_is_chinese_and_exact(duty_pdf: bytes) -> None:
    assert duty_pdf.startswith(b"%PDF")
    text = _pdf_text(duty_pdf)
    assert "职务犯罪检察统计报告" in text
    assert "最高人民检察院" in text
    assert "2018年1月1日至2019年12月31日" in text
    assert "受理审查起诉人数" in text
    for shown in ("40,326", "16,092", "50.6", "556,000,000.00", "717,000,000.00"):
        assert shown in text
    for heading in ("二、分地区", "三、分月份", "四、罪名类别"):
        assert heading in text


def test_pdf_embeds_its_chinese_font(duty_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(duty_pdf))
    assert len(reader.pages) >= 3
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = descriptor is not None and "/FontFile2" in descriptor.get_object()
    noto = {name: embedded for name, embedded in fonts.items() if "ProcuracySans" in name or "Noto" in name}
    assert noto and all(noto.values()), fonts


def test_pdf_in_english(duty: ReportResult) -> None:
    text = _pdf_text(render_pdf(duty, "en"))
    assert "Duty-crime prosecution statistics" in text
    assert "Persons accepted for review for prosecution" in text
    assert "By region" in text
    assert "40,326" in text


def test_pdf_with_nested_missing_and_rare_characters(gang: ReportResult) -> None:
    text = _pdf_text(render_pdf(gang))
    assert "扫黑除恶检察统计报告" in text and "辽宁省人民检察院" in text
    assert "685,000.00" in text and "2,503" in text
    empty = render_pdf(empty_result())
    assert "起诉率" in _pdf_text(empty)


def test_pdf_sets_characters_outside_the_font_in_the_fallback() -> None:
    from procuracy.statistics.render.pdf import FALLBACK_FONT, covered_code_points, markup

    rare = "\u3400"  # CJK Extension A, outside GB 2312
    assert ord(rare) not in covered_code_points()
    assert markup(f"北京{rare}区 <x>") == f'北京<font name="{FALLBACK_FONT}">{rare}</font>区 &lt;x&gt;'
    result = empty_result()
    odd = ReportResult(**{**result.__dict__, "scope_name": f"北京{rare}区人民检察院"})
    assert render_pdf(odd).startswith(b"%PDF")


def test_pdf_without_its_font_files_falls_back_to_the_cid_font(
        monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from procuracy.statistics.render import pdf

    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path)
    pdf.fonts.cache_clear()
    pdf._styles.cache_clear()
    try:
        data = render_pdf(empty_result())
        assert pdf.fonts().regular == pdf.FALLBACK_FONT
    finally:
        pdf.fonts.cache_clear()
        pdf._styles.cache_clear()
    assert "职务犯罪检察统计报告" in _pdf_text(data)


# --- dispatch --------------------------------------------------------------------------------

def test_render_dispatches_by_format(duty: ReportResult) -> None:
    assert render(duty, "table") == render_table(duty)
    assert render(duty, "csv", "en") == render_csv(duty, "en")
    assert render_bytes(duty, "csv").startswith(b"\xef\xbb\xbf")
    assert render_bytes(duty, "table").decode("utf-8") == render_table(duty)
    assert render_bytes(duty, "xlsx").startswith(b"PK")
    with pytest.raises(ValueError, match="unknown report format"):
        render(duty, "docx")
