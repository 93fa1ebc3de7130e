"""The sentencing command: exact JSON, brackets at every threshold, fines, versions, errors.

Expected brackets come from the texts (CL arts. 383, 384, 386, 390 as amended, 397, 294;
Interpretation 法释〔2016〕9号 arts. 1-3, 5-9, 19; the 2012 dereliction interpretation), as in
test_sentencing_law.py, here through the command a prosecutor runs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from procuracy.core.testing import run_command
from procuracy.knowledge.models import Judgment
from procuracy.knowledge.tests.conftest import LoadedCorpus

TOP_KEYS = {"charge", "amount_yuan", "tier", "statutory", "fine_yuan", "basis", "recommendation"}
NO_FINE = None


def _sentencing(*args: str) -> dict[str, Any]:
    run = run_command("sentencing", *args, "--format", "json")
    assert run.code == 0, run.stderr
    return json.loads(run.stdout)


# (charge, amount, circumstances, tier, months_min, months_max, life, fine)
CASES = [
    # 受贿 / 贪污: Interp arts. 1-3; art. 383 brackets; art. 19 fines.
    ("受贿", "9999", [], 0, 0, 0, False, NO_FINE),
    ("受贿", "10000", [], 0, 0, 0, False, NO_FINE),
    ("受贿", "10000", ["prior_discipline"], 1, 0, 36, False, {"min": 100000, "max": 500000}),
    ("受贿", "29999", [], 0, 0, 0, False, NO_FINE),
    ("受贿", "29999", ["repeated_solicitation"], 1, 0, 36, False, {"min": 100000, "max": 500000}),
    ("受贿", "30000", [], 1, 0, 36, False, {"min": 100000, "max": 500000}),
    ("受贿", "100000", [], 1, 0, 36, False, {"min": 100000, "max": 500000}),
    ("受贿", "100000", ["repeated_solicitation"], 2, 36, 120, False, {"min": 200000, "max": 200000}),
    ("受贿", "199999.99", [], 1, 0, 36, False, {"min": 100000, "max": 500000}),
    ("受贿", "199999.99", ["bad_impact"], 2, 36, 120, False, {"min": 200000, "max": 399999.98}),
    ("受贿", "200000", [], 2, 36, 120, False, {"min": 200000, "max": 400000}),
    ("受贿", "1500000", [], 2, 36, 120, False, {"min": 200000, "max": 3000000}),
    ("受贿", "1500000", ["promotion_seeking"], 3, 120, 180, True, {"min": 500000, "max": 3000000}),
    ("受贿", "2999999.99", [], 2, 36, 120, False, {"min": 200000, "max": 5999999.98}),
    ("受贿", "3000000", [], 3, 120, 180, True, {"min": 500000, "max": 6000000}),
    ("贪污", "9999", ["special_funds"], 0, 0, 0, False, NO_FINE),
    ("贪污", "10000", ["special_funds"], 1, 0, 36, False, {"min": 100000, "max": 500000}),
    ("贪污", "3000000", [], 3, 120, 180, True, {"min": 500000, "max": 6000000}),
    # 行贿: Interp arts. 7-9; art. 390 as amended by Amendment XII (in force 2024-03-01).
    ("行贿", "29999", [], 0, 0, 0, False, NO_FINE),
    ("行贿", "10000", ["judicial_staff"], 1, 0, 36, False, {"min": 100000, "max": 100000}),
    ("行贿", "30000", [], 1, 0, 36, False, {"min": 100000, "max": 100000}),
    ("行贿", "999999.99", [], 1, 0, 36, False, {"min": 100000, "max": 1999999.98}),
    ("行贿", "1000000", [], 2, 36, 120, False, {"min": 100000, "max": 2000000}),
    ("行贿", "500000", ["multiple_persons"], 2, 36, 120, False, {"min": 100000, "max": 1000000}),
    ("行贿", "5000000", [], 3, 120, 180, True, {"min": 100000, "max": 10000000}),
    # 挪用公款: Interp art. 6 (profit-making or unreturned, the default use), art. 5 (illegal activities).
    ("挪用公款", "49999", [], 0, 0, 0, False, NO_FINE),
    ("挪用公款", "50000", [], 1, 0, 60, False, NO_FINE),
    ("挪用公款", "30000", ["illegal_activities"], 1, 0, 60, False, NO_FINE),
    ("挪用公款", "2000000", [], 2, 60, 180, False, NO_FINE),
    ("挪用公款", "5000000", ["not_returned"], 3, 120, 180, True, NO_FINE),
    # 滥用职权 / 玩忽职守: the amount is the loss (dereliction interpretation art. 1).
    ("滥用职权", "299999", [], 0, 0, 0, False, NO_FINE),
    ("滥用职权", "300000", [], 1, 0, 36, False, NO_FINE),
    ("玩忽职守", "1500000", [], 2, 36, 84, False, NO_FINE),
]


@pytest.mark.parametrize(("charge", "amount", "circumstances", "tier", "low", "high", "life", "fine"), CASES)
def test_brackets_at_thresholds(
    corpus: LoadedCorpus, charge: str, amount: str, circumstances: list[str], tier: int, low: int, high: int,
    life: bool, fine: dict[str, float] | None,
) -> None:
    args = ["--charge", charge, "--amount", amount]
    for circumstance in circumstances:
        args += ["--circumstance", circumstance]
    document = _sentencing(*args)
    assert set(document) == TOP_KEYS
    assert document["charge"] == charge
    assert document["amount_yuan"] == float(amount) and isinstance(document["amount_yuan"], int | float)
    assert document["tier"] == tier
    assert document["statutory"] == {"months_min": low, "months_max": high, "life": life, "death": False}
    assert document["fine_yuan"] == fine
    recommendation = document["recommendation"]
    assert set(recommendation) == {"months", "months_low", "months_high", "similar"}
    if tier == 0:
        assert recommendation == {"months": 0, "months_low": 0, "months_high": 0, "similar": []}
    else:
        assert low <= recommendation["months_low"] <= recommendation["months"] <= recommendation["months_high"] <= high


def test_recommendation_rests_on_real_judgments_of_the_bracket(corpus: LoadedCorpus) -> None:
    document = _sentencing("--charge", "受贿", "--amount", "500000")
    similar = document["recommendation"]["similar"]
    assert similar and all(set(item) == {"id", "term_months"} for item in similar)
    for item in similar:
        judgment = Judgment.objects.get(judgment_id=item["id"])
        assert (judgment.amount_charge, judgment.tier) == ("受贿", 2)
        assert 200_000 <= judgment.amount_yuan < 3_000_000
        assert item["term_months"] == (None if judgment.life_imprisonment else judgment.term_months)
    assert "Criminal Law art. 383(1)(二)" in document["basis"]
    assert any("法释〔2016〕9号 art. 19" in b for b in document["basis"])


def test_mitigating_circumstances_lower_the_recommendation(corpus: LoadedCorpus) -> None:
    plain = _sentencing("--charge", "受贿", "--amount", "500000")["recommendation"]
    lenient = _sentencing("--charge", "受贿", "--amount", "500000", "--circumstance", "surrender",
                          "--circumstance", "restitution")
    assert lenient["recommendation"]["months"] < plain["months"]
    assert lenient["recommendation"]["months"] >= 36  # never below the statutory range
    assert any("法发〔2021〕21号" in b for b in lenient["basis"])


def test_offence_date_picks_the_version_in_force(corpus: LoadedCorpus) -> None:
    # Before Amendment IX (2015-11-01) 100,000 yuan was art. 383(1)(一)'s 10 years or more.
    old = _sentencing("--charge", "受贿", "--amount", "100000", "--offence-date", "2015-10-31")
    new = _sentencing("--charge", "受贿", "--amount", "100000", "--offence-date", "2015-11-01")
    assert (old["tier"], old["statutory"]["months_min"], old["fine_yuan"]) == (3, 120, None)
    assert (new["tier"], new["statutory"]["months_max"]) == (1, 36)
    # 行贿 before Amendment XII: first bracket up to five years.
    assert _sentencing("--charge", "行贿", "--amount", "30000", "--offence-date", "2024-02-29")["statutory"][
        "months_max"] == 60


def test_organized_crime_by_role(corpus: LoadedCorpus) -> None:
    leader = _sentencing("--charge", "组织、领导、参加黑社会性质组织", "--role", "leader")
    assert (leader["tier"], leader["statutory"]["months_min"], leader["amount_yuan"]) == (3, 84, None)
    member = _sentencing("--charge", "组织、领导、参加黑社会性质组织罪", "--role", "member")
    assert (member["tier"], member["statutory"]["months_max"]) == (1, 36)
    no_role = run_command("sentencing", "--charge", "组织、领导、参加黑社会性质组织")
    assert no_role.code == 1 and "role" in no_role.stderr


def test_chinese_amounts_and_the_charge_with_zui(corpus: LoadedCorpus) -> None:
    document = _sentencing("--charge", "受贿罪", "--amount", "5万")
    assert (document["charge"], document["amount_yuan"], document["tier"]) == ("受贿", 50000, 1)


def test_unknown_charge_is_an_error(corpus: LoadedCorpus) -> None:
    run = run_command("sentencing", "--charge", "盗窃", "--amount", "5000", "--format", "json")
    assert run.code == 1 and run.stdout == ""
    assert "盗窃" in run.stderr and "受贿" in run.stderr


@pytest.mark.parametrize("args", [
    ["--charge", "受贿", "--circumstance", "special_funds"],  # 贪污's, not 受贿's (Interp art. 1 para 3)
    ["--charge", "受贿", "--circumstance", "flying"],
    ["--charge", "受贿", "--amount", "-5"],
    ["--charge", "受贿", "--amount", "lots"],
    ["--charge", "受贿", "--offence-date", "31/10/2015"],
])
def test_bad_requests_are_errors(corpus: LoadedCorpus, args: list[str]) -> None:
    run = run_command("sentencing", *args)
    assert run.code == 1 and run.stderr


def test_works_without_a_case_database(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from procuracy.knowledge import store

    monkeypatch.setattr(store, "current", lambda: None)
    document = _sentencing("--charge", "贪污", "--amount", "250000")
    assert document["tier"] == 2 and document["recommendation"]["similar"] == []
    assert document["recommendation"]["months"] == 78  # the middle of 36-120 months


def test_text_output_shows_the_notes_in_the_language_of_the_terminal(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from procuracy.knowledge import store

    monkeypatch.setattr(store, "current", lambda: None)  # no references: the full adjustment, -35 %
    args = ("sentencing", "--charge", "受贿", "--amount", "500000", "--circumstance", "surrender",
            "--circumstance", "restitution")
    english = run_command(*args)
    assert english.code == 0, english.stderr
    lines = english.stdout.splitlines()
    assert "  * Circumstances move the references by -35%." in lines
    assert "  * Restitution of the proceeds: weighs for a lighter sentence within the bracket." in lines
    assert "  * Fine: 200,000 to 1,000,000 yuan, or confiscation of property." in lines
    monkeypatch.setenv("PROCURACY_LANGUAGE", "zh-hans")
    chinese = run_command(*args)
    assert chinese.code == 0, chinese.stderr
    assert "  * 量刑情节使参考刑期调整 -35%。" in chinese.stdout.splitlines()
    assert "  * Circumstances move the references by -35%." not in chinese.stdout.splitlines()
