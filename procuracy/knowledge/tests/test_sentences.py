"""Reading a judgment: the first defendant's sentence from its operative part, and its own text without
the statutes appended after its signatures."""

from __future__ import annotations

import pytest

from procuracy.knowledge.sentences import SentenceRead, read_sentence

SIGNED = " 如不服本判决，可在接到判决书的第二日起十日内提出上诉。 审判长某某 二〇一八年三月十六日"


@pytest.mark.parametrize(("term", "months"), [
    ("三个月", 3), ("十个月", 10), ("十二个月", 12), ("两年", 24), ("18个月", 18), ("一十二个月", 12),
    ("二十年", 240), ("三年零六个月", 42),
])
def test_terms_in_chinese_numerals_or_digits(term: str, months: int) -> None:
    assert read_sentence(f"判决如下：被告人甲犯受贿罪，判处有期徒刑{term}。") == SentenceRead(months)


@pytest.mark.parametrize(("operative", "sentence"), [
    # J02796: «又» between years and months.
    ("一、被告人杨军林犯寻衅滋事罪，判处有期徒刑一年又六个月（刑期从判决执行之日起计算。）。 二、作案工具刮刀一把依法返还被害人。",
     SentenceRead(18)),
    # J02673: the defendant named again for a second charge, then the term to be served.
    ("被告人洪锋犯抢劫罪，判处有期徒刑三年，并处罚金人民币三千元；被告人洪锋犯强奸罪，判处有期徒刑一年。决定执行有期徒刑三年六个月，"
     "并处罚金人民币三千元。", SentenceRead(42)),
    # J02913: criminal detention for one charge, imprisonment for the other and as the term served.
    ("被告人刘楠犯危险驾驶罪，判处拘役三个月，并处罚金三千元；犯妨害公务罪，判处有期徒刑七个月，决定执行有期徒刑七个月，并处罚金三千元。",
     SentenceRead(7)),
    # J02765: a suspended term counts as its term.
    ("一、被告人李顺龙犯受贿罪，判处有期徒刑三年，缓刑三年。 二、被告人李顺龙的违法所得人民币五万八千元，予以没收。", SentenceRead(36)),
    # J02781: the first of four defendants.
    ("一、被告人李杰犯生产、销售伪劣产品罪，判处有期徒刑七年，并处罚金人民币二十六万元。 二、被告人李某甲犯销售伪劣产品罪，"
     "判处有期徒刑一年六个月，缓刑二年。", SentenceRead(84)),
    ("被告人甲犯受贿罪，判处无期徒刑，剥夺政治权利终身，并处没收个人全部财产。", SentenceRead(None, life=True)),
    ("被告人甲犯故意杀人罪，判处死刑，缓期二年执行，剥夺政治权利终身。", SentenceRead(None, death=True)),
    ("被告人甲犯受贿罪，判处有期徒刑三年零六个月。", SentenceRead(42)),
    # Nothing plain enough to read.
    ("被告人吴某某犯故意伤害罪，判处拘役五个月。", None),
    ("被告人于涛犯挪用公款罪，免予刑事处罚。", None),
    ("被告人甲犯A罪，判处有期徒刑一年；犯B罪，判处有期徒刑二年。", None),  # which is served is not said
    ("被告人甲犯受贿罪，判处有期徒刑六个；", None),
    ("被告人甲犯受贿罪，判处有期徒刑一年十四个月。", None),
    ("驳回上诉，维持原判。", None),
    ("一、撤销某县人民法院刑事判决；二、上诉人（原审被告人）王某犯受贿罪，判处有期徒刑六个月。", None),
])
def test_the_first_defendants_sentence(operative: str, sentence: SentenceRead | None) -> None:
    assert read_sentence("经审理查明：……依照《中华人民共和国刑法》……之规定，判决如下：" + operative + SIGNED) == sentence


def test_a_text_without_one_operative_part_gives_nothing() -> None:
    assert read_sentence("经审理查明：被告人甲收受财物。") is None
    twice = "判决如下：被告人甲犯受贿罪，判处有期徒刑三年。"
    assert read_sentence(twice + twice) is None
    # A ruling («裁定如下») is not a judgment of first instance.
    assert read_sentence("裁定如下：核准以抢劫罪判处被告人包某死刑的刑事裁定。") is None


def test_the_text_ends_at_the_signatures() -> None:
    from procuracy.knowledge.corpus import without_appended_law

    body = "被告人甲犯受贿罪…判决如下：被告人甲犯受贿罪，判处有期徒刑三年。 审判长乙 二〇一八年三月十六日 "
    for appendix in ("书记员丙 附：相关法律条文 第六十七条……是自首。", "附相关法条：第六十七条……是自首。",
                     "本案适用的法律条文 第六十七条……是自首。"):
        assert without_appended_law(body + appendix).startswith(body)
        assert "自首" not in without_appended_law(body + appendix)
    # Before its operative part a judgment may quote a law; that stays.
    assert without_appended_law("附带民事诉讼原告人丁……") == "附带民事诉讼原告人丁……"
