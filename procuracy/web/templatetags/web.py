from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag
def plain_field(field: BoundField) -> SafeString:
    """A filter field as HTML built in Python: a select or an input with its current value.

    Django renders a widget through templates, option by option; a filter bar of a dozen
    selects cost more than the page of results it filters.
    """
    value = field.value()
    value = "" if value is None else str(value)
    name, html_id = field.html_name, field.auto_id
    choices = getattr(field.field, "choices", None)
    if choices is not None:
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((str(v), mark_safe(" selected") if str(v) == value else "", label) for v, label in choices),
        )
        return format_html('<select name="{}" id="{}">{}</select>', name, html_id, options)
    kind = getattr(field.field.widget, "input_type", "text")
    return format_html('<input type="{}" name="{}" id="{}" value="{}">', kind, name, html_id, value)
