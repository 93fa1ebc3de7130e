"""The benchmarks run at a small scale in the test suite, so that they keep working.

Their figures are printed, never asserted: speed targets are for the full-scale runs.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from bench import import_bench


def _database_kind() -> str:
    return "postgres" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"


@pytest.mark.django_db
def test_import_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert import_bench.main(["--persons", "400", "--databases", _database_kind()]) == 0
    out = capsys.readouterr().out
    assert "persons/s" in out and _database_kind() in out


@pytest.mark.django_db
def test_deadlines_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    from bench import deadlines_bench

    assert deadlines_bench.main(["--source", "synthetic", "--persons", "300", "--repeat", "3",
                                 "--databases", _database_kind()]) == 0
    assert "p95" in capsys.readouterr().out


@pytest.mark.django_db
def test_report_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    from bench import report_bench

    assert report_bench.main(["--source", "synthetic", "--persons", "400", "--repeat", "1",
                              "--databases", _database_kind()]) == 0
    out = capsys.readouterr().out
    assert "duty-crime" in out and "organized-crime" in out and " NO " not in out


@pytest.mark.django_db
def test_web_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    from bench import web_bench

    assert web_bench.main(["--build", "synthetic", "--persons", "300", "--databases", _database_kind(),
                           "--users", "3", "--duration", "4"]) == 0
    out = capsys.readouterr().out
    assert "case list" in out and "case page" in out and "errors 0" in out
