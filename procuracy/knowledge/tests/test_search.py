"""Full-text search: hand-checked rankings, filters, highlighted snippets, the access log."""

from __future__ import annotations

import json
from typing import Any

from procuracy.core.models import AccessLog
from procuracy.core.testing import run_command
from procuracy.knowledge.fulltext import Snippet, snippet
from procuracy.knowledge.models import Judgment
from procuracy.knowledge.tests.conftest import LoadedCorpus


def _search(*args: str) -> dict[str, Any]:
    run = run_command("knowledge", "search", *args, "--format", "json")
    assert run.code == 0, run.stderr
    return json.loads(run.stdout)


def test_guiding_cases_on_temporary_release_rank_first(corpus: LoadedCorpus) -> None:
    # Read by hand: 检例第72号 (王某某暂予监外执行监督案), 第132号 (崔某某暂予监外执行收监执行监督案) and
    # 第3号 (林志斌徇私舞弊暂予监外执行案) are the guiding cases about 暂予监外执行.
    document = _search("暂予监外执行", "--type", "guiding_case", "--top", "3")
    assert {r["id"] for r in document["results"]} == {"检例第72号", "检例第132号", "检例第3号"}
    assert all(r["type"] == "guiding_case" for r in document["results"])


def test_poverty_funds_embezzlement(corpus: LoadedCorpus) -> None:
    # Read by hand: J02346 (挪用公款、贪污) is about 省财政扶贫资金 of a 整村推进 project, the words
    # themselves, several times; J02066 (贪污): a village official shared out 6万 of 国家扶贫专项资金.
    # The others only mention 扶贫 in passing.
    document = _search("扶贫资金", "--charge", "贪污", "--top", "5")
    assert [r["id"] for r in document["results"][:2]] == ["J02346", "J02066"]
    assert document["results"][1]["score"] > 1.5 * document["results"][2]["score"]
    assert all("贪污" in r["charges"] for r in document["results"])


def test_poppy_growing(corpus: LoadedCorpus) -> None:
    # Every judgment that mentions 罂粟 is about poppies; the growers are charged with
    # 非法种植毒品原植物, J01600 among them (4 months).
    document = _search("罂粟", "--top", "10")
    ids = [r["id"] for r in document["results"]]
    assert "J01600" in ids
    assert sum("非法种植毒品原植物" in r["charges"] for r in document["results"]) >= 7
    scores = [r["score"] for r in document["results"]]
    assert scores == sorted(scores, reverse=True)


def test_bribes_for_construction_payments(corpus: LoadedCorpus) -> None:
    document = _search("受贿 工程款", "--kind", "duty", "--top", "10")
    assert document["words"] == ["受贿", "工程", "工程款"]
    results = document["results"]
    assert len(results) == 10 and all(r["kind"] == "duty" for r in results)
    # Every answer says 受贿 and 工程款 somewhere: the snippet shows at least one of them.
    for result in results:
        text = result["snippet"]
        marked = {text[start:end] for start, end in result["highlights"]}
        assert marked and all("受贿" in m or "工程" in m for m in marked)
    assert document["total"] < _search("受贿 工程款")["total"]


def test_sentence_range_filter(corpus: LoadedCorpus) -> None:
    document = _search("盗窃", "--min-months", "24", "--max-months", "36", "--top", "20")
    assert document["results"]
    for result in document["results"]:
        assert 24 <= result["term_months"] <= 36
        assert Judgment.objects.get(judgment_id=result["id"]).term_months == result["term_months"]


def test_unknown_charge_filter_is_an_error(corpus: LoadedCorpus) -> None:
    run = run_command("knowledge", "search", "受贿", "--charge", "不存在的罪名")
    assert run.code == 1 and "不存在的罪名" in run.stderr


def test_every_search_is_logged(corpus: LoadedCorpus) -> None:
    run_command("knowledge", "search", "受贿 工程款", "--kind", "duty", "--top", "3")
    log = AccessLog.objects.get(action="search")
    assert log.target == "受贿 工程款" and log.channel == "cli"
    assert log.detail["scope"] == "knowledge" and log.detail["filters"] == {"kind": "duty"}
    assert len(log.detail["results"]) == 3


def test_text_output_marks_the_words(corpus: LoadedCorpus) -> None:
    run = run_command("knowledge", "search", "暂予监外执行", "--type", "guiding_case", "--top", "1")
    assert run.code == 0 and "【暂予监外执行】" in run.stdout


def test_snippet_picks_the_densest_window() -> None:
    text = "甲" * 300 + "被告人收受工程款" + "乙" * 300 + "受贿罪，工程款共计五万元" + "丙" * 300
    cut = snippet(text, ["受贿", "工程款"], width=60)
    assert cut.text.startswith("…") and cut.text.endswith("…")
    assert {cut.text[s:e] for s, e in cut.spans} == {"受贿", "工程款"}
    assert Snippet("ab受贿cd", ((2, 4),)).marked() == "ab【受贿】cd"
    assert snippet("没有匹配的文字", ["受贿"]).spans == ()
