"""The two ways an import checks records (in-process, and in a second process for large files)
must store the same rows and report the same problems; the command exits as cli.md says."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from procuracy.accounts.models import system_user
from procuracy.cases.models import Case, CaseFacet, ChargeCount, Person
from procuracy.cases.tests.reference import expected_facets
from procuracy.interchange import actions
from procuracy.interchange.actions import do_import
from procuracy.interchange.synthetic import generate
from procuracy.procedure.models import Event

pytestmark = pytest.mark.django_db


def _write(path: Path, packages: list[dict]) -> Path:
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in packages), encoding="utf-8")
    return path


def _snapshot() -> tuple:
    return (
        sorted(Case.objects.values_list("case_id", "procuratorate_id", "received_on")),
        sorted(map(str, Person.objects.values_list("case__case_id", "person_id", "rank", "category", "total_amount"))),
        sorted(map(str, ChargeCount.objects.values_list("person__case__case_id", "person__person_id", "seq",
                                                         "charge__name", "amount"))),
        sorted(Event.objects.values_list("person__case__case_id", "person__person_id", "seq", "type", "date")),
    )


@pytest.fixture
def synthetic(tmp_path: Path) -> list[dict]:
    return list(generate(600, seed=11, end=dt.date(2026, 6, 30)))


def test_parallel_and_sequential_checks_store_the_same(tmp_path: Path, synthetic, monkeypatch) -> None:
    path = _write(tmp_path / "many.jsonl", synthetic)
    monkeypatch.setattr(actions, "PARALLEL_FROM_BYTES", 10**12)
    sequential = do_import([path], actor=system_user())
    assert sequential.ok and sequential.persons == 600
    first = _snapshot()
    Case.objects.all().delete()
    monkeypatch.setattr(actions, "PARALLEL_FROM_BYTES", 0)
    parallel = do_import([path], actor=system_user())
    assert parallel.ok and (parallel.cases, parallel.persons, parallel.events) == (
        sequential.cases, sequential.persons, sequential.events)
    assert _snapshot() == first


def test_parallel_check_lists_every_problem(tmp_path: Path, synthetic, monkeypatch) -> None:
    broken = [dict(p) for p in synthetic]
    broken[5] = {**broken[5], "procuratorate": "999999"}
    broken[200] = {**broken[200], "received_on": "2019-02-30"}
    broken.append(dict(synthetic[3]))  # the same case id again, at the end
    path = _write(tmp_path / "broken.jsonl", broken)
    monkeypatch.setattr(actions, "PARALLEL_FROM_BYTES", 0)
    result = do_import([path], actor=system_user(), names=["broken.jsonl"])
    texts = [str(p) for p in result.problems]
    assert any(t.startswith("broken.jsonl:6,") and "999999" in t for t in texts)
    assert any(t.startswith("broken.jsonl:201,") and "2019-02-30" in t for t in texts)
    assert any(t.startswith(f"broken.jsonl:{len(broken)},") and "broken.jsonl:4" in t for t in texts)
    assert Case.objects.count() == 0


def _index_definitions() -> dict[str, list[tuple[str, str]]]:
    from procuracy.cases.writer import MODELS
    from procuracy.core.bulk import _secondary_indexes
    from procuracy.core.models import ObjectChange

    return {m._meta.db_table: _secondary_indexes(m._meta.db_table) for m in [*MODELS.values(), ObjectChange]}


def test_a_large_load_into_empty_tables_builds_their_indexes_after_the_rows(tmp_path: Path, synthetic,
                                                                             monkeypatch) -> None:
    from procuracy.core import bulk

    before = _index_definitions()
    assert before["procedure_event"] and before["cases_case"]
    deferred: list[list[str]] = []
    during: list[list[tuple[str, str]]] = []  # the event table's indexes while rows are written
    original = bulk.indexes_built_after

    def spy(models):
        with original(models) as names:
            deferred.append(names)
            during.append(_index_definitions()["procedure_event"])
            yield names

    monkeypatch.setattr(actions, "indexes_built_after", contextlib.contextmanager(spy))
    monkeypatch.setattr(actions, "PARALLEL_FROM_BYTES", 0)
    # A failed load: rolled back, the indexes are there as before.
    half = len(synthetic) // 2
    broken = [*synthetic[:half], {**synthetic[half], "received_on": "2019-02-30"}]
    assert not do_import([_write(tmp_path / "broken.jsonl", broken)], actor=system_user()).ok
    assert _index_definitions() == before and Case.objects.count() == 0
    # A good one: built again, exactly as they were defined.
    assert do_import([_write(tmp_path / "first.jsonl", synthetic[:half])], actor=system_user()).ok
    assert _index_definitions() == before
    assert set(deferred[-1]) == {name for indexes in before.values() for name, _sql in indexes}
    assert during[-1] == []
    # Tables that hold rows keep their indexes while a load adds to them.
    assert do_import([_write(tmp_path / "second.jsonl", synthetic[half:])], actor=system_user()).ok
    assert during[-1] == before["procedure_event"]
    kept = {name for table in ("procedure_event", "cases_case", "cases_person") for name, _sql in before[table]}
    assert not kept & set(deferred[-1])
    assert _index_definitions() == before
    assert Person.objects.count() == len(Person.objects.values("case_id", "person_id").distinct()) > 0
    # The case list's facets: derived in one pass after the first load, row by row in the second.
    pks = list(Case.objects.values_list("pk", flat=True))
    stored: dict[int, set[str]] = {pk: set() for pk in pks}
    for case_pk, value in CaseFacet.objects.values_list("case_id", "facet"):
        stored[case_pk].add(value)
    assert stored == expected_facets(pks)


def _procuracy(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("procuracy")
    return subprocess.run([str(script), *args], env=env, cwd=cwd, capture_output=True, text=True, check=False)


def test_console_script_round_trip_between_two_databases(tmp_path: Path) -> None:
    """procuracy import → export → import into another empty database → export: the same file."""
    examples = Path(settings.PROCURACY_SHARED_DIR) / "spec" / "examples" / "all.jsonl"
    env = {**os.environ, "PROCURACY_LANGUAGE": "en"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    outputs = []
    for name, source in (("a", examples), ("b", tmp_path / "a.jsonl")):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / name}.sqlite3"
        assert _procuracy(["migrate", "-v", "0"], env, tmp_path).returncode == 0
        imported = _procuracy(["import", str(source)], env, tmp_path)
        assert imported.returncode == 0, imported.stderr
        assert "4 cases" in imported.stdout and "5 persons" in imported.stdout
        out = tmp_path / f"{name}.jsonl"
        assert _procuracy(["export", str(out)], env, tmp_path).returncode == 0
        outputs.append(out.read_bytes())
        again = _procuracy(["import", str(examples)], env, tmp_path)
        assert again.returncode == 1 and "--update" in again.stderr
    assert outputs[0] == outputs[1]
