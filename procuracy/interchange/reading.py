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


@dataclass
class Record:
    file: str
    line: int
    data: Any = None
    problem: Problem | None = None


def _loads(text: str) -> Any:
    # Decimal keeps amounts exact from the first byte read.
    return json.loads(text, parse_float=Decimal)


def _json_error(file: str, line: int, exc: json.JSONDecodeError) -> Problem:
    return Problem(
        message=_("this is not valid JSON (%(error)s at column %(column)s)") % {"error": exc.msg, "column": exc.colno},
        file=file, line=line,
    )


def read_records(stream: IO[bytes], name: str) -> Iterator[Record]:
    """Yield every record of a file, and a problem for every line that cannot be read."""
    head = stream.read(1 << 16)
    stream.seek(0)
    stripped = head.lstrip()
    if stripped.startswith(b"\xef\xbb\xbf"):
        stripped = stripped[3:]
    # A file whose first value spans several lines is one pretty-printed object.
    single = stripped.startswith(b"{") and not _first_line_is_object(stripped)
    if single or (name.endswith(".json") and stripped.startswith(b"{")):
        raw = stream.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            yield Record(name, 1, problem=Problem(message=_("the file is not UTF-8 text"), file=name, line=1))
            return
        try:
            yield Record(name, 1, _loads(text))
        except json.JSONDecodeError as exc:
            if not name.endswith(".json"):
                stream.seek(0)
                yield from _read_lines(stream, name)
                return
            yield Record(name, exc.lineno, problem=_json_error(name, exc.lineno, exc))
        return
    yield from _read_lines(stream, name)


def _first_line_is_object(data: bytes) -> bool:
    first = data.split(b"\n", 1)[0].strip()
    if not first.endswith(b"}"):
        return False
    try:
        json.loads(first)
    except ValueError:
        return False
    return True


def _read_lines(stream: IO[bytes], name: str) -> Iterator[Record]:
    for number, raw_line in enumerate(stream, start=1):
        if not raw_line.strip():
            continue
        try:
            text = raw_line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            yield Record(name, number, problem=Problem(message=_("the line is not UTF-8 text"), file=name, line=number))
            continue
        try:
            yield Record(name, number, _loads(text))
        except json.JSONDecodeError as exc:
            yield Record(name, number, problem=_json_error(name, number, exc))


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
