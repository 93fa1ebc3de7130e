"""The principal penalty of the first defendant, read from the operative part of a judgment.

Many public judgments carry their full text but no sentence field. A first-instance judgment ends
with its operative part, «判决如下：一、被告人甲犯受贿罪，判处有期徒刑三年，并处罚金…», in one
fixed form; the sentence of its first defendant is read from there, the term to be served where
several are combined («…决定执行有期徒刑五年»). Only what that form states without doubt is read:
fixed-term imprisonment (suspended or not, its term counts), life imprisonment, death (with a
reprieve or not). A judgment on appeal (upholding, quashing or varying another), a ruling, a penalty other
than imprisonment (拘役, 管制, a fine alone, exemption) or any other wording gives nothing: the
sentence then stays unknown, as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from procuracy.knowledge.amounts import numeral_value

__all__ = ["SentenceRead", "read_sentence"]

_NUMBER = r"[零〇一二两三四五六七八九十\d]{1,4}"
_TERM = re.compile(
    rf"有期徒刑(?:(?P<years>{_NUMBER})年)?(?:[又零]?(?P<months>{_NUMBER})个月)?"
    r"|(?P<life>无期徒刑)|(?P<death>死刑)"
)
# The operative part: from «判决如下» to the notice of appeal or the signatures.
_OPERATIVE = re.compile(r"判决如下[:：]")
_OPERATIVE_END = re.compile(r"如不服本判决|本判决为终审判决|审\s*判\s*长|审\s*判\s*员")
# Each defendant's item begins «被告人甲犯…»; the first defendant's runs on through the items naming
# them again, up to another defendant or another numbered item.
_DEFENDANT = re.compile(r"被告人(?P<name>[^，,、；;。：:\s（）()]{1,12}?)犯")
_ITEM = re.compile(r"[二三四五六七八九十][、．.]")
_PENALTY = re.compile(r"判处(?P<penalty>[^，,；;。（(]*)")
_COMBINED = re.compile(r"决定执行(?P<penalty>[^，,；;。（(]*)")
# An appeal's judgment upholds, quashes or varies another: what is served is not stated whole here.
_APPEAL = re.compile(r"驳回上诉|驳回抗诉|维持|撤销|上诉人")


@dataclass(frozen=True, slots=True)
class SentenceRead:
    months: int | None  # fixed-term imprisonment; None for life or death
    life: bool = False
    death: bool = False


def _penalty(text: str) -> SentenceRead | None:
    """The imprisonment a penalty clause states («有期徒刑三年六个月», up to its first comma), if
    that is all it states."""
    found = _TERM.fullmatch(text.strip())
    if found is None:
        return None
    if found.group("life"):
        return SentenceRead(None, life=True)
    if found.group("death"):
        return SentenceRead(None, death=True)
    years = numeral_value(found.group("years")) if found.group("years") else 0
    months = numeral_value(found.group("months")) if found.group("months") else 0
    if years is None or months is None or (years and months >= 12):
        return None
    years, months = int(years), int(months)
    total = years * 12 + months
    return SentenceRead(total) if 0 < total <= 300 else None


def read_sentence(text: str) -> SentenceRead | None:
    """The sentence of the first defendant of a first-instance judgment's operative part, if it
    states one of imprisonment plainly; None otherwise."""
    starts = list(_OPERATIVE.finditer(text))
    if len(starts) != 1:
        return None
    body = text[starts[0].end():]
    end = _OPERATIVE_END.search(body)
    body = body[:end.start()] if end else body
    if _APPEAL.search(body):
        return None
    defendants = list(_DEFENDANT.finditer(body))
    if not defendants:
        return None
    first = defendants[0]
    others = next((d.start() for d in defendants[1:] if d.group("name") != first.group("name")), len(body))
    numbered = _ITEM.search(body, first.end(), others)
    item = body[first.end():numbered.start() if numbered else others]
    combined = _COMBINED.search(item)
    if combined is not None:
        return _penalty(combined.group("penalty"))
    penalties = _PENALTY.findall(item)
    # Several charges without a combined term: which one is served cannot be told from this part.
    if len(penalties) != 1:
        return None
    return _penalty(penalties[0])
