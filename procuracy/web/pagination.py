"""Pagination for national lists: the total is counted only up to a limit.

Counting every match of a filter over a million cases would cost more than showing the page;
beyond COUNT_LIMIT the list says "more than N" and pages on up to that point.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

COUNT_LIMIT = 2_000


class CappedPaginator(Paginator):
    """`count_to_page=True` counts only up to the end of the requested page (plus one row, so that
    the list knows whether another page follows): the cost of the count is then that of the page."""

    limit = COUNT_LIMIT

    def __init__(self, *args: Any, count_to_page: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if count_to_page is not None:
            self.limit = min(self.limit, max(count_to_page, 1) * self.per_page)

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return self.object_list[: self.limit + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.limit

    @property
    def shown_count(self) -> int:
        return min(self.count, self.limit)
