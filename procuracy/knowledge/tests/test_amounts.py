"""Amounts read from Chinese judgment text: unit tests and an accuracy check on real judgments.

The real-judgment rows were labelled by reading each text by hand, never from the function's output.
Three sets, to keep the estimate honest:

* ``DESIGN_ROWS``: judgments read while the heuristics were written.
* ``HELD_OUT_ROWS``: labelled before the code first ran on them; the first run got 15/30 right.
  The misses then guided general fixes, so the current share on them is optimistic.
* ``FRESH_ROWS``: labelled last, mostly related duty charges (介绍贿赂, 单位受贿, 私分国有资产 ...);
  the first run got 19/33.

The accuracy test prints every miss and asserts at least 80 % on the four main duty crimes (受贿, 贪污,
行贿, 挪用公款: design and held-out rows) and on all rows together.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

from procuracy.knowledge.amounts import AmountMention, amount_involved, extract_amounts, parse_amount

D = Decimal


# --------------------------------------------------------------------------------------------
# parse_amount: every written form
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人民币53900元", D("53900")),
        ("53,900元", D("53900")),
        ("53，900元", D("53900")),  # full-width thousands separator
        ("5万元", D("50000")),
        ("2.5万余元", D("25000")),  # 余 = "more than": the stated figure is taken
        ("一百二十万元", D("1200000")),
        ("壹拾万元", D("100000")),
        ("十二万五千元", D("125000")),
        ("3000余元", D("3000")),
        ("1.2亿元", D("120000000")),
        ("五千元", D("5000")),
        ("0.5万元", D("5000")),
        ("人民币60000.00元", D("60000")),
        ("2，783，374.22元", D("2783374.22")),
        ("人民币1，000余万元", D("10000000")),
        ("35万多元", D("350000")),
        ("十余万元", D("100000")),
        ("两万元", D("20000")),
        ("一亿二千万元", D("120000000")),
        ("一千零五十万元", D("10500000")),
        ("贰仟伍佰元", D("2500")),
        ("３０００元", D("3000")),  # full-width digits
        ("27.9417万某", D("279417")),  # anonymised corpora mask 元 after 万 as 某
        ("人民币130万", D("1300000")),  # 万 after 人民币 without 元
        ("5万", D("50000")),  # a bare single expression is money
        ("53900", D("53900")),
    ],
)
def test_parse_amount_forms(text: str, expected: Decimal) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "被告人", "20万美元", "2014年3月", "第三百八十三条"])
def test_parse_amount_none(text: str) -> None:
    assert parse_amount(text) is None


def test_parse_amount_returns_decimal_without_exponent() -> None:
    value = parse_amount("5万元")
    assert isinstance(value, Decimal)
    assert str(value) == "50000"


# --------------------------------------------------------------------------------------------
# extract_amounts
# --------------------------------------------------------------------------------------------


def test_extract_positions_text_and_kind() -> None:
    text = "被告人分三次收受王某现金2万元、3万元，共计人民币5万元。"
    mentions = extract_amounts(text)
    assert [m.value for m in mentions] == [D("20000"), D("30000"), D("50000")]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    assert mentions[-1].text == "人民币5万元"
    assert [m.kind for m in mentions] == ["item", "item", "total"]


@pytest.mark.parametrize(
    "lead",
    [
        "共计",
        "合计",
        "累计",
        "总计",
        "总额为",
        "总共",
        "一共",
        "共",
        "计",
        "共计价值",
        "合计向个人行贿人民币",
    ],
)
def test_extract_total_markers(lead: str) -> None:
    (mention,) = extract_amounts(f"收受财物{lead}12000元。")
    assert mention.kind == "total"


@pytest.mark.parametrize(
    "text",
    [
        "会计王某经手现金12000元。",  # 会计 is an accountant, not a total
        "伙同他人共同侵吞公款12000元。",  # 共同 = jointly
        "侵吞公共财物12000元。",
        "共收受三次，其中一次12000元。",  # the comma ends the reach of 共
    ],
)
def test_extract_not_totals(text: str) -> None:
    (mention,) = extract_amounts(text)
    assert mention.kind == "item"


def test_extract_summing_up_sentence_is_total() -> None:
    (mention,) = extract_amounts("综上，被告人贪污公款79350元。")
    assert mention.kind == "total"


def test_extract_skips_foreign_currency_and_plain_numbers() -> None:
    text = "送给陈某回扣美元20万（折合人民币1251642元），2013年5月，价值5708.679吨。"
    assert [m.value for m in extract_amounts(text)] == [D("1251642")]


def test_extract_anonymised_name_index() -> None:
    # 龚某1 and 龚某2 are names; the money is 2.6万元 and 2.5万元.
    text = "提供了龚某1、龚某2的材料，收取了龚某12.6万元现金、龚某22.5万元现金；送给刘某10000元。"
    mentions = extract_amounts(text)
    assert [m.value for m in mentions] == [D("26000"), D("25000"), D("10000")]
    assert mentions[0].text == "2.6万元"


def test_extract_returns_frozen_mentions() -> None:
    (mention,) = extract_amounts("收受5万元")
    assert isinstance(mention, AmountMention)
    with pytest.raises(AttributeError):
        mention.value = D(1)  # type: ignore[misc]


def test_extract_empty() -> None:
    assert extract_amounts("") == []


# --------------------------------------------------------------------------------------------
# amount_involved: the heuristics one at a time
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "charges", "expected"),
    [
        # the largest stated total wins over its parts
        ("收受甲现金2万元，收受乙现金3万元，共计人民币5万元。", ("受贿",), D("50000")),
        # without a total, distinct items are summed
        ("先后收受甲现金2万元、乙现金3万元。", ("受贿",), D("50000")),
        # fines, restitution and confiscation are ignored
        (
            "收受他人财物共计30万元。案发后退缴赃款30万元。判处有期徒刑三年，并处罚金人民币20万元。",
            (),
            D("300000"),
        ),
        ("收受他人现金8万元，没收违法所得10万元。", ("受贿",), D("80000")),
        # statutory thresholds are not amounts involved
        ("贪污公款28800元，虽达不到三万元以上，属特定款物。", ("贪污",), D("28800")),
        # a loss counts only for a loss-based charge
        ("收受贿赂5万元，造成国家损失69万元。", ("受贿",), D("50000")),
        ("违规审批，造成国家经济损失69万元。", ("滥用职权",), D("690000")),
        # unit prices and interest are not sums involved
        ("挪用公款60万元购买理财产品，获得理财收益人民币597.17元。", ("挪用公款",), D("600000")),
        ("以每亩20元的标准冒领补助款共计4万元。", ("贪污",), D("40000")),
        # a co-offender's share (其中, 分得) is part of the joint sum
        ("伙同他人套取资金50000元进行私分，其中被告人分得20000元。", ("贪污",), D("50000")),
        # the act word may follow the amount in its clause
        ("私自将砖卖出，得款1.8万元占为己有。", ("贪污",), D("18000")),
        # a promised sum is not the sum paid
        ("要求其给予好处费10万元，其表示同意。后送给甲现金3万元，送给乙现金2万元。", ("行贿",), D("50000")),
        # figures tied to another charge are ignored
        ("贪污公款343030元，并非法收受他人财物合计人民币220000元。", ("贪污",), D("343030")),
        # a total joined by 以及 to a further item
        ("先后收受人民币计123700元，以及价值人民币72000元的购物卡。", ("受贿",), D("195700")),
        # sub-totals in sibling numbered items are added
        ("一、收受甲现金共5万元。二、收受乙现金共2万元。三、收受丙现金共1.1万元。", ("受贿",), D("81000")),
        # a figure stated before the numbered items it sums
        (
            "被告人收受现金人民币50万元。具体如下：1、送给被告人40万元。2、送给被告人10万元。",
            ("受贿",),
            D("500000"),
        ),
        # the same figure in two numbered items counts twice
        (
            "1、2012年挪用公款100000元。2、2013年挪用公款50000元。3、2014年挪用公款100000元。",
            ("挪用公款",),
            D("250000"),
        ),
        # a section headed by another charge is left out
        (
            "（一）诈骗罪\n骗取被害人40万元。\n（二）挪用公款罪\n挪用公款共计16万元。",
            ("挪用公款",),
            D("160000"),
        ),
        # nothing to read
        ("被告人犯受贿罪，判处有期徒刑三年。", ("受贿",), None),
        ("", (), None),
    ],
)
def test_amount_involved_heuristics(text: str, charges: tuple[str, ...], expected: Decimal | None) -> None:
    assert amount_involved(text, charges) == expected


# --------------------------------------------------------------------------------------------
# Hand-labelled real judgments (../shared/data/judgments/judgments.jsonl, kind == "duty")
# --------------------------------------------------------------------------------------------


class Row(NamedTuple):
    judgment: str
    charge: str
    expected: Decimal | None
    comment: str


# Read while the heuristics were being written.
DESIGN_ROWS: tuple[Row, ...] = (
    Row(
        "J01284", "贪污", D("28800"), "冒领孤儿生活费28800元 incl. 7200 attempted; 三万元以上 is the statute"
    ),
    Row("J01469", "受贿", D("84300"), "共计价值84300元 ahead of 18 givers with their own 共计 sub-totals"),
    Row("J01499", "贪污", D("18000"), "得款1.8万某占为己有 (万某 = masked 万元); 10万块 are bricks"),
    Row("J01556", "行贿", D("35020"), "46 payments 共计人民币35020元"),
    Row("J01572", "受贿", D("53000"), "joint 共计53000元; shares 分得/实得 and a refund 退还 are parts"),
    Row("J01581", "受贿", D("2020000"), "30万 + 172万 = 合计202万; contract sums 总标的 ignored"),
    Row("J01582", "贪污", D("60000"), "综上…共计60000.00元; the yearly rent 每年10000 is not taken"),
    Row("J01592", "受贿", D("121960"), "three sub-totals summed as 121960; 退缴违纪资金172429 ignored"),
    Row("J01609", "行贿", D("163842"), "five kickbacks 共计163842元"),
    Row("J01683", "行贿", D("30000"), "行贿共计3万元"),
    Row("J01696", "行贿", D("1300000"), "共计人民币130万 written without 元"),
    Row("J01721", "受贿", D("195700"), "cash 计123700元 plus shopping cards 72000元"),
    Row("J01907", "行贿", D("30000"), "bribe 3万; compensation 35万多元/69万多元 is not the bribe"),
    Row("J01915", "受贿", D("454890"), "财物共计人民币454890元"),
    Row("J01925", "受贿", D("139000"), "现金计13.9万元 with seven items; 退出赃款109000 ignored"),
    Row("J01944", "行贿", D("20000"), "行贿现金人民币2万元 for a promotion"),
    Row("J01961", "行贿", D("7251642"), "600万 + USD 20万 折合人民币1251642元; equipment prices ignored"),
    Row("J01971", "贪污", D("16000"), "骗取危房改造补助款16000元"),
    Row(
        "J01978", "受贿", D("229000"), "184000 and 45000 in two streams, no overall total (上缴229000 agrees)"
    ),
    Row("J01981", "行贿", D("790000"), "回扣款共计79万元"),
    Row("J01982", "受贿", D("91000"), "four numbered givers, 共5万 + 共2万 + 共1万 + 共计1.1万"),
    Row("J02010", "贪污", D("79350"), "共计贪污79350元 (joint 64000 + own 15350); 实得 ignored"),
    Row("J02016", "行贿", D("50000"), "10万 demanded; 3万 + 2万 actually handed over"),
    Row("J02037", "挪用公款", D("1332700"), "4笔计人民币1，332，700.00元; interest 4739.64 ignored"),
    Row("J02066", "贪污", D("60000"), "6万 divided jointly; his share 分得3万"),
    Row("J02096", "挪用公款", D("2829550.2"), "共计挪用公款282.95502万某; 其中 unreturned part ignored"),
    Row("J02103", "受贿", D("187000"), "受贿 section: 共计187000元; 滥用职权 loss and 退交9.5万 ignored"),
    Row("J02110", "挪用公款", D("332600"), "挪用公款共计人民币332，600元"),
    Row("J02111", "受贿", D("507100"), "共计507100元; 退回269100 and the 十万某以上 threshold ignored"),
    Row("J02116", "挪用公款", D("266112.40"), "共计266112.40元; repayments and a 亏损 ignored"),
    Row("J02128", "挪用公款", D("300000"), "挪用征地补偿款30万元; the 100.016万 advance is the fund"),
    Row("J02164", "受贿", D("279417"), "共计人民币27.9417万某"),
    Row("J02252", "受贿", D("200000"), "索要200000元; the company loan 6600000 is not the bribe"),
    Row("J02253", "受贿", D("500000"), "人民币50万元 stated before items 40万 + 5万 + 5万"),
    Row("J02264", "贪污", D("5270000"), "综上 贪污数额共计527万余元; 受贿 42万 is the other charge"),
    Row("J02294", "贪污", D("20000"), "抵押金人民币2万元 占为己有"),
    Row("J02384", "贪污", D("47084.83"), "骗取补贴款47084.83元"),
    Row("J02391", "贪污", D("34856"), "stolen transformers 价值合计人民币34856元"),
    # Relabelled: my first reading stopped at a 1,300-character cut (which gave 122000). The full text
    # has the two defendants bribing six officials; the corpus labels the charge 受贿.
    Row(
        "J02434",
        "受贿",
        D("437000"),
        "12.2万 + 13.3万 + 1万 + 13万 + 0.2万 + 4万; fee pool 30.4万 not a bribe",
    ),
    Row("J02460", "行贿", D("1636000"), "1500000 + 122000 + 14000 to three officials, no total"),
    Row("J02502", "行贿", D("181268"), "共计向个人行贿181268元; 向单位行贿170009 is 对单位行贿"),
    Row("J02519", "行贿", D("110000"), "送款5笔，共计11万元"),
    Row("J02521", "行贿", D("110000"), "行贿合计人民币11万元 (the 贪污 part is another charge)"),
    Row("J02531", "行贿", D("100000"), "行贿10万元人民币 for a promotion"),
    Row("J02558", "行贿", D("400000"), "给予现金40万元"),
    Row("J02573", "行贿", D("20000"), "送给现金人民币2万元"),
    Row("J02593", "受贿", D("78000"), "回扣78000元; what he spent it on is not a separate sum"),
    Row("J02595", "贪污", D("27555"), "套取112000元 but only the remainder 27555 was taken for himself"),
    Row("J02609", "挪用公款", D("1205250"), "nine misappropriations incl. two of 100000; repayments ignored"),
    Row("J02765", "受贿", D("58000"), "5万 + 8000 = 共计人民币5.8万元"),
    Row("J02788", "受贿", D("280000"), "送现金合计280000元"),
    Row("J03099", "贪污", D("349325"), "共同贪污 共计349325元; personal share 87350"),
    Row("J03157", "贪污", D("343030"), "贪污公款343030元; 受贿 220000 is the other charge"),
    Row("J03158", "贪污", D("29950"), "套取29950元; the 非国家工作人员受贿 section is another charge"),
    Row("J03159", "贪污", D("50000"), "套取50000元 divided; his share 20000"),
    Row("J03236", "受贿", D("12000"), "好处费共12000元; 退出赃款8000"),
    Row("J03239", "受贿", D("944000"), "贿赂人民币944000元 before six items; tax loss ignored"),
    Row("J03240", "受贿", D("1061580"), "共计折合人民币1061580元"),
    Row("J03241", "受贿", D("13000"), "收受13000元; the state loss 69万 is not the bribe"),
    Row("J01763", "贪污", D("54000"), "侵吞54000元; 受贿 162200 and unexplained wealth are other charges"),
    Row("J01639", "挪用公款", D("600000"), "挪用600,000.00元; 理财收益597.17 ignored"),
)

# Labelled before the code first ran on them.
HELD_OUT_ROWS: tuple[Row, ...] = (
    Row("J03629", "贪污", D("2800000"), "280万元资金据为己有; 没收200万 and 赃款308余万 are not it"),
    Row("J03893", "贪污", D("222540"), "only stated as 赃款人民币222540元…予以追缴"),
    Row("J03646", "挪用公款", D("58320"), "2笔应收款（共计人民币58320元）"),
    Row("J03627", "贪污", None, "only USD 20万 involved; 没收个人财产二十万元 is a penalty"),
    Row("J03638", "受贿", None, "only 没收个人财产10万元, a penalty"),
    Row("J03284", "行贿", D("1530000"), "seven payments 5+8+20+15+40+30+35万"),
    Row("J03289", "行贿", D("65400"), "briber 阮某某: 1万 + 55400; the rest are others' bribes to 任某某"),
    Row("J03285", "行贿", D("100000"), "10万某 handed over (two 5万 were only planned)"),
    Row("J02988", "挪用公款", D("289893.6"), "court finds 共计人民币289893.6元 (indictment 289000余元)"),
    Row("J03155", "贪污", D("226500"), "私分共计22.65万某; his share 10.23万"),
    Row("J02480", "贪污", D("91760"), "侵吞公款91760元 out of a 60万 budget"),
    Row("J02522", "贪污", D("150000"), "贪污公款15万 (5万 jointly + 10万); 挪用 25万 is the other charge"),
    Row("J02658", "贪污", D("43166"), "侵吞补偿款43166元; 索取33000 and 收受12.5万 are bribery"),
    Row("J03347", "挪用公款", D("97645"), "短少木材款97645元 lost in gold trading"),
    Row("J03348", "挪用公款", D("1500000"), "150万某危房改造资金 put in a private account"),
    Row("J02476", "挪用公款", D("1700000"), "70万 to repay his loan + 100万 in wealth products"),
    Row("J02418", "挪用公款", D("2630000"), "截留1130000 + 1500000 not returned"),
    Row("J01624", "贪污", D("1202728.09"), "贪污公款1202728.09元; 挪用77287 is the other charge"),
    Row("J01398", "挪用公款", D("160000"), "公款共计16万某; the 诈骗 section is another charge"),
    Row("J02359", "挪用公款", D("20000"), "草地补偿款20000元 截留 and used"),
    Row("J02452", "挪用公款", D("1500000"), "150万 compensation moved, lent (120万) and invested (30万)"),
    Row("J02601", "挪用公款", D("90000"), "挪用村提留款9万元"),
    Row("J03237", "受贿", D("137308"), "贿赂款物共计137308元; the 滥用职权 loss is another charge"),
    Row("J03238", "受贿", D("955000"), "27.5万 + 43万 + 20万 + 5万; frozen deposit and 退出41万 ignored"),
    Row("J03288", "行贿", D("50000"), "收受高某5万元 before a 1000万 loan"),
    Row("J02500", "贪污", D("275372.22"), "共同侵吞征地补偿款共计人民币275372.22元"),
    Row("J01644", "受贿", D("9010000"), "款物共计人民币9010000元"),
    Row("J02328", "挪用公款", D("3300000"), "30万 + 300万 moved to his companies"),
    Row("J02526", "受贿", D("20000"), "送20000元"),
    Row(
        "J03349", "挪用公款", D("500000"), "50万某公款 lent to companies; 贪污 and 滥用职权 are other charges"
    ),
)

# Labelled last, from full texts, and run once without changing the code afterwards. Mostly related
# duty charges (介绍贿赂, 单位受贿, 私分国有资产, 对非国家工作人员行贿) to see how the rules carry over.
FRESH_ROWS: tuple[Row, ...] = (
    Row("J00037", "介绍贿赂", D("300000"), "数额共计300，000元"),
    Row("J00216", "介绍贿赂", D("150000"), "向国家工作人员××15万元 (the verb is masked)"),
    Row("J00313", "单位受贿", D("417315"), "收受回扣417315元, spent by the school"),
    Row("J00337", "单位受贿", D("312291.8"), "回扣款共计人民币312291.8元"),
    Row("J00374", "介绍贿赂", D("110200"), "计72500元 + 计37700元 in two numbered counts"),
    Row("J00749", "介绍贿赂", D("50000"), "carried 人民币5万元 to the official"),
    Row("J00752", "介绍贿赂", D("1360000"), "贿赂款总计136万某 brokered; his fees 100万 are not the bribe"),
    Row("J01227", "私分国有资产", D("2368000"), "国有资产236.8万元 moved to the staff-owned company"),
    Row("J01236", "私分国有资产", D("189000"), "办证费共计189000元 divided; his share 26000"),
    Row("J01240", "私分国有资产", D("160000"), "私分其中16万某 out of 45万 taken and 32万 drawn"),
    Row("J01259", "私分国有资产", D("129000"), "129000元 divided out of 179479 taken"),
    Row("J01281", "介绍贿赂", D("300000"), "5万 + 5万 + 20万 brokered to 项某"),
    Row("J01844", "对非国家工作人员行贿", D("550000"), "共向刘某等人兑现人民币55万元"),
    Row("J01897", "受贿", D("1130000"), "joint 20万 (counts in full for a co-offender) + 退股费93万"),
    Row("J01987", "单位行贿", D("142000"), "共计行贿人民币14.2万元; the asset loss is not the bribe"),
    Row("J02093", "对非国家工作人员行贿", D("94192"), "回扣款共计94192元 = 22800 + 71392"),
    Row("J02125", "行贿", D("20000"), "送给…共计人民币2万元; the 300万 bid profit is another charge"),
    Row("J03397", "单位受贿", D("7194240"), "vaccines 400.2万某 + cash 319.224万某"),
    Row("J03398", "单位受贿", D("220000"), "索取财物共计人民币220000元"),
    Row("J03399", "单位受贿", D("346541.55"), "手续费共计人民币346，541.55元"),
    Row("J03400", "单位受贿", D("1497340"), "赞助费或感谢费共计149.734万元"),
    Row("J03401", "单位受贿", D("900000"), "回扣30余万 + 50余万 + 10余万"),
    Row("J03402", "单位受贿", D("650000"), "好处费共计人民币65万某; item 1 is a printing profit"),
    Row("J03450", "介绍贿赂", D("2250000"), "brokered bribe of 225万; the other bribes are 王某甲's own"),
    Row("J03452", "介绍贿赂", D("5600000"), "好处费 400万 + 60万 + 100万 given via the introduction"),
    Row("J03455", "介绍贿赂", D("1000000"), "100万某 passed to 孙2某; 50万 kept as his fee"),
    Row("J03456", "介绍贿赂", D("1000000"), "two cards of 50万 brokered; the 70万 is 非国家工作人员受贿"),
    Row("J03538", "对非国家工作人员行贿", D("638205"), "回扣人民币638205元 in three ways"),
    Row("J03539", "对非国家工作人员行贿", D("30000"), "给予杨某3万元"),
    Row("J03540", "对非国家工作人员行贿", D("64150"), "回扣款共计64150元; cigarette sales are not bribes"),
    Row("J03543", "私分国有资产", D("181200"), "私分国有资产18.12万某 in the heading"),
    Row("J03544", "私分国有资产", D("140000"), "私分人民币14万某; 套取484113 is the fund"),
    Row("J03604", "利用影响力受贿", D("120000"), "6.5万某 + 5.5万某 received"),
)


def _corpus_path() -> Path:
    from django.conf import settings

    return Path(settings.PROCURACY_SHARED_DIR) / "data" / "judgments" / "judgments.jsonl"


@cache
def _texts() -> dict[str, str]:
    path = _corpus_path()
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("kind") == "duty":
                texts[record["id"]] = record.get("fact") or record.get("full_text") or ""
    return texts


def _misses(rows: tuple[Row, ...]) -> list[str]:
    texts = _texts()
    misses = []
    for row in rows:
        got = amount_involved(texts[row.judgment], (row.charge,))
        if got != row.expected:
            misses.append(f"{row.judgment} {row.charge}: expected {row.expected}, got {got} ({row.comment})")
    return misses


def test_labelled_rows_are_well_formed() -> None:
    ids = [row.judgment for row in DESIGN_ROWS + HELD_OUT_ROWS + FRESH_ROWS]
    assert len(ids) == len(set(ids))
    assert len(DESIGN_ROWS) >= 25
    assert len(HELD_OUT_ROWS) >= 25
    assert {row.charge for row in DESIGN_ROWS + HELD_OUT_ROWS} == {"受贿", "贪污", "行贿", "挪用公款"}


def test_labelled_rows_exist_in_corpus() -> None:
    missing = [
        row.judgment for row in DESIGN_ROWS + HELD_OUT_ROWS + FRESH_ROWS if not _texts().get(row.judgment)
    ]
    assert not missing


def test_hand_labelled_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    sets = {"design": DESIGN_ROWS, "held-out": HELD_OUT_ROWS, "fresh": FRESH_ROWS}
    misses = {name: _misses(rows) for name, rows in sets.items()}
    core_rows = len(DESIGN_ROWS) + len(HELD_OUT_ROWS)
    core_share = 1 - (len(misses["design"]) + len(misses["held-out"])) / core_rows
    all_rows = sum(len(rows) for rows in sets.values())
    all_share = 1 - sum(len(m) for m in misses.values()) / all_rows
    with capsys.disabled():
        print(
            f"\namount_involved, hand-labelled duty judgments: {core_share:.1%} of {core_rows} on 受贿/贪污/"
            f"行贿/挪用公款, {all_share:.1%} of {all_rows} in all ("
            + ", ".join(f"{name} {len(sets[name]) - len(m)}/{len(sets[name])}" for name, m in misses.items())
            + ")"
        )
        for name, found in misses.items():
            for miss in found:
                print(f"  MISS [{name}] {miss}")
    report = "\n".join(miss for found in misses.values() for miss in found)
    assert core_share >= 0.8, report
    assert all_share >= 0.8, report
