"""Similar cases: the exact JSON of the command, charges first, reasons, batch, judgments and persons."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from procuracy.core.models import AccessLog
from procuracy.core.testing import make_user, run_command
from procuracy.knowledge.models import Judgment
from procuracy.knowledge.tests.conftest import LoadedCorpus

RESULT_KEYS = {"id", "score", "charges", "term_months"}
# A state official taking bribes, in the words of an indictment; names the charge nowhere.
BRIBERY = (
    "被告人张某身为国家工作人员，利用担任某县交通运输局局长的职务便利，在公路工程招标、工程款拨付等方面为他人"
    "谋取利益，先后多次收受工程承包人王某、李某给予的贿赂款共计人民币45万元。案发后，张某主动投案，如实供述"
    "自己的罪行，并退缴全部赃款。"
)
# An embezzlement that names its charge (构成贪污罪): the text's own qualification must win.
EMBEZZLEMENT = (
    "公诉机关指控：被告人李某在担任某镇财政所会计期间，利用职务上的便利，采取虚列支出、重复报账的手段，"
    "侵吞公款人民币18万元，据为己有。公诉机关认为，被告人李某的行为已构成贪污罪。"
)


def _similar(*args: str) -> dict[str, Any]:
    run = run_command("similar", *args, "--format", "json")
    assert run.code == 0, run.stderr
    return json.loads(run.stdout)


def _charges(document: dict[str, Any]) -> list[list[str]]:
    return [r["charges"] for r in document["results"]]


def test_text_json_shape_is_exact(corpus: LoadedCorpus) -> None:
    document = _similar("--text", BRIBERY, "--top", "7")
    assert set(document) == {"results"}
    assert len(document["results"]) == 7
    for result in document["results"]:
        assert set(result) == RESULT_KEYS
        assert isinstance(result["id"], str) and isinstance(result["score"], float)
        assert isinstance(result["charges"], list) and all(isinstance(c, str) for c in result["charges"])
        assert result["term_months"] is None or isinstance(result["term_months"], int)
        stored = Judgment.objects.get(judgment_id=result["id"])
        assert result["term_months"] == stored.term_months
    scores = [r["score"] for r in document["results"]]
    assert scores == sorted(scores, reverse=True)


def test_a_bribery_text_finds_bribery_judgments(corpus: LoadedCorpus) -> None:
    charges = _charges(_similar("--text", BRIBERY, "--top", "10"))
    assert sum("受贿" in c for c in charges) >= 8


def test_the_charge_a_text_names_wins(corpus: LoadedCorpus) -> None:
    charges = _charges(_similar("--text", EMBEZZLEMENT, "--top", "10"))
    assert all("贪污" in c for c in charges)


def test_file_and_why(corpus: LoadedCorpus, tmp_path: Path) -> None:
    path = tmp_path / "facts.txt"
    path.write_text(BRIBERY, encoding="utf-8")
    document = _similar("--file", str(path), "--top", "5", "--why")
    assert set(document) == {"results", "why"}
    assert all(set(r) == RESULT_KEYS for r in document["results"])
    assert [w["id"] for w in document["why"]] == [r["id"] for r in document["results"]]
    first = document["why"][0]
    assert set(first) >= {"shared_charges", "same_bracket", "shared_circumstances", "matching_terms"}
    assert "受贿" in first["shared_charges"]
    # 45万 of bribes is the second bracket of art. 383; reasons say so where the judgment agrees.
    assert any(w["same_bracket"] and w["tier"] == 2 for w in document["why"])
    assert any("surrender" in w["shared_circumstances"] or "restitution" in w["shared_circumstances"]
               for w in document["why"])


def test_text_output_gives_reasons(corpus: LoadedCorpus) -> None:
    run = run_command("similar", "--text", BRIBERY, "--top", "3")
    assert run.code == 0 and "same charge: 受贿" in run.stdout and "matching words:" in run.stdout


def test_batch_prints_one_line_per_query(corpus: LoadedCorpus, tmp_path: Path) -> None:
    path = tmp_path / "queries.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "q1", "text": BRIBERY}, ensure_ascii=False),
        json.dumps({"id": 2, "text": EMBEZZLEMENT}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    run = run_command("similar", "--batch", str(path), "--top", "4")
    assert run.code == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["q1", 2]
    for line in lines:
        assert set(line) == {"id", "results"}
        assert len(line["results"]) == 4 and all(set(r) == RESULT_KEYS for r in line["results"])
    assert AccessLog.objects.filter(action="search", detail__scope="similar").count() == 2


def test_batch_with_a_bad_line_searches_nothing(corpus: LoadedCorpus, tmp_path: Path) -> None:
    path = tmp_path / "queries.jsonl"
    path.write_text('{"id": "q1", "text": "受贿"}\n{"id": "q2"}\nnot json\n', encoding="utf-8")
    run = run_command("similar", "--batch", str(path))
    assert run.code == 1
    assert "queries.jsonl:2" in run.stderr and "queries.jsonl:3" in run.stderr
    assert run.stdout == ""


def test_similar_to_a_judgment(corpus: LoadedCorpus) -> None:
    own = set(Judgment.objects.get(judgment_id="J02066").charges.values_list("name", flat=True))
    document = _similar("--judgment", "J02066", "--top", "10")
    ids = [r["id"] for r in document["results"]]
    assert "J02066" not in ids and len(ids) == 10
    assert all(own & set(r["charges"]) for r in document["results"])
    missing = run_command("similar", "--judgment", "J99999")
    assert missing.code == 1 and "J99999" in missing.stderr


def test_similar_to_a_registry_person(corpus: LoadedCorpus, shared_dir: Path) -> None:
    imported = run_command("import", str(shared_dir / "spec" / "examples" / "all.jsonl"))
    assert imported.code == 0, imported.stderr
    # LN-JW-2019-0042 P1: 受贿 of 2,356,000 yuan and 滥用职权.
    document = _similar("--person", "LN-JW-2019-0042/P1", "--top", "10", "--why")
    assert all({"受贿", "滥用职权"} & set(r["charges"]) for r in document["results"])
    assert any(w["same_bracket"] for w in document["why"])
    # Another procuratorate's prosecutor does not see the case at all.
    make_user("wuhan", "420100")
    run = run_command("similar", "--person", "LN-JW-2019-0042/P1", "--as", "wuhan")
    assert run.code == 1 and "LN-JW-2019-0042" in run.stderr
    assert run_command("similar", "--person", "LN-JW-2019-0042/P9").code == 1


@pytest.mark.parametrize("args", [["--text", "   "], ["--text", "受贿", "--top", "0"]])
def test_bad_requests(corpus: LoadedCorpus, args: list[str]) -> None:
    assert run_command("similar", *args).code == 1
