from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import, and exactly where it is."""

    message: str
    file: str = ""
    line: int | None = None
    case_id: str | None = None
    person_id: str | None = None
    event: int | None = None  # 1-based position in the person's events
    event_type: str | None = None
    field: str | None = None
    rule: str | None = None  # the article or spec clause behind a procedural rule

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(f"{self.file}:{self.line}" if self.line else self.file)
        if self.case_id:
            parts.append(_("case %(id)s") % {"id": self.case_id})
        if self.person_id:
            parts.append(_("person %(id)s") % {"id": self.person_id})
        if self.event:
            label = f" ({self.event_type})" if self.event_type else ""
            parts.append(_("event %(n)s") % {"n": self.event} + label)
        if self.field:
            parts.append(_("field %(name)s") % {"name": self.field})
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.where()}: {self.message}"
        if self.rule:
            text += f" — {self.rule}"
        return text

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None and v != ""}
