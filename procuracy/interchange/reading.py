"""Reading case packages from files: one JSON object, or JSON Lines (one case a line)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from procuracy.interchange.problems import Problem

NOT_UTF8 = object()


@dataclass
class Source:
    """The text of one record and where it stands (JSON not yet parsed)."""

    file: str
    line: int
    text: str | bytes


@dataclass
class Record:
    file: str
    line: int
    data: Any = None
    problem: Problem | None = None


# Decimal keeps amounts exact from the first byte read (one decoder for every record).
_DECODER = json.JSONDecoder(parse_float=Decimal)


def parse_source(source: Source) -> Record:
    text = source.text
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            return Record(source.file, source.line, problem=Problem(
                message=_("the text is not UTF-8"), file=source.file, line=source.line))
    try:
        return Record(source.file, source.line, _DECODER.decode(text))
    except json.JSONDecodeError as exc:
        line = source.line + exc.lineno - 1
        return Record(source.file, line, problem=Problem(
            message=_("this is not valid JSON (%(error)s at column %(column)s)") % {
                "error": exc.msg, "column": exc.colno},
            file=source.file, line=line,
        ))


def iter_sources(stream: IO[bytes], name: str) -> Iterator[Source]:
    """The records of a file: the whole file if it is one (pretty-printed) object, else each line."""
    head = stream.read(1 << 16)
    stream.seek(0)
    stripped = head.lstrip()
    if stripped.startswith(b"\xef\xbb\xbf"):
        stripped = stripped[3:].lstrip()
    if stripped.startswith(b"{") and not _first_line_is_object(stripped):
        whole = stream.read()
        if name.endswith(".json") or _is_json(whole):
            yield Source(name, 1, whole)
            return
        stream.seek(0)
    for number, raw_line in enumerate(stream, start=1):
        if raw_line.strip():
            yield Source(name, number, raw_line.rstrip(b"\r\n"))


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


def _first_line_is_object(data: bytes) -> bool:
    first = data.split(b"\n", 1)[0].strip()
    return first.endswith(b"}") and _is_json(first)


def read_records(stream: IO[bytes], name: str) -> Iterator[Record]:
    for source in iter_sources(stream, name):
        yield parse_source(source)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
