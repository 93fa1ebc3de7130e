"""The evaluation and the latency benchmark, at a size the test suite can afford.

Full-size figures are printed by the scripts themselves; here they must run, print every figure,
and keep the properties that do not depend on size.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from bench import knowledge_bench, knowledge_eval


def _figure(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in:\n{text}"
    return float(match.group(1))


def test_eval_at_a_tiny_size(capsys: pytest.CaptureFixture[str]) -> None:
    assert knowledge_eval.main(["--limit", "600", "--queries", "60", "--folds", "2"]) == 0
    out = capsys.readouterr().out
    ours = _figure(r"precision@10, procuracy:\s+([\d.]+)", out)
    floor = _figure(r"plain BM25 floor:\s+([\d.]+)", out)
    assert 0 <= floor <= 1 and 0 <= ours <= 1
    # Even on 600 judgments, reading what the text is about beats matching its words.
    assert ours > floor
    assert "leave-one-out over 60 labelled judgments" in out
    assert _figure(r"within the statutory range: ([\d.]+)%", out) <= 100
    assert _figure(r"error of the recommended months: ([\d.]+)", out) >= 0


def test_latency_benchmark_runs_small(capsys: pytest.CaptureFixture[str]) -> None:
    assert knowledge_bench.main(["--scale", "small"]) == 0
    out = capsys.readouterr().out
    assert "index: 5000 documents" in out
    assert _figure(r"search: \d+ queries over 5000 documents: p50 ([\d.]+) ms", out) > 0
    assert _figure(r"similar cases: \d+ queries over 5000 documents: p50 ([\d.]+) ms", out) > 0
