from __future__ import annotations

from django.db import models

from procuracy.organizations.codes import SPP_CODE, scope_code_range


def scope_lookups(scope_code: str, field: str = "procuratorate_id") -> dict[str, str]:
    """The lookups that keep a procuratorate and those below it, as a code range on `field`
    (none for the Supreme People's Procuratorate): for a filter() that must share its join."""
    if scope_code == SPP_CODE:
        return {}
    bounds = scope_code_range(scope_code)
    if bounds is None:
        return {field: scope_code}
    low, high = bounds
    return {f"{field}__gte": low, f"{field}__lt": high}


def filter_scope(queryset: models.QuerySet, scope_code: str, field: str = "procuratorate_id") -> models.QuerySet:
    """Restrict a queryset to a procuratorate and those below it, by code range on `field`."""
    lookups = scope_lookups(scope_code, field)
    return queryset.filter(**lookups) if lookups else queryset
