"""A list counted only up to its page reads its rows once."""

from __future__ import annotations

from typing import Any

import pytest

from procuracy.organizations.models import Procuratorate
from procuracy.web.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", [1, 2, 3])
def test_counted_to_the_page_the_rows_are_read_once(number: int, django_assert_num_queries: Any) -> None:
    everything = list(Procuratorate.objects.order_by("code").values_list("code", flat=True))
    paginator = CappedPaginator(Procuratorate.objects.order_by("code").values_list("code", flat=True), 20,
                                count_to_page=number)
    with django_assert_num_queries(1):
        page = paginator.get_page(number)
        assert list(page.object_list) == everything[(number - 1) * 20:number * 20]
        assert paginator.count == number * 20 + 1 and paginator.capped and page.has_next()


def test_the_last_page_of_a_short_list() -> None:
    codes = Procuratorate.objects.filter(code__startswith="2101").order_by("code").values_list("code", flat=True)
    total = codes.count()
    paginator = CappedPaginator(codes, 10, count_to_page=5)
    page = paginator.get_page(5)
    assert paginator.count == total < 50 and not paginator.capped
    assert page.number == paginator.num_pages and list(page.object_list) == list(codes)[(page.number - 1) * 10:]
    assert not page.has_next()


def test_without_counting_to_the_page_the_count_is_capped(django_assert_num_queries: Any) -> None:
    paginator = CappedPaginator(Procuratorate.objects.order_by("code"), 20)
    with django_assert_num_queries(2):  # the capped count, then the page
        page = paginator.get_page(3)
        assert len(page.object_list) == 20
    assert paginator.count == paginator.limit + 1 and paginator.shown_count == paginator.limit
