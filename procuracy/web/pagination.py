"""Pagination for national lists: the total is counted only up to a limit.

Counting every match of a filter over a million cases would cost more than showing the page;
beyond COUNT_LIMIT the list says "more than N" and pages on up to that point.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator

COUNT_LIMIT = 2_000


class CappedPaginator(Paginator):
    """`count_to_page=N` counts only up to the end of page N (plus one row, so that the list knows
    whether another page follows). The rows up to there are then read once, and give both the
    count and the page: a filter that tests case after case walks them once, not twice."""

    limit = COUNT_LIMIT

    def __init__(self, *args: Any, count_to_page: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reads_rows = count_to_page is not None
        if self.reads_rows:
            self.limit = min(self.limit, max(count_to_page, 1) * self.per_page)

    @cached_property
    def rows(self) -> list[Any]:
        """The rows up to the end of the counted page, and one more."""
        return list(self.object_list[: self.limit + 1])

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        if self.reads_rows:
            return len(self.rows)
        return self.object_list[: self.limit + 1].count()

    def page(self, number: Any) -> Page:
        if not self.reads_rows:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.rows[bottom:min(bottom + self.per_page, self.shown_count)], number, self)

    @property
    def capped(self) -> bool:
        return self.count > self.limit

    @property
    def shown_count(self) -> int:
        return min(self.count, self.limit)
