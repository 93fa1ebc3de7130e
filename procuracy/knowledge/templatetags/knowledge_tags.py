from __future__ import annotations

from django import template
from django.utils.translation import get_language

from procuracy.knowledge.citations import in_chinese

register = template.Library()


@register.filter
def citation(text: object) -> str:
    """A legal citation in the page's language."""
    value = str(text)
    return in_chinese(value) if (get_language() or "").startswith("zh") else value
