"""A report's aggregates read on several connections at once: the same figures, of one instant."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from procuracy.accounts.models import system_user
from procuracy.interchange.actions import do_import
from procuracy.procedure.models import Event
from procuracy.statistics.readers import report_session, side_by_side
from procuracy.statistics.reports import build_report


def _events() -> int:
    return Event.objects.count()


def _together(barrier: threading.Barrier):  # type: ignore[no-untyped-def]
    """A task that finishes only if another task runs at the same time."""

    def task() -> tuple[int, int]:
        barrier.wait(timeout=10)
        return threading.get_ident(), _events()

    return task


@pytest.mark.django_db(transaction=True)
def test_both_reports_are_the_same_read_on_one_connection_or_several(shared_dir: Path, settings) -> None:
    do_import([shared_dir / "spec" / "examples" / "all.jsonl"], actor=system_user())
    periods = {"duty-crime": (dt.date(2019, 1, 1), dt.date(2021, 12, 31)),
               "organized-crime": (dt.date(2021, 1, 1), dt.date(2021, 12, 31))}
    for name, (start, end) in periods.items():
        for scope in ("SPP", "420000", "210100"):
            settings.REPORT_CONNECTIONS = 1
            alone = build_report(name, start, end, scope)
            settings.REPORT_CONNECTIONS = 3
            together = build_report(name, start, end, scope)
            assert together.figures == alone.figures, (name, scope)
            assert together.breakdowns == alone.breakdowns, (name, scope)
            values = {f.key: f.value for f in together.figures}
            if scope == "SPP" and name == "duty-crime":
                assert values["persons_accepted"] == 2 and values["field_counts"]["judicial"] == 1
            if scope == "SPP" and name == "organized-crime":
                assert values["prosecuted"] == {"persons": 2, "cases": 1}


@pytest.mark.django_db(transaction=True)
def test_aggregates_run_at_the_same_time_on_their_own_connections(shared_dir: Path, settings) -> None:
    do_import([shared_dir / "spec" / "examples" / "all.jsonl"], actor=system_user())
    settings.REPORT_CONNECTIONS = 2
    barrier = threading.Barrier(2)
    with report_session():
        first, second = side_by_side([_together(barrier), _together(barrier)])
    assert first[0] != second[0]  # two threads
    assert first[1] == second[1] == Event.objects.count() > 0


@pytest.mark.django_db(transaction=True)
def test_every_connection_reads_the_instant_the_report_began(shared_dir: Path, settings) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a snapshot shared between connections: this runs in the PostgreSQL pass of the suite")
    do_import([shared_dir / "spec" / "examples" / "all.jsonl"], actor=system_user())
    before = _events()
    settings.REPORT_CONNECTIONS = 2
    barrier = threading.Barrier(2)

    def write_elsewhere() -> None:
        try:
            event = Event.objects.first()
            event.pk = None
            event.seq = 99
            event.save()
        finally:
            connections.close_all()

    with report_session():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        writer = threading.Thread(target=write_elsewhere)
        writer.start()
        writer.join(10)
        assert Event.objects.count() == before  # this connection's snapshot
        results = side_by_side([_together(barrier), _together(barrier)])
    assert [n for _, n in results] == [before, before]
    assert _events() == before + 1  # committed all along


@pytest.mark.django_db(transaction=True)
def test_a_failing_aggregate_fails_the_report(settings) -> None:
    settings.REPORT_CONNECTIONS = 2

    def fails() -> int:
        raise ValueError("no such figure")

    with report_session(), pytest.raises(ValueError, match="no such figure"):
        side_by_side([fails, _events, _events])


@pytest.mark.django_db
def test_inside_an_open_transaction_everything_is_read_on_its_connection(settings) -> None:
    # What this test's transaction holds is invisible to any other connection.
    settings.REPORT_CONNECTIONS = 4
    with report_session():
        threads = side_by_side([threading.get_ident] * 5)
    assert set(threads) == {threading.get_ident()}


@pytest.mark.django_db(transaction=True)
def test_every_connection_has_the_report_settings(settings) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("server settings: this runs in the PostgreSQL pass of the suite")
    settings.REPORT_CONNECTIONS = 2
    barrier = threading.Barrier(2)

    def shown() -> tuple[int, tuple[str, ...]]:
        barrier.wait(timeout=10)
        with connection.cursor() as cursor:
            values = []
            for name in ("work_mem", "jit", "max_parallel_workers_per_gather", "transaction_isolation"):
                cursor.execute(f"SHOW {name}")
                values.append(cursor.fetchone()[0])
        return threading.get_ident(), tuple(values)

    with report_session():
        (first, one), (second, other) = side_by_side([shown, shown])
    assert first != second
    workers = str(max(0, (os.cpu_count() or 1) // 2 - 1))
    assert one == other == ("64MB", "off", workers, "repeatable read")


@pytest.mark.django_db(transaction=True)
def test_without_a_second_connection_the_first_reads_everything(settings, monkeypatch, caplog) -> None:
    from django.db import DatabaseError

    from procuracy.statistics import readers

    def refused(session):  # type: ignore[no-untyped-def]
        raise DatabaseError("too many connections")

    monkeypatch.setattr(readers, "_other_connection", refused)
    settings.REPORT_CONNECTIONS = 2
    with report_session():
        threads = side_by_side([threading.get_ident] * 4)
    assert threads == [threading.get_ident()] * 4
    assert "one connection only" in caplog.text
