"""The indicators of ../spec/indicators.md, key for key, with their labels.

The computation lives in queries.py; this module says what each key means to a reader.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    key: str
    label_zh: str
    label_en: str
    unit: str = "persons"


DUTY_CRIME = "duty-crime"
ORGANIZED_CRIME = "organized-crime"
REPORTS = (DUTY_CRIME, ORGANIZED_CRIME)

TITLES = {
    DUTY_CRIME: ("职务犯罪检察统计报告", "Duty-crime prosecution statistics"),
    ORGANIZED_CRIME: ("扫黑除恶检察统计报告", "Anti-gang prosecution statistics"),
}

DUTY_CRIME_INDICATORS = (
    Indicator("persons_accepted", "受理审查起诉人数", "Persons accepted for review for prosecution"),
    Indicator("persons_accepted_by_year", "分年度受理人数", "Persons accepted, by year"),
    Indicator("yoy_growth_pct", "同比增长率", "Year-on-year growth", "%"),
    Indicator("persons_prosecuted", "起诉人数", "Persons prosecuted"),
    Indicator("persons_not_prosecuted", "不起诉人数", "Persons not prosecuted"),
    Indicator("prosecution_rate_pct", "起诉率", "Prosecution rate", "%"),
    Indicator("category_share_pct", "罪名类别占比", "Share by category of principal charge", "%"),
    Indicator("rank_counts", "分职级受理人数", "Persons accepted, by rank"),
    Indicator("township_and_below_share_pct", "乡科级及以下人员占比", "Share of township level and below", "%"),
    Indicator("field_counts", "分领域受理人数", "Persons accepted, by field"),
    Indicator("provincial_ministerial_prosecuted", "起诉原省部级干部人数", "Provincial/ministerial officials prosecuted"),
    Indicator("persons_returned", "退回补充调查人数", "Persons returned for supplementary investigation"),
    Indicator("early_intervention_cases", "介入监察调查案件数", "Cases with early involvement", "cases"),
    Indicator("confiscation_persons", "提出没收违法所得申请人数", "Persons subject to confiscation applications"),
    Indicator("confiscation_recovered_yuan", "裁定没收违法所得金额", "Illegal gains confiscated by ruling", "yuan"),
    Indicator("max_person_amount_yuan", "个人涉案最高金额", "Largest amount involved for one person", "yuan"),
    Indicator("absentia_prosecuted", "缺席审判起诉人数", "Persons prosecuted in absentia"),
    Indicator("recommendation_adoption_pct", "量刑建议采纳率", "Sentencing recommendations adopted", "%"),
)

ORGANIZED_CRIME_INDICATORS = (
    Indicator("arrests_approved", "批准逮捕", "Arrests approved", ""),
    Indicator("prosecuted", "提起公诉", "Prosecuted", ""),
    Indicator("four_industries", "四大行业", "Four key industries", ""),
    Indicator("recommendations_issued", "制发检察建议数", "Procuratorial recommendations issued", "items"),
    Indicator("listed_cases", "挂牌督办案件数", "Cases listed for supervision", "cases"),
    Indicator("listed_cases_prosecuted", "挂牌督办案件已起诉数", "Listed cases prosecuted", "cases"),
    Indicator("victims_identified", "确认被害人数", "Victims identified"),
    Indicator("victims_visited", "回访被害人数", "Victims visited"),
    Indicator("relief", "司法救助", "Judicial relief to victims", ""),
    Indicator("enterprise_cases_prosecuted", "涉企黑恶案件起诉数", "Cases involving enterprises prosecuted", "cases"),
    Indicator("protective_umbrella_cases", "“保护伞”职务犯罪案件数", "Protective-umbrella duty-crime cases", "cases"),
)

INDICATORS = {DUTY_CRIME: DUTY_CRIME_INDICATORS, ORGANIZED_CRIME: ORGANIZED_CRIME_INDICATORS}

# Category shares of the duty-crime report join malfeasance and rights infringement.
CATEGORY_SHARE_KEYS = ("corruption_bribery", "malfeasance_infringement", "other")
