"""Pagination for national lists: the total is counted only up to a limit.

Counting every match of a filter over a million cases would cost more than showing the page;
beyond COUNT_LIMIT the list says "more than N" and pages on up to that point.
"""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator

COUNT_LIMIT = 2_000


class CappedPaginator(Paginator):
    limit = COUNT_LIMIT

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return self.object_list[: self.limit + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.limit

    @property
    def shown_count(self) -> int:
        return min(self.count, self.limit)
