"""Output formats of `procuracy report` other than JSON: terminal table, CSV, XLSX and PDF.

Each renderer takes a computed ReportResult and a language ("zh-hans", the default, or "en") and
shows its values exactly; none of them computes a figure. The PDF renderer imports reportlab only
when called, so the table and CSV stay quick to load.
"""

from __future__ import annotations

from typing import Literal

from procuracy.statistics.render.common import DEFAULT_LANG, display_width, normalize_lang
from procuracy.statistics.render.text import render_csv, render_csv_bytes, render_table
from procuracy.statistics.results import ReportResult

Format = Literal["table", "csv", "xlsx", "pdf"]
FORMATS: tuple[str, ...] = ("table", "csv", "xlsx", "pdf")
BINARY_FORMATS: tuple[str, ...] = ("xlsx", "pdf")


def render_xlsx(result: ReportResult, lang: str = DEFAULT_LANG) -> bytes:
    from procuracy.statistics.render.xlsx import render_xlsx as render

    return render(result, lang)


def render_pdf(result: ReportResult, lang: str = DEFAULT_LANG) -> bytes:
    from procuracy.statistics.render.pdf import render_pdf as render

    return render(result, lang)


def render(result: ReportResult, fmt: str, lang: str = DEFAULT_LANG) -> str | bytes:
    """One entry point for the CLI: text for "table" and "csv", bytes for "xlsx" and "pdf"."""
    if fmt == "table":
        return render_table(result, lang)
    if fmt == "csv":
        return render_csv(result, lang)
    if fmt == "xlsx":
        return render_xlsx(result, lang)
    if fmt == "pdf":
        return render_pdf(result, lang)
    raise ValueError(f"unknown report format “{fmt}”: choose one of json, {', '.join(FORMATS)}")


def render_bytes(result: ReportResult, fmt: str, lang: str = DEFAULT_LANG) -> bytes:
    """What `--output PATH` writes: UTF-8 text (CSV with the BOM Excel needs) or the binary file."""
    if fmt == "csv":
        return render_csv_bytes(result, lang)
    out = render(result, fmt, lang)
    return out.encode("utf-8") if isinstance(out, str) else out


__all__ = [
    "BINARY_FORMATS",
    "DEFAULT_LANG",
    "FORMATS",
    "Format",
    "display_width",
    "normalize_lang",
    "render",
    "render_bytes",
    "render_csv",
    "render_csv_bytes",
    "render_pdf",
    "render_table",
    "render_xlsx",
]
