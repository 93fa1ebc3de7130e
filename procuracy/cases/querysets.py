from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from procuracy.organizations.querysets import filter_scope

if TYPE_CHECKING:
    from procuracy.accounts.models import User


class Unindexed(models.Func):
    """A column in a form no index provides, for ORDER BY: the database then sorts the rows it
    has found rather than reading an index in that order while testing each row."""

    template = "%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        return super().as_sql(compiler, connection, template="(%(expressions)s + 0)", **extra)

    def as_sqlite(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        return super().as_sql(compiler, connection, template="(+%(expressions)s)", **extra)


class Probe(models.Exists):
    """EXISTS tested for each case as it is read, by an index probe.

    The list reads cases newest first until a page is full; PostgreSQL would otherwise turn the
    condition into a join that first reads the whole inner table (hashing 650,000 persons to keep
    51 cases). It does not flatten an EXISTS whose query has an OFFSET, and OFFSET 0 changes no
    result. SQLite tests EXISTS case by case anyway.
    """

    template = "EXISTS(%(subquery)s OFFSET 0)"


class CaseQuerySet(models.QuerySet):
    def restrict(self, user: User) -> CaseQuerySet:
        """Only the cases of the user's procuratorate and those below it."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return filter_scope(self, user.procuratorate_id)

    def newest_first(self, order: str = "cases") -> CaseQuerySet:
        """The list's order, read the way the filters found the cases (CaseFilterSet.order):
        "few", a small set found by key, sorted once found; "facet", the cases of one value,
        read newest first from its index (the filter's join to the facets); "cases", the cases
        read newest first from their own index until a page is full."""
        if order == "few":
            received = Unindexed(models.F("received_on"), output_field=models.DateField())
            return self.order_by(received.desc(), "-pk")
        if order == "facet":
            return self.order_by("-facets__received_on", "-pk")
        return self.order_by("-received_on", "-pk")
