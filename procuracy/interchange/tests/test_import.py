from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from procuracy.accounts.models import system_user
from procuracy.cases.choices import FIELD_BITS, fields_in
from procuracy.cases.models import Case, ChargeCount, Person, Recommendation, Victim
from procuracy.core.models import ObjectChange
from procuracy.core.testing import make_user, run_command
from procuracy.interchange.actions import do_import
from procuracy.interchange.models import ImportRecord
from procuracy.procedure.models import Event

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Case, Person, ChargeCount, Event, Victim, Recommendation,
                                                     ImportRecord, ObjectChange)}


def test_examples_import_every_case_and_person(shared_dir: Path, example_packages: list[dict[str, Any]]) -> None:
    path = shared_dir / "spec" / "examples" / "all.jsonl"
    run = run_command("import", str(path))
    assert run.code == 0, run.stderr
    persons_in_file = sum(len(p["persons"]) for p in example_packages)
    events_in_file = sum(len(person["events"]) for p in example_packages for person in p["persons"])
    assert Case.objects.count() == len(example_packages) == 4
    assert Person.objects.count() == persons_in_file
    assert Event.objects.count() == events_in_file
    assert Victim.objects.count() == 1 and Recommendation.objects.count() == 2
    # One change record per case, by the system user, holding the stored package.
    changes = ObjectChange.objects.filter(action="create")
    assert changes.count() == 4
    assert {c.user_name for c in changes} == {"system"}
    record = ImportRecord.objects.get()
    assert changes.get(case_ref="HB-GA-2021-0107").message.endswith(f"import {record.pk}: {path}:2".split(" ", 2)[2])
    assert changes.get(case_ref="HB-GA-2021-0107").message.startswith(f"import {record.pk}:")


def test_import_record_names_file_digest_and_counts(shared_dir: Path) -> None:
    path = shared_dir / "spec" / "examples" / "all.jsonl"
    result = do_import([path], actor=system_user())
    record = ImportRecord.objects.get()
    assert result.record == record
    assert record.files[0]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (record.cases_created, record.cases_updated, record.persons) == (4, 0, 5)
    assert record.user.username == "system" and record.finished is not None


def test_money_is_exact_and_denormalised(shared_dir: Path) -> None:
    do_import([shared_dir / "spec" / "examples" / "all.jsonl"], actor=system_user())
    person = Person.objects.get(case__case_id="HB-GA-2021-0107", person_id="P1")
    assert str(person.total_amount) == "18000000.00"
    assert person.principal_charge.name == "组织、领导、参加黑社会性质组织"
    assert person.category == "organized_crime"
    ruled = Event.objects.get(type="confiscation_ruled")
    assert str(ruled.amount) == "88600000.00" and ruled.duty and not ruled.gang
    assert ruled.procuratorate_id == "330000" and ruled.rank == "department_bureau"


def test_events_carry_the_fields_of_the_case_and_the_principal_charge(shared_dir: Path) -> None:
    do_import([shared_dir / "spec" / "examples" / "all.jsonl"], actor=system_user())
    events = Event.objects.filter(case__case_id="HB-GA-2021-0107").select_related("principal_charge")
    assert len(events) == 9
    for event in events:
        assert fields_in(event.fields) == ["natural_resources", "engineering_construction"]
        assert event.principal_charge.name == "组织、领导、参加黑社会性质组织"
    judgment = Event.objects.get(case__case_id="LN-JW-2019-0042", type="judgment")
    assert judgment.fields == FIELD_BITS["project_construction"] | FIELD_BITS["land_acquisition"]
    assert judgment.principal_charge.name == "受贿"


def test_export_reimport_export_is_identical_and_loses_nothing(
    shared_dir: Path, tmp_path: Path, example_packages: list[dict[str, Any]]
) -> None:
    assert run_command("import", str(shared_dir / "spec" / "examples" / "all.jsonl")).code == 0
    first = tmp_path / "first.jsonl"
    assert run_command("export", str(first)).code == 0
    exported = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    for original, back in zip(example_packages, exported, strict=True):
        for path, value in _leaves(original):
            assert _same(_get(back, path), value), (original["case_id"], path)
    # Replace every case with its own export and export again: the same bytes.
    assert run_command("import", "--update", str(first)).code == 0
    second = tmp_path / "second.jsonl"
    assert run_command("export", str(second)).code == 0
    assert first.read_bytes() == second.read_bytes()
    assert ObjectChange.objects.filter(action="update").count() == 4
    update = ObjectChange.objects.filter(action="update", case_ref="LN-JW-2019-0042").get()
    assert update.prechange_data == update.postchange_data == exported[0]


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*path, i))]
    return [(path, value)]


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


def _same(a: Any, b: Any) -> bool:
    from decimal import Decimal

    if isinstance(a, str) and isinstance(b, int | float | str) and not isinstance(b, bool):
        try:
            return Decimal(a) == Decimal(str(b))
        except ArithmeticError:
            return a == b
    return a == b


def test_dry_run_checks_and_stores_nothing(shared_dir: Path) -> None:
    run = run_command("import", "--dry-run", str(shared_dir / "spec" / "examples" / "all.jsonl"))
    assert run.code == 0
    assert "4" in run.stdout
    assert Case.objects.count() == 0 and ImportRecord.objects.count() == 0


def test_duplicate_case_id_in_database_needs_update(shared_dir: Path) -> None:
    path = shared_dir / "spec" / "examples" / "all.jsonl"
    assert run_command("import", str(path)).code == 0
    before = _counts()
    run = run_command("import", str(path))
    assert run.code == 1
    assert "--update" in run.stderr
    assert _counts() == before


def test_import_outside_jurisdiction_is_refused(package, write_jsonl) -> None:
    wuhan = make_user("wh", "420100")
    path = write_jsonl(package("LN-JW-2019-0042"))
    run = run_command("import", str(path), acting_user=wuhan.username)
    assert run.code == 1
    assert "210100" in run.stderr and Case.objects.count() == 0
    shenyang = make_user("sy", "210100")
    assert run_command("import", str(path), acting_user=shenyang.username).code == 0
    assert ObjectChange.objects.get().user_name == "sy"


def test_every_error_is_listed_with_its_place(package, write_jsonl) -> None:
    bad = package("LN-JW-2019-0042")
    person = bad["persons"][0]
    person["charges"][0]["charge"] = "受贿罪"
    person["id_number"] = "210102196605120036"
    person["events"][5]["date"] = "2019-02-30"
    other = package("HB-GA-2021-0107")
    other["procuratorate"] = "999999"
    path = write_jsonl(bad, other)
    result = do_import([path], actor=system_user(), names=["cases.jsonl"])
    assert not result.ok
    texts = [str(p) for p in result.problems]
    assert any("cases.jsonl:1" in t and "LN-JW-2019-0042" in t and "P1" in t and "charges[1].charge" in t
               and "受贿罪" in t for t in texts)
    assert any("id_number" in t and "P1" in t for t in texts)
    assert any("event 6 (public prosecution instituted)" in t and "2019-02-30" in t for t in texts)
    assert any("cases.jsonl:2" in t and "999999" in t for t in texts)
    assert Case.objects.count() == 0


def _mutate(package_fn, case_id: str, change) -> dict[str, Any]:
    pkg = package_fn(case_id)
    change(pkg)
    return pkg


def _insert_events(pkg: dict[str, Any], at: int, events: list[tuple[str, str]]) -> None:
    pkg["persons"][0]["events"][at:at] = [{"type": t, "date": d} for t, d in events]


def _tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


REFUSALS: list[tuple[str, str, Any, str]] = [
    ("unknown charge", "LN-JW-2019-0042",
     lambda p: p["persons"][0]["charges"].append({"charge": "不存在的罪名"}), "不存在的罪名"),
    ("wrong ID check digit", "LN-JW-2019-0042",
     lambda p: p["persons"][0].update(id_number="210102196605120031"), "GB 11643"),
    ("non-prosecution without approval", "HB-JW-2021-0311",
     lambda p: p["persons"][0]["events"][1].pop("approved_by"), "art. 371"),
    ("approval not one level up", "HB-JW-2021-0311",
     lambda p: p["persons"][0]["events"][1].update(approved_by="SPP"), "art. 371"),
    ("approval by the handling procuratorate itself", "HB-JW-2021-0311",
     lambda p: p["persons"][0]["events"][1].update(approved_by="420100"), "art. 371"),
    ("third return", "LN-JW-2019-0042", lambda p: _insert_events(p, 5, [
        ("returned", "2019-05-01"), ("resubmitted", "2019-05-02"), ("returned", "2019-05-03"),
        ("resubmitted", "2019-05-04")]), "CPL art. 175"),
    ("judgment without prosecution", "LN-JW-2019-0042",
     lambda p: p["persons"][0]["events"].pop(5), "CPL arts. 176, 186"),
    ("confiscation for a person present", "ZJ-JW-2019-0007",
     lambda p: p["persons"][0].update(status="present"), "CPL art. 298"),
    ("negative amount", "LN-JW-2019-0042",
     lambda p: p["persons"][0]["charges"][0].update(amount_yuan=-5), "-5"),
    ("negative amount as text", "LN-JW-2019-0042",
     lambda p: p["persons"][0]["charges"][0].update(amount_yuan="-5"), "-5"),
    ("three decimals", "LN-JW-2019-0042",
     lambda p: p["persons"][0]["charges"][0].update(amount_yuan=1.234), "1.234"),
    ("three decimals as text", "LN-JW-2019-0042",
     lambda p: p["persons"][0]["charges"][0].update(amount_yuan="1.234"), "1.234"),
    ("impossible date", "LN-JW-2019-0042", lambda p: p.update(received_on="2019-02-30"), "2019-02-30"),
    ("date after today", "LN-JW-2019-0042",
     lambda p: p["persons"][0]["events"][6].update(date=_tomorrow()), "after today"),
    ("unknown procuratorate", "LN-JW-2019-0042", lambda p: p.update(procuratorate="219999"), "219999"),
    ("case without persons", "LN-JW-2019-0042", lambda p: p.update(persons=[]), "person"),
    ("person accepted twice", "LN-JW-2019-0042",
     lambda p: p["persons"][0]["events"].insert(1, {"type": "accepted", "date": "2019-03-05"}), "only once"),
    ("prosecuted and not prosecuted", "LN-JW-2019-0042",
     lambda p: p["persons"][0]["events"].append(
         {"type": "not_prosecuted", "date": "2019-09-11", "kind": "evidentiary", "approved_by": "210000"}),
     "CPL arts. 176, 177"),
    ("event before the case was received", "LN-JW-2019-0042",
     lambda p: p["persons"][0]["events"][0].update(date="2019-03-01"), "2019-03-05"),
    ("resubmission without a return", "LN-JW-2019-0042",
     lambda p: p["persons"][0]["events"].pop(3), "re-transferred"),
    ("wrong schema", "LN-JW-2019-0042", lambda p: p.update(schema="procuracy.case/2"), "procuracy.case/1"),
    ("unknown rank", "LN-JW-2019-0042", lambda p: p["persons"][0].update(rank="emperor"), "emperor"),
]


@pytest.mark.parametrize(("label", "case_id", "change", "needle"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_invalid_package_is_refused_and_nothing_changes(
    package, write_jsonl, label: str, case_id: str, change, needle: str
) -> None:
    good = package("HB-GA-2021-0107")
    bad = _mutate(package, case_id, change)
    path = write_jsonl(good, bad)
    before = _counts()
    run = run_command("import", str(path))
    assert run.code == 1, label
    assert needle in run.stderr, run.stderr
    assert f"{path}:2" in run.stderr
    assert _counts() == before


def test_malformed_line_after_a_good_one_stores_neither(package, write_jsonl) -> None:
    path = write_jsonl(package("LN-JW-2019-0042"), raw_lines=['{"schema": "procuracy.case/1", "case_id": '])
    run = run_command("import", str(path))
    assert run.code == 1
    assert f"{path}:2" in run.stderr and "JSON" in run.stderr
    assert Case.objects.count() == 0


def test_duplicate_case_id_within_one_import(package, write_jsonl) -> None:
    path = write_jsonl(package("LN-JW-2019-0042"), package("LN-JW-2019-0042"))
    run = run_command("import", str(path))
    assert run.code == 1 and "twice" in run.stderr and f"{path}:1" in run.stderr
    assert Case.objects.count() == 0


def test_duplicate_across_two_files(package, write_jsonl, tmp_path: Path) -> None:
    first = write_jsonl(package("LN-JW-2019-0042"), name="a.jsonl")
    second = write_jsonl(package("LN-JW-2019-0042"), name="b.jsonl")
    run = run_command("import", str(first), str(second))
    assert run.code == 1 and f"{first}:1" in run.stderr
    assert Case.objects.count() == 0


def test_single_pretty_printed_json_file(shared_dir: Path) -> None:
    run = run_command("import", str(shared_dir / "spec" / "examples" / "gang-case.json"))
    assert run.code == 0, run.stderr
    assert Person.objects.filter(case__case_id="HB-GA-2021-0107").count() == 2


def test_unknown_fields_are_kept(package, write_jsonl, tmp_path: Path) -> None:
    pkg = package("LN-JW-2019-0042")
    pkg["x_sender_reference"] = "SY-2019-17"
    pkg["persons"][0]["x_alias"] = "老王"
    pkg["persons"][0]["events"][0]["x_note"] = {"officer": "李"}
    assert run_command("import", str(write_jsonl(pkg))).code == 0
    out = tmp_path / "out.jsonl"
    assert run_command("export", str(out)).code == 0
    back = json.loads(out.read_text(encoding="utf-8"))
    assert back["x_sender_reference"] == "SY-2019-17"
    assert back["persons"][0]["x_alias"] == "老王"
    assert back["persons"][0]["events"][0]["x_note"] == {"officer": "李"}


def test_export_scope_and_jurisdiction(shared_dir: Path, tmp_path: Path) -> None:
    assert run_command("import", str(shared_dir / "spec" / "examples" / "all.jsonl")).code == 0
    out = tmp_path / "hubei.jsonl"
    assert run_command("export", str(out), scope="420000").code == 0
    ids = [json.loads(line)["case_id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["HB-GA-2021-0107", "HB-JW-2021-0311"]
    make_user("hp", "210102")
    run = run_command("export", str(tmp_path / "x.jsonl"), scope="210000", acting_user="hp")
    assert run.code == 1 and "210000" in run.stderr


def test_messages_are_chinese_by_default(package, write_jsonl, monkeypatch) -> None:
    monkeypatch.delenv("PROCURACY_LANGUAGE")
    pkg = package("HB-JW-2021-0311")
    pkg["persons"][0]["events"][1]["approved_by"] = "SPP"
    run = run_command("import", str(write_jsonl(pkg)))
    assert run.code == 1
    assert "案件 HB-JW-2021-0311，犯罪嫌疑人 P1，第 2 个诉讼环节（不起诉决定），字段 approved_by" in run.stderr
    assert "应当经上一级人民检察院批准 — 《人民检察院刑事诉讼规则》第三百七十一条" in run.stderr
    assert "处错误，未导入任何案件" in run.stderr


def test_delisting_round_trips(package, write_jsonl, tmp_path: Path) -> None:
    pkg = package("HB-GA-2021-0107")
    pkg["supervision"]["delisted_on"] = "2021-12-01"
    assert run_command("import", str(write_jsonl(pkg))).code == 0
    assert str(Case.objects.get().supervision_delisted_on) == "2021-12-01"
    out = tmp_path / "out.jsonl"
    assert run_command("export", str(out)).code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["supervision"] == {
        "listed_by": "SPP", "listed_on": "2021-03-01", "delisted_on": "2021-12-01"}
    bad = package("HB-GA-2021-0107")
    bad["case_id"] = "X"
    bad["supervision"]["delisted_on"] = "2021-02-01"
    run = run_command("import", str(write_jsonl(bad, name="bad.jsonl")))
    assert run.code == 1 and "delisted before" in run.stderr


def test_deleting_cases_keeps_their_form_in_the_change_log(shared_dir: Path) -> None:
    from procuracy.cases.actions import do_delete_cases

    assert run_command("import", str(shared_dir / "spec" / "examples" / "all.jsonl")).code == 0
    case = Case.objects.get(case_id="LN-JW-2019-0042")
    assert do_delete_cases([case.pk], actor=system_user(), message="test") == 1
    assert not Case.objects.filter(case_id="LN-JW-2019-0042").exists()
    assert not Person.objects.filter(case_id=case.pk).exists() and not Event.objects.filter(case_id=case.pk).exists()
    change = ObjectChange.objects.get(action="delete")
    assert change.prechange_data["persons"][0]["name"] == "王某某" and change.postchange_data is None
