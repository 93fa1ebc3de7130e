"""Legal citations in the form a Chinese reader expects: 《刑法》第三百八十三条第一款第三项.

The sentencing rules cite their sources in a compact English form ("Criminal Law art.
383(1)(三)", "Interpretation 法释〔2016〕9号 art. 2 para 1"); on a Chinese page each citation is
written the way Chinese legal documents write it. A citation this module does not recognise is
shown as it is.
"""

from __future__ import annotations

import re

DIGITS = "零一二三四五六七八九"

SOURCES = (
    ("Criminal Law (1997)", "1997年《刑法》"),
    ("Criminal Law", "《刑法》"),
    ("Interpretation on dereliction cases (一) (2012-12-07, in force 2013-01-09)",
     "《关于办理渎职刑事案件适用法律若干问题的解释（一）》"),
    ("Interpretation 法释〔2016〕9号", "《关于办理贪污贿赂刑事案件适用法律若干问题的解释》（法释〔2016〕9号）"),
    ("Sentencing opinion 法发〔2021〕21号", "《关于常见犯罪的量刑指导意见（试行）》（法发〔2021〕21号）"),
)
AMENDMENTS = {"VIII": "八", "IX": "九", "XI": "十一", "XII": "十二"}

_ARTICLE = re.compile(
    r"^arts?\. (?P<first>\d+)(?:-(?P<last>\d+))?"
    r"(?:\((?P<para>\d+)\)| para (?P<para2>\d+))?"
    r"(?: ?\((?P<item>[一二三四五六七八九十]+)\)(?:-\((?P<item_last>[一二三四五六七八九十]+)\))?)?"
    r"(?: \((?P<note>[^)]*)\))?$"
)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 19 → 十九, 294 → 二百九十四, 383 → 三百八十三, 1000 → 一千."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        if rest == 0:
            return DIGITS[hundreds] + "百"
        if rest < 10:
            return DIGITS[hundreds] + "百零" + DIGITS[rest]
        tens = chinese_number(rest)
        return DIGITS[hundreds] + "百" + ("一" + tens if rest < 20 else tens)
    return str(n)


def _note(note: str) -> str:
    match = re.fullmatch(r"Amendment ([IVX]+)", note)
    if match and match.group(1) in AMENDMENTS:
        return f"（《刑法修正案（{AMENDMENTS[match.group(1)]}）》）"
    if re.search(r"[\u4e00-\u9fff]", note) and not re.search(r"[A-Za-z]", note):
        return f"（{note}）"
    return ""


def in_chinese(citation: str) -> str:
    """The citation as Chinese legal writing, or unchanged when its form is not recognised."""
    for english, chinese in SOURCES:
        if citation == english:
            return chinese
        if not citation.startswith(english + " "):
            continue
        rest = citation[len(english) + 1:]
        if english.startswith("Sentencing opinion"):
            return chinese
        match = _ARTICLE.match(rest)
        if match is None:
            return citation
        text = f"{chinese}第{chinese_number(int(match['first']))}条"
        if match["last"]:
            text += f"至第{chinese_number(int(match['last']))}条"
        para = match["para"] or match["para2"]
        if para:
            text += f"第{chinese_number(int(para))}款"
        if match["item"]:
            text += f"第{match['item']}项" if match["para"] else f"第（{match['item']}）项"
            if match["item_last"]:
                text += f"至第（{match['item_last']}）项"
        if match["note"]:
            text += _note(match["note"])
        return text
    return citation
