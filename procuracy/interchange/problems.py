from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import get_language
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
    rule_zh: str | None = None  # the same citation in Chinese

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(f"{self.file}:{self.line}" if self.line else self.file)
        if self.case_id:
            parts.append(_("case %(id)s") % {"id": self.case_id})
        if self.person_id:
            parts.append(_("person %(id)s") % {"id": self.person_id})
        if self.event:
            label = ""
            if self.event_type:
                from procuracy.procedure.choices import EventType

                known = self.event_type in EventType.values
                label = _(" (%(type)s)") % {"type": EventType(self.event_type).label if known else self.event_type}
            parts.append(_("event %(n)s") % {"n": self.event} + label)
        if self.field:
            parts.append(_("field %(name)s") % {"name": self.field})
        return _(", ").join(parts)

    def citation(self) -> str | None:
        chinese = get_language().startswith("zh")
        return (self.rule_zh or self.rule) if chinese else self.rule

    def __str__(self) -> str:
        text = _("%(where)s: %(message)s") % {"where": self.where(), "message": self.message}
        citation = self.citation()
        if citation:
            text += f" — {citation}"
        return text

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None and v != ""}
