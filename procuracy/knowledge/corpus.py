"""Records of the case database as files hold them: reading, recognising, checking, deriving.

Two formats (``shared/data/judgments/README.md``, ``shared/data/guiding_cases/README.md``), told
apart by their fields: a judgment has ``id``, ``kind`` and a text (``fact`` or ``full_text``); a
guiding case has ``number``, ``seq`` and ``gist``. Files are JSON Lines, optionally gzipped.

What is derived from a record (charges mapped to the catalogue, the amount involved, the statutory
bracket, the circumstances, the text to index) is computed here, without Django, so that the
evaluation and the benchmarks derive exactly what the import stores.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from django.utils.translation import gettext as _

from procuracy.knowledge import sentencing_law
from procuracy.knowledge.amounts import amount_involved
from procuracy.knowledge.charges import catalogue
from procuracy.knowledge.circumstances import read_circumstances
from procuracy.knowledge.sentences import SentenceRead, read_sentence

__all__ = [
    "AMOUNT_CHARGES",
    "DOCUMENT_KINDS",
    "Derived",
    "RecordProblem",
    "SourceRecord",
    "derive",
    "detect_format",
    "guiding_case_text",
    "judgment_text",
    "read_records",
    "record_digest",
    "record_sentence",
    "statutory_bracket",
    "validate_guiding_case",
    "validate_judgment",
    "without_appended_law",
]

Format = Literal["judgment", "guiding_case"]
DOCUMENT_KINDS = ("duty", "organized", "other")
GUIDING_TOPICS = ("duty_crime", "organized_crime", "confiscation", "recommendation", "relief", "other")
# The kind a guiding case is filed under when searching with a kind filter.
TOPIC_KIND = {"duty_crime": "duty", "organized_crime": "organized"}

# Charges whose amount the amount reader knows how to find: the duty crimes the sentencing rules
# cover first (their bracket depends on it), then the other bribery, embezzlement and
# misappropriation charges, whose amount still helps to compare cases.
AMOUNT_CHARGES = (
    "受贿", "贪污", "行贿", "挪用公款", "滥用职权", "玩忽职守",
    "单位受贿", "利用影响力受贿", "非国家工作人员受贿", "单位行贿", "对单位行贿", "对有影响力的人行贿",
    "对非国家工作人员行贿", "介绍贿赂", "私分国有资产", "职务侵占", "挪用资金", "挪用特定款物",
)  # fmt: skip
# Art. 397: the figure read is the loss caused, which is what its brackets depend on.
_LOSS_CHARGES = frozenset({sentencing_law.ABUSE_OF_POWER, sentencing_law.DERELICTION})


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """One thing wrong with an input record, and where (file, line, record, field)."""

    message: str
    file: str
    line: int
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.record:
            where += f", {self.record}"
        if self.field:
            where += f", {self.field}"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class SourceRecord:
    file: str
    line: int
    data: Any
    problem: str | None = None


def read_records(path: Path) -> Iterator[SourceRecord]:
    """The records of a JSON Lines file (``.jsonl`` or ``.jsonl.gz``), with their line numbers."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield SourceRecord(str(path), number, None, _("not UTF-8 text"))
                continue
            try:
                # Decimal keeps fines exact from the first byte read.
                yield SourceRecord(str(path), number, json.loads(text, parse_float=Decimal))
            except json.JSONDecodeError as exc:
                yield SourceRecord(str(path), number, None, _("not valid JSON (%(error)s, column %(column)d)") % {
                    "error": exc.msg, "column": exc.colno})


def detect_format(data: Any) -> Format | None:
    if not isinstance(data, dict):
        return None
    if "id" in data and "kind" in data and ("fact" in data or "full_text" in data):
        return "judgment"
    if "number" in data and "seq" in data and "gist" in data:
        return "guiding_case"
    return None


# Raised whenever what is derived from a record changes, so that the next import derives every
# record again instead of keeping what an older version derived from the same content.
DERIVATION = 2


def record_digest(data: dict[str, Any]) -> str:
    """A digest of a record's content and of the derivation: a re-import of an identical record
    changes nothing."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{DERIVATION}\n{canonical}".encode()).hexdigest()


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _date_or_none(value: Any) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def validate_judgment(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for every field of a judgment record that breaks the format."""
    problems: list[tuple[str, str]] = []
    if not isinstance(data.get("id"), str) or not data["id"].strip() or len(data["id"]) > 40:
        problems.append(("id", _("an id (text of at most 40 characters) is required")))
    if data.get("kind") not in DOCUMENT_KINDS:
        problems.append(("kind", _("must be one of %(values)s, not %(value)r") % {
            "values": ", ".join(DOCUMENT_KINDS), "value": data.get("kind")}))
    if not _string_list(data.get("charges", [])):
        problems.append(("charges", _("must be a list of charge names")))
    for name in ("fact", "full_text"):
        if data.get(name) is not None and not isinstance(data[name], str):
            problems.append((name, _("must be text or null")))
    if not (data.get("fact") or data.get("full_text")):
        problems.append(("fact", _("a judgment needs a text: fact or full_text")))
    months = data.get("term_months")
    if months is not None and (not _is_int(months) or months < 0 or months > 600):
        problems.append(("term_months", _("must be a whole number of months (0-600) or null")))
    for name in ("life_imprisonment", "death_penalty"):
        if not isinstance(data.get(name, False), bool):
            problems.append((name, _("must be true or false")))
    fine = data.get("fine_yuan")
    if fine is not None and (
        isinstance(fine, bool) or not isinstance(fine, int | Decimal) or fine < 0 or Decimal(fine) != Decimal(fine).quantize(Decimal("0.01"))
    ):
        problems.append(("fine_yuan", _("must be a non-negative amount of yuan (at most two decimals) or null")))
    articles = data.get("articles", [])
    if not isinstance(articles, list) or not all(_is_int(a) or isinstance(a, str) for a in articles):
        problems.append(("articles", _("must be a list of article numbers")))
    if not isinstance(data.get("source", ""), str):
        problems.append(("source", _("must be text")))
    return problems


def validate_guiding_case(data: dict[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not isinstance(data.get("number"), str) or not data["number"].strip() or len(data["number"]) > 40:
        problems.append(("number", _("a number such as 检例第73号 is required")))
    if not _is_int(data.get("seq")) or data["seq"] <= 0:
        problems.append(("seq", _("must be a positive whole number")))
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        problems.append(("title", _("a title is required")))
    if data.get("batch") is not None and not _is_int(data["batch"]):
        problems.append(("batch", _("must be a whole number or null")))
    for name in ("issued", "page_date"):
        if not _date_or_none(data.get(name)):
            problems.append((name, _("must be a date (YYYY-MM-DD) or null")))
    for name in ("gist", "facts", "process"):
        if not isinstance(data.get(name, ""), str):
            problems.append((name, _("must be text")))
    for name in ("significance", "laws", "decided", "credits"):
        if data.get(name) is not None and not isinstance(data[name], str):
            problems.append((name, _("must be text or null")))
    for name in ("keywords", "charges", "process_heading", "subtopics"):
        if data.get(name) is not None and not _string_list(data[name]):
            problems.append((name, _("must be a list of text")))
    if data.get("topic") not in GUIDING_TOPICS:
        problems.append(("topic", _("must be one of %(values)s, not %(value)r") % {
            "values": ", ".join(GUIDING_TOPICS), "value": data.get("topic")}))
    return problems


# --------------------------------------------------------------------------------------------
# Derived fields
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Derived:
    charges: tuple[str, ...]  # catalogue names
    unmapped: tuple[str, ...]  # raw labels that name no catalogue charge
    amount: Decimal | None = None  # the amount involved (for art. 397: the loss), in yuan
    amount_charge: str = ""  # the charge the amount was read for
    tier: int | None = None  # the statutory bracket of amount_charge under the rules in force today
    months_min: int | None = None
    months_max: int | None = None
    life: bool | None = None
    circumstances: tuple[str, ...] = field(default_factory=tuple)
    # A judgment's sentence: as the record gives it, or read from its operative part where it gives none.
    sentence: SentenceRead | None = None
    sentence_from_text: bool = False


def record_sentence(data: dict[str, Any]) -> tuple[SentenceRead | None, bool]:
    """A judgment's sentence, and whether it was read from its text rather than given by the record."""
    if data.get("term_months") is not None or data.get("life_imprisonment") or data.get("death_penalty"):
        return SentenceRead(data.get("term_months"), bool(data.get("life_imprisonment")),
                            bool(data.get("death_penalty"))), False
    read = read_sentence(data.get("full_text") or "")
    return read, read is not None


def judgment_text(data: dict[str, Any]) -> str:
    """The text indexed for a judgment: the full judgment, and the facts where it does not hold them."""
    fact = (data.get("fact") or "").strip()
    full = (data.get("full_text") or "").strip()
    if fact and full and fact[:40] in full:
        return full
    return "\n".join(part for part in (fact, full) if part)


# What follows a judgment's operative part and signatures: the clerk's line, then often the
# statutes applied, quoted whole («附：相关法律条文 …第六十七条…是自首»), which state the law, not the case.
_CLERK = re.compile(r"书记员")
_APPENDIX = re.compile(r"附(?:件|录)?[:：]|附(?:本案|相关|有关|法律|引用|《)|法律条文附录|本案(?:援引|引用|所?适用)的?法律")


def without_appended_law(text: str) -> str:
    """A judgment's text up to its signatures: the circumstances it states are the case's own, not
    those of the statutes appended to it."""
    start = max(text.rfind("判决如下"), text.rfind("裁定如下"))
    if start < 0:
        return text
    ends = [m.start() for m in (_CLERK.search(text, start), _APPENDIX.search(text, start)) if m]
    return text[:min(ends)] if ends else text


def guiding_case_text(data: dict[str, Any]) -> str:
    parts = [
        data.get("title") or "",
        "、".join(data.get("keywords") or []),
        data.get("gist") or "",
        data.get("facts") or "",
        data.get("process") or "",
        data.get("significance") or "",
        data.get("laws") or "",
    ]
    return "\n".join(p for p in parts if p)


def _amount_text(data: dict[str, Any], fmt: Format) -> str:
    # The facts state the amount once; a full judgment repeats charge and finding, which the reader
    # handles but which only adds risk where the facts exist on their own.
    if fmt == "guiding_case":
        return data.get("facts") or ""
    return data.get("fact") or data.get("full_text") or ""


def statutory_bracket(charge: str, amount: Decimal) -> tuple[int, int, int, bool] | None:
    """(tier, months_min, months_max, life) of an amount under today's rules, for the charges they cover."""
    if charge not in sentencing_law.CHARGES or charge == sentencing_law.MAFIA_TYPE_ORGANIZATION:
        return None
    if charge in _LOSS_CHARGES:
        result = sentencing_law.assess(charge, None, loss=amount)
    else:
        result = sentencing_law.assess(charge, amount)
    return result.tier, result.months_min, result.months_max, result.life


def derive(data: dict[str, Any], fmt: Format) -> Derived:
    """Charges, amount, bracket and circumstances of a checked record.

    The bracket uses the rules in force today: the judgments carry no offence date, most of them
    were decided after the 2015-2016 reform, and the reform lowered most sentences, so under art. 12
    (从旧兼从轻) courts applied it to earlier offences too.
    """
    names, unmapped = catalogue().normalise_all(data.get("charges") or [])
    text = _amount_text(data, fmt)
    circumstances = read_circumstances(text if fmt == "guiding_case" else without_appended_law(judgment_text(data)))
    sentence, from_text = record_sentence(data) if fmt == "judgment" else (None, False)
    known = {"circumstances": circumstances, "sentence": sentence, "sentence_from_text": from_text}
    amount_charge = next((c for c in AMOUNT_CHARGES if c in names), "")
    if not amount_charge:
        return Derived(names, unmapped, **known)
    amount = amount_involved(text, (amount_charge,))
    if amount is None or amount <= 0:
        return Derived(names, unmapped, amount_charge=amount_charge, **known)
    amount = amount.quantize(Decimal("0.01"))
    statutory = statutory_bracket(amount_charge, amount)
    if statutory is None:
        return Derived(names, unmapped, amount, amount_charge, **known)
    tier, months_min, months_max, life = statutory
    return Derived(names, unmapped, amount, amount_charge, tier, months_min, months_max, life, **known)
