"""Money amounts read from Chinese judgment text.

Three entry points:

* :func:`parse_amount` reads one expression (``人民币53900元``, ``2.5万余元``, ``一百二十万元``,
  ``壹拾万元``, ``1.2亿元`` ...) into a :class:`~decimal.Decimal` number of yuan.
* :func:`extract_amounts` finds every renminbi amount in a text, with its position and whether it is
  introduced as a total (共计, 合计, 累计 ...).
* :func:`amount_involved` guesses the sum a duty-crime judgment is about (the bribe, the embezzled or
  misappropriated funds); see its docstring for the heuristics.

Pure Python on purpose: the importer, the similar-case index and the benchmarks call it outside Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

__all__ = ["AmountMention", "amount_involved", "extract_amounts", "numeral_value", "parse_amount"]

AmountKind = Literal["total", "item"]

# --------------------------------------------------------------------------------------------
# Numerals
# --------------------------------------------------------------------------------------------

_CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_MYRIAD = frozenset("万萬")
_HUNDRED_MILLION = frozenset("亿億")
_BIG_UNITS = "万萬亿億"

# Full-width digits and points appear in some judgments; a one-to-one character mapping keeps every
# offset valid, so mentions still point into the caller's original text.
_WIDTH_TABLE = str.maketrans("０１２３４５６７８９．", "0123456789.")

_ARABIC = r"(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?"
_CN_CLASS = "".join(_CN_DIGITS)
_UNIT_CLASS = "".join(_SMALL_UNITS) + _BIG_UNITS
# A numeral starts with a digit (or 十/拾 as in 十二万); 余/多 ("more than") may sit before a unit.
_BODY = rf"(?:{_ARABIC}|[{_CN_CLASS}十拾])(?:{_ARABIC}|[{_CN_CLASS}{_UNIT_CLASS}]|[余多](?=[{_UNIT_CLASS}]))*"
_AMOUNT_RE = re.compile(
    rf"(?P<prefix>人民币|RMB|[￥¥])?(?<![\d.])(?P<body>{_BODY})(?P<more>[余多])?"
    # 元 is the currency; "万某" is an artefact of anonymised corpora that masked 元 as a name.
    rf"(?P<cur>元|圆|块钱|(?<=[{_BIG_UNITS}])某)?"
)
_BARE_RE = re.compile(rf"\s*(?:人民币|RMB|[￥¥])?\s*(?P<body>{_BODY})\s*[余多]?\s*(?:元|圆|块钱)?\s*")


def _clean(value: Decimal) -> Decimal:
    """Drop a spurious exponent or trailing zeros so equal sums print alike (53900, not 5.39E+4)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def numeral_value(body: str) -> Decimal | None:
    """Value of a numeral mixing Arabic digits, Chinese digits and units (3万5千, 一百二十万, 1.2亿)."""
    body = body.replace(",", "").replace("，", "").replace("余", "").replace("多", "")
    total = Decimal(0)  # everything already closed by 万 or 亿
    section = Decimal(0)  # the part below 万 being built (千, 百, 十)
    number: Decimal | None = None  # the last digit run not yet bound to a unit
    previous_was_digit = False
    for token in re.findall(r"\d+(?:\.\d+)?|.", body):
        if token[0].isdigit():
            try:
                number = Decimal(token)
            except InvalidOperation:
                return None
            previous_was_digit = True
        elif token in _CN_DIGITS:
            digit = Decimal(_CN_DIGITS[token])
            # 二〇一三 style runs read positionally; otherwise a digit starts a new group.
            number = number * 10 + digit if previous_was_digit and number is not None else digit
            previous_was_digit = True
        elif token in _SMALL_UNITS:
            section += (number if number is not None else Decimal(1)) * _SMALL_UNITS[token]
            number = None
            previous_was_digit = False
        elif token in _MYRIAD:
            total += (section + (number or 0)) * 10_000
            section, number = Decimal(0), None
            previous_was_digit = False
        elif token in _HUNDRED_MILLION:
            total = (total + section + (number or 0)) * 100_000_000
            section, number = Decimal(0), None
            previous_was_digit = False
        else:
            return None
    return _clean(total + section + (number or 0))


def parse_amount(text: str) -> Decimal | None:
    """The yuan value of a single money expression, or None when the text holds none.

    Accepts Arabic figures with thousands separators (``53,900元``), Chinese numerals in both the
    ordinary and the financial (大写) forms, 万 and 亿, and the "more than" marks 余/多 which are ignored
    (``2.5万余元`` reads as the stated 25000). A bare figure without 元 (``5万``, ``53900``) is also
    accepted, since a caller passing a single expression means it as money.
    """
    if not text or not text.strip():
        return None
    mentions = extract_amounts(text)
    if mentions:
        return mentions[0].value
    bare = _BARE_RE.fullmatch(text.translate(_WIDTH_TABLE))
    return numeral_value(bare.group("body")) if bare else None


# --------------------------------------------------------------------------------------------
# Mentions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AmountMention:
    """One renminbi amount found in a text; ``start``/``end`` index the caller's string."""

    value: Decimal
    start: int
    end: int
    text: str
    kind: AmountKind


# 共计/合计/累计/总计/总额/总共/一共/共/计 introduce a total. 共同 (jointly) and 公共 (public) are not
# totals, nor are 会计 (accountant), 统计, 设计, 审计, 估计, 伙计, 生计, 预计, 计算, 计划.
_TOTAL_MARKER_RE = re.compile(
    r"共计|合计|累计|总计|总额|总共|一共|(?<!公)共(?!同)|(?<![会统设审估伙生预])计(?![算划])"
)
_WINDOW_BREAK_RE = re.compile(r"[\d，,。；;：:（）()、]")
_TOTAL_WINDOW = 14
_SENTENCE_END = "。；;！!？?\n"
_CLAUSE_END = _SENTENCE_END + "，,：:（）()"


def _sentence_bounds(text: str, position: int) -> tuple[int, int]:
    start = max(text.rfind(ch, 0, position) for ch in _SENTENCE_END) + 1
    ends = [i for i in (text.find(ch, position) for ch in _SENTENCE_END) if i != -1]
    return start, min(ends, default=len(text))


def _is_clause_break(text: str, index: int) -> bool:
    char = text[index]
    if char not in _CLAUSE_END:
        return False
    # A comma between digits is a thousands separator, not a clause break.
    if char in ",，" and 0 < index < len(text) - 1:
        return not (text[index - 1].isdigit() and text[index + 1].isdigit())
    return True


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while left > 0 and not _is_clause_break(text, left - 1):
        left -= 1
    right = end
    while right < len(text) and not _is_clause_break(text, right):
        right += 1
    return left, right


def _kind_of(text: str, start: int) -> AmountKind:
    sentence_start, _ = _sentence_bounds(text, start)
    if text[sentence_start:start].lstrip().startswith("综上"):
        return "total"  # 综上 ("in sum") opens the summing-up sentence of a judgment
    window_start = max(sentence_start, start - _TOTAL_WINDOW - 3)
    window = text[window_start:start]
    last = None
    for last in _TOTAL_MARKER_RE.finditer(window):  # noqa: B007 - only the nearest marker matters
        pass
    if last is None:
        return "item"
    gap = window[last.end() :]
    return "item" if len(gap) > _TOTAL_WINDOW or _WINDOW_BREAK_RE.search(gap) else "total"


def _strip_name_index(text: str, body_start: int, body: str) -> int:
    """How many leading characters of ``body`` are the index of an anonymised name (龚某1, 黄某2).

    Anonymised corpora write 龚某12.6万元 for "龚某1 2.6万元". The first digit is taken as part of the
    name only when the same name with that index also appears elsewhere followed by a non-digit, and
    when what remains still reads as a number (so 刘某10000元 keeps its 10000).
    """
    if body_start < 2 or text[body_start - 1] != "某" or not body[:1].isdigit() or len(body) < 2:
        return 0
    rest = body[1:]
    if not rest[0].isdigit() or (rest[0] == "0" and not rest.startswith("0.")):
        return 0
    name = re.escape(text[body_start - 2 : body_start + 1])
    for match in re.finditer(name + r"(?![\d.,，])", text):
        if match.start() != body_start - 2:
            return 1
    return 0


def extract_amounts(text: str) -> list[AmountMention]:
    """Every renminbi amount in ``text``, in order of appearance.

    An amount needs a currency mark (元, 圆, 块钱, or the anonymised 万某), except a figure in 万 or 亿
    right after 人民币 (``人民币130万``). Other currencies (美元, 港币) are skipped. Chinese-numeral
    amounts under ten yuan are dropped because 一元 and the like occur inside ordinary words.
    ``kind`` is ``"total"`` when a total marker (共计, 合计, 累计, 总计, 总额, 总共, 一共, 共, 计) comes
    shortly before the amount in the same clause, or in a sentence opening with 综上; else ``"item"``.
    """
    if not text:
        return []
    normalised = text.translate(_WIDTH_TABLE)
    mentions: list[AmountMention] = []
    for match in _AMOUNT_RE.finditer(normalised):
        body = match.group("body")
        prefix = match.group("prefix")
        currency = match.group("cur")
        if not currency and not (prefix == "人民币" and body[-1] in _BIG_UNITS):
            continue
        body_start = match.start("body")
        skip = _strip_name_index(normalised, body_start, body)
        body_start += skip
        body = body[skip:]
        value = numeral_value(body)
        if value is None:
            continue
        if not re.search(r"\d", body) and value < 10:
            continue
        start = match.start() if prefix and not skip else body_start
        mentions.append(
            AmountMention(
                value=value,
                start=start,
                end=match.end(),
                text=text[start : match.end()],
                kind=_kind_of(normalised, start),
            )
        )
    return mentions


# --------------------------------------------------------------------------------------------
# The amount involved
# --------------------------------------------------------------------------------------------

_BRIBE = "bribe"
_EMBEZZLE = "embezzle"
_MISAPPROPRIATE = "misappropriate"
_LOSS = "loss"

# Roles a keyword can play for one request.
_WANTED = "wanted"  # an act of the requested charge
_OTHER = "other"  # an act of another charge
_AMBIGUOUS = "ambiguous"  # an act shared by a requested and another charge
_NEGATIVE = "negative"  # the amount is not the sum involved
_USE = "use"  # a use of the proceeds: negative, but only nearby
_SUBSET = "subset"  # a part of a larger sum, unless an act word follows
_PROMISE = "promise"  # a sum promised or intended, not (yet) paid

# Act words tie an amount to a crime. Some words serve two crimes: 收取 (collect) narrates both
# bribes and embezzlement, 截留 (withhold) both embezzlement and misappropriation, 用于 (use for) is the
# act itself for 挪用公款 but only a use of the proceeds for the other crimes.
_ACT_WORDS: dict[str, frozenset[str]] = {}
for _family, _words in {
    _BRIBE: (
        "收受", "索取", "索要", "受贿", "行贿", "贿赂", "贿送", "贿款", "给予", "送给", "送来", "送去",
        "送与", "赠送", "好处费", "回扣", "感谢费", "红包", "收下", "收取",
    ),
    _EMBEZZLE: (
        "贪污", "侵吞", "骗取", "套取", "截留", "冒领", "虚报", "虚列", "占为己有", "据为己有",
        "据为已有", "非法占有", "私分", "侵占", "窃取", "收取",
    ),
    _MISAPPROPRIATE: ("挪用", "挪作", "借给", "出借", "截留", "(?<!挪)用于"),
    _LOSS: ("损失", "流失"),
}.items():  # fmt: skip
    for _word in _words:
        _ACT_WORDS[_word] = _ACT_WORDS.get(_word, frozenset()) | {_family}

# Amounts governed by these words are not the sum involved: fines, confiscation, restitution and
# refunds, interest and profits (the 1998 SPC interpretation on 挪用公款 keeps 利息、收益 out of the
# amount), wages, loans, contract prices and valuations, and what the money was spent on.
_NEGATIVE_WORDS: tuple[str, ...] = (
    "罚金", "罚款", "退还", "退回", "退出", "退缴", "退赃", "退赔", "退交", "退款", "归还", "还款",
    "偿还", "转回", "上缴", "上交", "追缴", "追回", "收缴", "没收", "扣押", "冻结", "查封", "赔偿",
    "赔付", "违纪款", "违纪资金", "工资", "薪酬", "收益", "利息", "获利", "盈利", "利润", "亏损",
    "奖励", "实得", "分得", "分给", "贷款", "借款", "中标", "标的", "造价", "总价", "的价格", "价格为",
    "售价", "评估", "租金", "注册资本", "出资", "营业额", "保证金",
)  # fmt: skip
# What the proceeds were spent on. They exclude amounts in their own clause, but a total in a clause of
# its own (好处费，用于报销开支，共计65万元) still sums the act named earlier in the sentence.
_USE_WORDS = ("发放", "开支", "支出", "(?<!挪)用该款")
_SUBSET_WORDS = ("其中", "其余")
# A promised, demanded or intended sum is not the one paid, unless a hand-over verb follows.
_PROMISE_WORDS = ("要求", "约定", "承诺", "许诺", "商定", "答应", "欲", "拟", "打算", "准备")
_HANDOVER_RE = re.compile(r"送给|送去|送来|交给|收受|转账|转入|支付|汇给")
# 送 alone (送现金) is a bribery verb, but not inside 移送/运送/护送/押送/送达/送检.
_SONG_RE = re.compile(r"(?<![移运护押输递])送(?![达检审货])")
_NEGATIVE_REACH_AFTER = 6  # 20000元上缴 excludes; 存入企业以取得高额利息 does not

_LOSS_CHARGE_HINTS = ("滥用职权", "玩忽职守", "失职", "徇私舞弊")
_CHARGE_FAMILY: dict[str, str] = {
    "受贿": _BRIBE,
    "单位受贿": _BRIBE,
    "利用影响力受贿": _BRIBE,
    "非国家工作人员受贿": _BRIBE,
    "行贿": _BRIBE,
    "单位行贿": _BRIBE,
    "对单位行贿": _BRIBE,
    "对有影响力的人行贿": _BRIBE,
    "对非国家工作人员行贿": _BRIBE,
    "介绍贿赂": _BRIBE,
    "贪污": _EMBEZZLE,
    "私分国有资产": _EMBEZZLE,
    "职务侵占": _EMBEZZLE,
    "挪用公款": _MISAPPROPRIATE,
    "挪用资金": _MISAPPROPRIATE,
    "挪用特定款物": _MISAPPROPRIATE,
}

# Charge names that head sections of multi-charge judgments ("一、受贿犯罪事实", "（二）滥用职权罪").
_SECTION_CHARGES = (
    "国有公司、企业、事业单位人员滥用职权", "国有公司人员滥用职权", "对非国家工作人员行贿",
    "非国家工作人员受贿", "对有影响力的人行贿", "巨额财产来源不明", "利用影响力受贿", "私分国有资产",
    "滥用职权", "玩忽职守", "徇私枉法", "徇私舞弊", "挪用公款", "挪用资金", "职务侵占", "单位受贿",
    "单位行贿", "对单位行贿", "介绍贿赂", "集资诈骗", "合同诈骗", "诈骗", "受贿", "行贿", "贪污",
)  # fmt: skip
_CHARGE_ALT = "|".join(_SECTION_CHARGES)
_HEADING_RE = re.compile(
    r"(?:^|(?<=[。；;：:\n]))[ \t　]*"
    r"(?P<num>[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[、．.](?!\d)|[（(]\d{1,2}[）)])?"
    rf"[ \t　]*(?P<names>(?:{_CHARGE_ALT}|××)罪?(?:[、和及](?:{_CHARGE_ALT})罪?)*)"
    r"(?P<tail>的?犯罪事实|的?事实)?"
)
# Numbered items: level 1 一、 level 2 （一） level 3 1、/1. level 4 （1）; 综上 closes every list.
_MARKER_RE = re.compile(
    r"(?:^|(?<=[。；;：:\n]))[ \t　]*(?:"
    r"(?P<l1>[一二三四五六七八九十]{1,3}、)|(?P<l2>[（(][一二三四五六七八九十]{1,3}[）)])|"
    r"(?P<l3>\d{1,2}[、．.](?=\D|\d{4}年))|(?P<l4>[（(]\d{1,2}[）)])|(?P<l0>综上))"
)
# Paragraphs are joined by a newline, or in some corpora by 。 followed by a space.
_PARAGRAPH_BREAK_RE = re.compile(r"\n|(?<=。)[ \t　]+")
_THRESHOLD_AFTER_RE = re.compile(r"\s*(?:以上|以下|以内|的起点)")
_CONJOINED_RE = re.compile(r"[，,、]?\s*(?:以及|及|和|另有|另)[^。；;\d]{0,15}")
_SUBSET_SUM_STATES = 20_000
_RESTATEMENT_GAP = Decimal("0.05")  # 289000余元 (charged) and 289893.6元 (found) are one sum


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    role: str
    families: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Request:
    """The keyword table for one set of requested crime families."""

    wanted: frozenset[str]
    table: tuple[tuple[re.Pattern[str], str, frozenset[str]], ...]

    @classmethod
    def build(cls, wanted: frozenset[str]) -> _Request:
        entries: list[tuple[str, str, frozenset[str]]] = []
        for word, families in _ACT_WORDS.items():
            if families == {_LOSS} and _LOSS not in wanted:
                continue  # 损失 then joins the negative words below
            inside = families & wanted
            role = _WANTED if inside == families else _AMBIGUOUS if inside else _OTHER
            if word == "(?<!挪)用于" and _MISAPPROPRIATE not in wanted:
                role = _USE
            entries.append((word, role, families))
        negatives = list(_NEGATIVE_WORDS)
        if _LOSS not in wanted:
            negatives.extend(("损失", "流失"))
        entries += [(word, _NEGATIVE, frozenset()) for word in negatives]
        entries += [(word, _USE, frozenset()) for word in _USE_WORDS]
        entries += [(word, _SUBSET, frozenset()) for word in _SUBSET_WORDS]
        entries += [(word, _PROMISE, frozenset()) for word in _PROMISE_WORDS]
        # Longer words first, so 送给 is one hit and not 送.
        entries.sort(key=lambda e: len(e[0].replace("(?<!挪)", "")), reverse=True)
        table = [
            (re.compile(word if word.startswith("(?") else re.escape(word)), role, fam)
            for word, role, fam in entries
        ]
        song_role = _WANTED if _BRIBE in wanted else _OTHER
        table.append((_SONG_RE, song_role, frozenset({_BRIBE})))
        return cls(wanted=wanted, table=tuple(table))

    def hits(self, segment: str) -> list[_Hit]:
        found: list[_Hit] = []
        for pattern, role, families in self.table:
            for match in pattern.finditer(segment):
                start, end = match.span()
                if any(start < hit.end and hit.start < end for hit in found):
                    continue
                found.append(_Hit(start, end, role, families))
        found.sort(key=lambda hit: hit.start)
        return found


@dataclass
class _Candidate:
    mention: AmountMention
    strength: int  # 2 strong, 1 weak, 0 unrelated, -1 excluded
    total: bool
    item: int | None = None  # innermost numbered item holding the mention
    authoritative: bool = False  # a 综上 sentence or a figure stated before the items it sums


@dataclass
class _Marker:
    ident: int
    level: int
    start: int
    end: int = 0
    parent: int | None = None


def _families_for(charges: Sequence[str]) -> frozenset[str]:
    families: set[str] = set()
    for raw in charges:
        charge = raw.strip().removesuffix("罪")
        if charge in _CHARGE_FAMILY:
            families.add(_CHARGE_FAMILY[charge])
        elif any(hint in charge for hint in _LOSS_CHARGE_HINTS):
            families.add(_LOSS)
    return frozenset(families or {_BRIBE, _EMBEZZLE, _MISAPPROPRIATE})


def _kept_spans(text: str, charges: Sequence[str]) -> list[tuple[int, int]]:
    """Parts of the text about the requested charges, dropping sections headed by other charges."""
    wanted = {c.strip().removesuffix("罪") for c in charges if c.strip()}
    if not wanted:
        return [(0, len(text))]
    headings = [
        (match.start(), match.group("names"))
        for match in _HEADING_RE.finditer(text)
        if match.group("num") or match.group("tail") or match.group("names").endswith("罪")
    ]
    if not headings:
        return [(0, len(text))]
    spans = [(0, headings[0][0])]
    bounds = [start for start, _ in headings] + [len(text)]
    for (start, names), end in zip(headings, bounds[1:], strict=True):
        named = set(re.split(r"[、和及]", names.replace("罪", "")))
        if "××" in named or named & wanted:
            spans.append((start, end))
    kept = [span for span in spans if span[1] > span[0]]
    return kept or [(0, len(text))]


def _markers(text: str) -> list[_Marker]:
    """Numbered items with their nesting. An item ends at the next item of its level or above, or at
    the end of its paragraph: a paragraph without a number is no longer part of the list."""
    markers: list[_Marker] = []
    stack: list[_Marker] = []
    for match in _MARKER_RE.finditer(text):
        level = next(int(name[1]) for name in ("l0", "l1", "l2", "l3", "l4") if match.group(name))
        while stack and stack[-1].level >= level:
            stack.pop().end = match.start()
        if level == 0:
            continue
        marker = _Marker(len(markers), level, match.start(), parent=stack[-1].ident if stack else None)
        markers.append(marker)
        stack.append(marker)
    for marker in stack:
        marker.end = len(text)
    for marker in markers:
        paragraph = _PARAGRAPH_BREAK_RE.search(text, marker.start + 1, marker.end)
        if paragraph:
            marker.end = paragraph.start()
    return markers


def _innermost(markers: list[_Marker], position: int) -> int | None:
    inside = [m for m in markers if m.start <= position < m.end]
    return max(inside, key=lambda m: m.level).ident if inside else None


def _descends(markers: list[_Marker], item: int | None, ancestor: int) -> bool:
    while item is not None:
        if item == ancestor:
            return True
        item = markers[item].parent
    return False


def _resolve(request: _Request, hit: _Hit, context: str) -> int:
    """Strength for a word shared by two crimes, from the unshared act words earlier in the sentence."""
    families: set[str] = set()
    for other in request.hits(context):
        if other.role in (_WANTED, _OTHER):
            families |= other.families
    if families & request.wanted:
        return 2
    if families & (hit.families - request.wanted):
        return -1
    return 1


def _attributive(segment: str, hit: _Hit) -> bool:
    return segment[hit.end : hit.end + 1] == "的" or segment[max(0, hit.start - 1) : hit.start] == "被"


def _decide(request: _Request, hit: _Hit, context: str) -> int:
    if hit.role == _WANTED:
        return 2
    if hit.role == _AMBIGUOUS:
        return _resolve(request, hit, context)
    return -1


def _classify(text: str, mention: AmountMention, request: _Request) -> int:
    """Strength of the tie between an amount and the requested act (see amount_involved)."""
    after = text[mention.end : mention.end + 6]
    if _THRESHOLD_AFTER_RE.match(after) or after.startswith(("/", "每")):
        return -1
    sentence_start, sentence_end = _sentence_bounds(text, mention.start)
    clause_start, clause_end = _clause_bounds(text, mention.start, mention.end)
    clause_start = max(clause_start, sentence_start)
    clause_end = min(clause_end, sentence_end)
    before = text[clause_start : mention.start]
    # Shared words are settled locally: an act word three clauses back may belong to another count.
    previous = max(sentence_start, clause_start - 1)
    context = text[max(sentence_start, _clause_bounds(text, previous, previous)[0]) : mention.start]
    if before.endswith(("不满", "不足")):
        return -1
    hits = request.hits(before)
    acts = [hit.end for hit in hits if hit.role in (_WANTED, _AMBIGUOUS)]
    # A unit price (每亩20元, 每次3000元) is not an amount taken, unless an act word intervenes.
    per = before.rfind("每")
    if per != -1 and len(before) - per <= 10 and not any(end > per for end in acts):
        return -1
    promises = [hit for hit in hits if hit.role == _PROMISE]
    if promises and not _HANDOVER_RE.search(before[promises[-1].end :]):
        return -1
    hits = [hit for hit in hits if hit.role != _PROMISE]
    suffix = [
        hit
        for hit in request.hits(text[mention.end : clause_end])
        if hit.role not in (_PROMISE, _NEGATIVE, _USE) or hit.start < _NEGATIVE_REACH_AFTER
    ]
    main_verb_after = bool(suffix) and suffix[0].role in (_WANTED, _AMBIGUOUS)
    if hits:
        # An act word used as an attribute (被挪用的公款, 给予的钱款) describes the money; the verb
        # before it governs the amount: 退缴被挪用的公款 is a refund, 收受…给予的钱款 a bribe.
        index = len(hits) - 1
        while index > 0 and _attributive(before, hits[index]):
            index -= 1
        last = hits[index]
        if last.role == _SUBSET:
            # 其中的70万元转入… is a part that was itself taken; 其中被告人分得2万元 is only a share.
            return _decide(request, suffix[0], context) if main_verb_after else -1
        if last.role == _OTHER and main_verb_after:
            return _decide(request, suffix[0], context)  # 他人送给…的费用54000元私自侵吞
        return _decide(request, last, context)
    if suffix:
        return _decide(request, suffix[0], context)
    skipped = (_PROMISE, _USE) if mention.kind == "total" else (_PROMISE,)
    earlier = [hit for hit in request.hits(text[sentence_start:clause_start]) if hit.role not in skipped]
    if earlier:
        return _decide(request, earlier[-1], context)
    later = request.hits(text[clause_end:sentence_end])
    return 1 if any(hit.role in (_WANTED, _AMBIGUOUS) for hit in later) else 0


def _covers(target: Decimal, values: Iterable[Decimal]) -> bool:
    """Whether some of ``values`` add up exactly to ``target`` (a total restating its parts)."""
    goal = int(target * 100)
    sums = {0}
    for value in values:
        cents = int(value * 100)
        if cents <= 0 or cents > goal:
            continue
        sums |= {s + cents for s in sums if s + cents <= goal}
        if goal in sums:
            return True
        if len(sums) > _SUBSET_SUM_STATES:
            return False
    return goal in sums


def _sum_items(items: list[_Candidate]) -> Decimal:
    """Sum of distinct item amounts; a figure repeated in separate numbered items counts each time.

    A figure equal to the sum of the others is a summary restating them and is returned alone.
    """
    places: dict[Decimal, set[int | None]] = {}
    for cand in items:
        places.setdefault(cand.mention.value, set()).add(cand.item)
    counted = {value: max(1, len({p for p in where if p is not None})) for value, where in places.items()}
    largest = max(counted)
    rest = sum((value * count for value, count in counted.items() if value != largest), Decimal(0))
    if rest == largest:
        return largest
    return sum((value * count for value, count in counted.items()), Decimal(0))


def _subtree_amount(cands: list[_Candidate], markers: list[_Marker], root: int) -> Decimal:
    inside = [c for c in cands if _descends(markers, c.item, root)]
    totals = [c.mention.value for c in inside if c.total]
    if totals:
        return max(totals)
    return _sum_items(inside) if inside else Decimal(0)


def _conjoined(text: str, chosen: _Candidate, pool: list[_Candidate]) -> Decimal:
    """Items joined to a total by 以及/及/和/另 in the same sentence (计123700元，以及价值72000元的购物卡)."""
    extra = Decimal(0)
    current = chosen.mention
    _, sentence_end = _sentence_bounds(text, current.start)
    for cand in sorted(pool, key=lambda c: c.mention.start):
        mention = cand.mention
        if mention.start < current.end or mention.start >= sentence_end:
            continue
        gap = text[current.end : mention.start]
        if cand.total or not _CONJOINED_RE.fullmatch(gap):
            break
        extra += mention.value
        current = mention
    return extra


def _restatement_groups(values: Iterable[Decimal]) -> list[Decimal]:
    """Distinct sums, merging figures within a few per cent of each other (a charge and a finding)."""
    groups: list[Decimal] = []
    for value in sorted(set(values), reverse=True):
        if not any(abs(group - value) <= group * _RESTATEMENT_GAP for group in groups):
            groups.append(value)
    return groups


def _parallel_total(
    text: str, level: list[_Candidate], totals: list[_Candidate], markers: list[_Marker]
) -> Decimal | None:
    """Several totals for different givers or periods, with no overall total: their sum (plus the
    items stated in sentences of their own).

    Only where the totals sit side by side in one list-free stretch of text (no numbered sub-items
    below them), since numbered details are handled by the sibling rule instead.
    """
    items = {c.item for c in totals}
    if len(items) != 1:
        return None
    (item,) = items
    # Numbered sub-items holding amounts mean details, not parallel totals (an evidence list does not).
    if any(m.parent == item and any(_descends(markers, c.item, m.ident) for c in level) for m in markers):
        return None
    groups = _restatement_groups(c.mention.value for c in totals)
    sentences_with_totals = {_sentence_bounds(text, c.mention.start) for c in totals}
    loose_items = {
        c.mention.value
        for c in level
        if not c.total
        and c.item == item
        and _sentence_bounds(text, c.mention.start) not in sentences_with_totals
    }
    # One total smaller than an item stated on its own cannot be the overall sum either.
    if len(groups) < 2 and not (loose_items and max(loose_items) > groups[0]):
        return None
    return sum(groups, Decimal(0)) + sum(loose_items, Decimal(0))


def _pick(text: str, cands: list[_Candidate], markers: list[_Marker], strength: int) -> Decimal | None:
    level = [c for c in cands if c.strength == strength]
    totals = [c for c in level if c.total]
    if totals:
        chosen = max(totals, key=lambda c: (c.mention.value, c.mention.start))
        result = chosen.mention.value + _conjoined(text, chosen, level)
        # Restatements of the chosen figure say nothing about whether it sums the others.
        others = [c.mention.value for c in level if c.mention.value != chosen.mention.value]
        if chosen.authoritative or _covers(chosen.mention.value, others):
            return _clean(result)
        parallel = _parallel_total(text, level, totals, markers)
        if parallel is not None:
            return _clean(parallel)
        if chosen.item is not None:
            # A total inside one numbered item sums that item only; add its sibling items.
            own = markers[chosen.item]
            for sibling in markers:
                if sibling.ident != own.ident and sibling.level == own.level and sibling.parent == own.parent:
                    result += _subtree_amount(level, markers, sibling.ident)
        return _clean(result)
    if level:
        return _clean(_sum_items(level))
    return None


def _mark_summaries(text: str, cands: list[_Candidate], markers: list[_Marker]) -> None:
    """Flag figures that sum up others, so that they win over their parts.

    A 综上 sentence sums up. So does a figure stated before the numbered items of its own level
    when it is at least as large as each of them (被告人…收受…50万元。1、…40万元 2、…5万元): judgments
    often give the sum first without 共计.
    """
    for cand in cands:
        if cand.strength <= 0:
            continue
        sentence_start, _ = _sentence_bounds(text, cand.mention.start)
        if text[sentence_start : cand.mention.start].lstrip().startswith("综上"):
            cand.total = cand.authoritative = True
            continue
        children = [m for m in markers if m.parent == cand.item]
        if not children or cand.mention.start > min(m.start for m in children):
            continue
        details = [
            other.mention.value
            for other in cands
            if other.strength == cand.strength
            and any(_descends(markers, other.item, c.ident) for c in children)
        ]
        if details and cand.mention.value >= max(details):
            cand.total = cand.authoritative = True


def amount_involved(text: str, charges: Sequence[str] = ()) -> Decimal | None:
    """The sum of money a judgment's duty crime is about, or None when the text does not tell.

    ``charges`` (e.g. ``("受贿",)``) narrows the reading to those crimes; without it bribery,
    embezzlement and misappropriation are all read. Heuristics, in order:

    1. Sections headed by a charge not asked for (``（一）诈骗罪``, ``二、滥用职权罪的犯罪事实``) are
       dropped, so each charge of a multi-charge judgment gets its own figure.
    2. Each amount is tied to an act by the nearest keyword before it in its clause, else the first
       after it in the clause, else the nearest earlier in the sentence. An act word of the asked
       crime makes the amount *strong* (受贿/行贿: 收受, 索取, 给予, 送给, 回扣 ...; 贪污: 贪污, 侵吞,
       骗取, 套取, 截留, 占为己有 ...; 挪用公款: 挪用, 借给, 用于 ...; 滥用职权/玩忽职守: 损失).
       An act word of another crime excludes the amount (收受 when asking about 贪污), unless the
       clause's main verb follows the amount. Words shared by two crimes (收取, 截留) are settled by
       the unshared act words earlier in the sentence. Excluded outright: fines (罚金, 罚款),
       confiscation and recovery (没收, 追缴, 扣押), restitution (退赃, 退缴, 退还, 归还), interest and
       profits, wages, loans, contract prices (中标, 标的, 造价), co-offenders' shares (实得, 分得),
       parts (其中, unless taken themselves), uses of the proceeds (用于, 开支; not for 挪用公款),
       损失 unless a loss-based charge is asked for, unit prices (每亩20元), statutory thresholds
       (三万元以上, 不满三万元) and promised or intended sums (要求, 约定, 欲) not handed over. An
       amount whose only act word comes later in its sentence is *weak*.
    3. Among strong totals (共计, 合计, 累计 ..., a 综上 sentence, or a figure stated before the
       numbered items it sums) the largest wins, plus items joined to it by 以及/及/和. If it neither
       sums up (综上, stated first) nor equals a sum of other figures: several side-by-side totals
       without numbered details are added (figures within 5 % of each other count once, as a
       charge and a finding); a total inside one numbered item (``一、…共5万元``) is added to what
       its sibling items amount to.
    4. Otherwise the distinct strong items are summed (a figure repeated in separate numbered items
       counts once per item; a figure equal to the sum of the others is taken as their summary).
    5. Then the same with weak amounts, then the largest total not excluded. Else None.

    Imperfect by nature (the tests report the share right on hand-labelled judgments). Only renminbi
    is read; a sum in foreign currency counts through its stated 折合人民币 value.
    """
    if not text:
        return None
    normalised = text.translate(_WIDTH_TABLE)
    spans = _kept_spans(normalised, charges)
    request = _Request.build(_families_for(charges))
    markers = _markers(normalised)
    cands = [
        _Candidate(
            mention=mention,
            strength=_classify(normalised, mention, request),
            total=mention.kind == "total",
            item=_innermost(markers, mention.start),
        )
        for mention in extract_amounts(text)
        if any(start <= mention.start < end for start, end in spans)
    ]
    _mark_summaries(normalised, cands, markers)
    for strength in (2, 1):
        picked = _pick(normalised, cands, markers, strength)
        if picked is not None:
            return picked
    loose = [c.mention.value for c in cands if c.strength == 0 and c.total]
    return max(loose) if loose else None
