from __future__ import annotations

from django.db import models

from procuracy.organizations.codes import SPP_CODE, scope_code_range


def filter_scope(queryset: models.QuerySet, scope_code: str, field: str = "procuratorate_id") -> models.QuerySet:
    """Restrict a queryset to a procuratorate and those below it, by code range on `field`."""
    if scope_code == SPP_CODE:
        return queryset
    bounds = scope_code_range(scope_code)
    if bounds is None:
        return queryset.filter(**{field: scope_code})
    low, high = bounds
    return queryset.filter(**{f"{field}__gte": low, f"{field}__lt": high})
