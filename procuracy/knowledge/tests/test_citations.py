import pytest

from procuracy.knowledge.citations import chinese_number, in_chinese


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (19, "十九"), (20, "二十"), (67, "六十七"), (100, "一百"),
                                         (101, "一百零一"), (115, "一百一十五"), (294, "二百九十四"), (383, "三百八十三")])
def test_chinese_numbers(n: int, text: str) -> None:
    assert chinese_number(n) == text


@pytest.mark.parametrize(("citation", "chinese"), [
    ("Criminal Law art. 383(1)(三)", "《刑法》第三百八十三条第一款第三项"),
    ("Criminal Law art. 390 (Amendment XII)", "《刑法》第三百九十条（《刑法修正案（十二）》）"),
    ("Criminal Law art. 294(1) (组织、领导)", "《刑法》第二百九十四条第一款（组织、领导）"),
    ("Criminal Law (1997) art. 390(1)", "1997年《刑法》第三百九十条第一款"),
    ("Interpretation 法释〔2016〕9号 arts. 1-3",
     "《关于办理贪污贿赂刑事案件适用法律若干问题的解释》（法释〔2016〕9号）第一条至第三条"),
    ("Interpretation 法释〔2016〕9号 art. 7 para 2 (一)-(五)",
     "《关于办理贪污贿赂刑事案件适用法律若干问题的解释》（法释〔2016〕9号）第七条第二款第（一）项至第（五）项"),
    ("Something else art. 5", "Something else art. 5"),
])
def test_citations_in_chinese(citation: str, chinese: str) -> None:
    assert in_chinese(citation) == chinese
