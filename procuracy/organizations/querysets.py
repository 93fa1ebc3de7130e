from __future__ import annotations

from django.db import models

from procuracy.organizations.codes import scope_code_range


def filter_scope(queryset: models.QuerySet, scope_code: str, field: str = "procuratorate_id") -> models.QuerySet:
    """Restrict a queryset to a procuratorate and those below it, by code range on `field`."""
    bounds = scope_code_range(scope_code)
    if bounds is None:
        return queryset
    low, high = bounds
    return queryset.filter(**{f"{field}__gte": low, f"{field}__lt": high})
