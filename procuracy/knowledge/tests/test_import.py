"""Importing the case database: counts, idempotence, all-or-nothing, updates, the derived fields."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from procuracy.core.models import ObjectChange
from procuracy.core.testing import run_command
from procuracy.knowledge import store
from procuracy.knowledge.models import CorpusImport, GuidingCase, Judgment, JudgmentCharge, SearchIndex
from procuracy.knowledge.shipped import GUIDING_CASES_FILE, JUDGMENTS_FILE, SHIPPED_FILES
from procuracy.knowledge.tests.conftest import GUIDING_CASES, JUDGMENTS, LoadedCorpus


def _shipped_records(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _write(path: Path, records: list[dict[str, Any]], extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_shipped_copy_is_the_public_corpus(shared_dir: Path) -> None:
    # The app reads its own copy at run time; it must hold exactly the public records.
    assert _shipped_records(JUDGMENTS_FILE) == [
        json.loads(line) for line in (shared_dir / "data" / "judgments" / "judgments.jsonl").open(encoding="utf-8")
    ]
    assert _shipped_records(GUIDING_CASES_FILE) == [
        json.loads(line)
        for line in (shared_dir / "data" / "guiding_cases" / "guiding_cases.jsonl").open(encoding="utf-8")
    ]


def test_import_counts(corpus: LoadedCorpus) -> None:
    assert Judgment.objects.count() == JUDGMENTS
    assert GuidingCase.objects.count() == GUIDING_CASES
    if corpus.result is not None:  # the load of this session's database
        assert (corpus.result.judgments.created, corpus.result.guiding_cases.created) == (JUDGMENTS, GUIDING_CASES)
        assert corpus.result.indexed == JUDGMENTS + GUIDING_CASES
        # The shipped cache is current: nothing to tokenize, the classifier needs no training.
        assert (corpus.result.tokenized, corpus.result.classifier) == (0, "reused")
    stored = SearchIndex.objects.get()
    assert stored.documents == JUDGMENTS + GUIDING_CASES
    loaded = store.current()
    assert loaded is not None and loaded.index.size == JUDGMENTS + GUIDING_CASES
    assert loaded.engine.classifier is not None


def test_reimport_is_idempotent_with_a_clear_count(corpus: LoadedCorpus) -> None:
    digest = SearchIndex.objects.get().digest
    charge_rows = JudgmentCharge.objects.count()
    run = run_command("knowledge", "import", "--shipped")
    assert run.code == 0, run.stderr
    assert f"{JUDGMENTS} judgments (0 new, 0 updated, {JUDGMENTS} unchanged)" in run.stdout
    assert f"{GUIDING_CASES} guiding cases (0 new, 0 updated, {GUIDING_CASES} unchanged)" in run.stdout
    assert "(0 tokenized)" in run.stdout
    assert Judgment.objects.count() == JUDGMENTS and JudgmentCharge.objects.count() == charge_rows
    assert SearchIndex.objects.get().digest == digest
    # The import is recorded, with the files' digests, in the change log.
    record = CorpusImport.objects.get()
    assert [f["name"] for f in record.files] == [p.name for p in SHIPPED_FILES]
    assert record.counts["judgments"] == {"created": 0, "updated": 0, "unchanged": JUDGMENTS}
    assert ObjectChange.objects.filter(changed_object_id=str(record.pk), action="create").count() == 1


def test_import_json_output(corpus: LoadedCorpus, tmp_path: Path) -> None:
    path = _write(tmp_path / "cases.jsonl", _shipped_records(GUIDING_CASES_FILE)[:3])
    run = run_command("knowledge", "import", str(path), "--format", "json")
    assert run.code == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["ok"] is True
    assert document["guiding_cases"] == {"created": 0, "updated": 0, "unchanged": 3, "total": 3}
    assert document["judgments"]["total"] == 0 and document["errors"] == []


def test_derived_fields_of_a_hand_read_judgment(corpus: LoadedCorpus) -> None:
    # J00002: CAIL2018 record, 非法种植毒品原植物 (1,494 poppy plants), 12 months, fine 2,000 yuan.
    j = Judgment.objects.get(judgment_id="J00002")
    assert j.charges_raw == ["非法种植毒品原植物"]
    assert [c.name for c in j.charges.all()] == ["非法种植毒品原植物"]
    assert (j.term_months, j.fine_yuan, j.articles, j.kind) == (12, Decimal("2000.00"), [351], "other")
    assert j.amount_yuan is None and j.tier is None
    # J03543: 私分国有资产 of 18.12万 (the hand-labelled amount of test_amounts), no sentencing rule.
    j = Judgment.objects.get(judgment_id="J03543")
    assert (j.amount_yuan, j.amount_charge, j.tier) == (Decimal("181200.00"), "私分国有资产", None)


def test_sentences_read_from_the_operative_part_where_the_record_gives_none(
        corpus: LoadedCorpus, shared_dir: Path) -> None:
    given = {}
    for line in (shared_dir / "data" / "judgments" / "judgments.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        given[record["id"]] = (record["term_months"], record["life_imprisonment"], record["death_penalty"])
    stored = {j: (m, life, death, read) for j, m, life, death, read in Judgment.objects.values_list(
        "judgment_id", "term_months", "life_imprisonment", "death_penalty", "sentence_from_text")}
    # What a record gives is kept as it is, and never marked as read.
    for key, (months, life, death) in given.items():
        if months is not None or life or death:
            assert stored[key] == (months, life, death, False), key
    read = {key: value for key, value in stored.items() if value[3]}
    assert len(read) >= 360 and all(given[key] == (None, False, False) for key in read)
    # Read by hand from their texts: J02765 (受贿, three years suspended), J02796 (one year and six
    # months, «又»), J02673 (two charges, three years six months served).
    assert {key: stored[key][0] for key in ("J02765", "J02796", "J02673")} == {"J02765": 36, "J02796": 18,
                                                                               "J02673": 42}


def test_circumstances_are_the_cases_not_those_of_the_appended_statutes(corpus: LoadedCorpus) -> None:
    # Read by hand: J02765 surrendered («系自首»), returned the money («退缴了全部赃款») and acted
    # «多次»; art. 385-386 appended after the clerk's line speak of 索取 and 索贿, art. 67 of 如实供述.
    # J02770 confessed (art. 67(3), «坦白»), is a recidivist and was forgiven; art. 67(1) on 自首 is
    # only quoted in the appendix.
    assert Judgment.objects.get(judgment_id="J02765").circumstances == ["surrender", "restitution", "repeated"]
    assert Judgment.objects.get(judgment_id="J02770").circumstances == ["confession", "recidivist", "forgiveness"]


def test_noisy_labels_are_mapped_and_kept(corpus: LoadedCorpus) -> None:
    def names(judgment_id: str) -> list[str]:
        return list(Judgment.objects.get(judgment_id=judgment_id).charges.values_list("name", flat=True))

    selling = Judgment.objects.filter(charges_raw=["贩卖毒品"]).first()
    assert selling is not None and names(selling.judgment_id) == ["走私、贩卖、运输、制造毒品"]
    fragment = Judgment.objects.filter(unmapped_charges__isnull=False).exclude(unmapped_charges=[]).first()
    assert fragment is not None and fragment.unmapped_charges
    assert set(fragment.unmapped_charges) <= set(fragment.charges_raw)


def test_duty_judgment_carries_amount_and_bracket(corpus: LoadedCorpus) -> None:
    with_amount = Judgment.objects.filter(kind="duty", amount_charge="受贿", amount_yuan__isnull=False)
    assert with_amount.count() >= 20
    for j in with_amount:
        expected_tier = 1 if j.amount_yuan < 200_000 else 2 if j.amount_yuan < 3_000_000 else 3
        if j.amount_yuan < 30_000:
            expected_tier = 0
        assert j.tier == expected_tier, j.judgment_id
        if j.tier == 2:
            assert (j.statutory_months_min, j.statutory_months_max, j.statutory_life) == (36, 120, False)


def test_all_or_nothing_with_every_error_listed(corpus: LoadedCorpus, tmp_path: Path) -> None:
    good = {"id": "T00001", "kind": "duty", "charges": ["受贿"], "fact": "被告人收受人民币5万元。", "full_text": None,
            "term_months": 12, "life_imprisonment": False, "death_penalty": False, "fine_yuan": 100000,
            "articles": [385], "source": "test"}
    bad = dict(good, id="T00002", kind="civil", term_months=-3)
    path = _write(tmp_path / "mixed.jsonl", [good, bad], extra_lines=("{not json", '{"name": "other"}'))
    run = run_command("knowledge", "import", str(path))
    assert run.code == 1
    assert "mixed.jsonl:2, T00002, kind" in run.stderr and "mixed.jsonl:2, T00002, term_months" in run.stderr
    assert "mixed.jsonl:3: not valid JSON" in run.stderr
    assert "mixed.jsonl:4: neither a judgment" in run.stderr
    assert "4 errors: nothing was imported." in run.stderr
    assert not Judgment.objects.filter(judgment_id__in=["T00001", "T00002"]).exists()
    assert not CorpusImport.objects.exists()


def test_changed_and_new_records_update_the_index(corpus: LoadedCorpus, tmp_path: Path) -> None:
    records = _shipped_records(JUDGMENTS_FILE)
    changed = dict(records[1], term_months=99)  # J00002, same text
    new = {"id": "T09999", "kind": "duty", "charges": ["贪污"], "full_text": None, "term_months": 30,
           "fact": "被告人利用担任镇扶贫办主任的职务便利，侵吞扶贫专项资金人民币12万元，用于购买玛莎拉蒂跑车。",
           "life_imprisonment": False, "death_penalty": False, "fine_yuan": None, "articles": [], "source": "test"}
    path = _write(tmp_path / "delta.jsonl", [changed, new])
    run = run_command("knowledge", "import", str(path), "--format", "json")
    assert run.code == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["judgments"] == {"created": 1, "updated": 1, "unchanged": 0, "total": 2}
    assert document["tokenized"] == 1  # only the new text; J00002's words are reused
    assert Judgment.objects.get(judgment_id="J00002").term_months == 99
    new_row = Judgment.objects.get(judgment_id="T09999")
    assert (new_row.amount_yuan, new_row.tier) == (Decimal("120000.00"), 1)
    assert new_row.tier == 1 and "贪污" in new_row.charges.values_list("name", flat=True)
    search = run_command("knowledge", "search", "玛莎拉蒂", "--format", "json")
    assert [r["id"] for r in json.loads(search.stdout)["results"]] == ["T09999"]


def test_import_needs_a_path(corpus: LoadedCorpus) -> None:
    run = run_command("knowledge", "import")
    assert run.code == 1 and "--shipped" in run.stderr
    missing = run_command("knowledge", "import", "/nonexistent/file.jsonl")
    assert missing.code == 1 and "no such file" in missing.stderr
