"""Statutory brackets: every threshold, fine range and version boundary the law sets.

Expected values come from the texts (Criminal Law arts. 294, 383, 384, 386, 390, 397; Interpretation
法释〔2016〕9号 arts. 1-9, 19; the 2012 dereliction interpretation art. 1), not from the code.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from procuracy.knowledge.sentencing_law import (
    CHARGES,
    MITIGATING,
    ROLES,
    Assessment,
    Note,
    SentencingLawError,
    UnknownCharge,
    UnknownCircumstance,
    UnknownRole,
    assess,
    circumstances_for,
    normalise_charge,
    rule_for,
    rules_for,
)

D = Decimal
MAFIA = "组织、领导、参加黑社会性质组织"


def _texts(result: Assessment) -> list[str]:
    """The notes as shown, in the active language (English in the tests)."""
    return [str(note) for note in result.notes]


# (amount, tier without a listed circumstance, tier with one): Interp arts. 1-3.
CORRUPTION_THRESHOLDS = [
    (D("9999"), 0, 0),
    (D("10000"), 0, 1),
    (D("29999"), 0, 1),
    (D("30000"), 1, 1),
    (D("100000"), 1, 2),
    (D("199999.99"), 1, 2),
    (D("200000"), 2, 2),
    (D("1500000"), 2, 3),
    (D("2999999.99"), 2, 3),
    (D("3000000"), 3, 3),
]
# Art. 383(1): (一) ≤3 years or 拘役; (二) 3-10 years; (三) ≥10 years or life.
CORRUPTION_RANGES = {0: (0, 0, False), 1: (0, 36, False), 2: (36, 120, False), 3: (120, 180, True)}


# --------------------------------------------------------------------------------------------
# 贪污 and 受贿 (arts. 383, 386; Interp arts. 1-3)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "plain", "aggravated"), CORRUPTION_THRESHOLDS)
@pytest.mark.parametrize(
    ("charge", "circumstance"),
    [
        ("贪污", "special_funds"),
        ("贪污", "bad_impact"),
        ("受贿", "repeated_solicitation"),
        ("受贿", "prior_discipline"),
    ],
)
def test_corruption_thresholds(
    charge: str, circumstance: str, amount: Decimal, plain: int, aggravated: int
) -> None:
    without = assess(charge, amount)
    with_it = assess(charge, amount, [circumstance])
    assert without.tier == plain
    assert with_it.tier == aggravated
    for result in (without, with_it):
        months_min, months_max, life = CORRUPTION_RANGES[result.tier]
        assert (result.months_min, result.months_max, result.life) == (months_min, months_max, life)
        assert result.death is False
    assert with_it.aggravating == (circumstance,)


@pytest.mark.parametrize(
    "circumstance",
    [
        "special_funds",
        "prior_discipline",
        "prior_conviction",
        "illegal_use",
        "refused_disclosure",
        "bad_impact",
    ],
)
def test_every_embezzlement_circumstance_lowers_thresholds(circumstance: str) -> None:
    assert assess("贪污", D("10000"), [circumstance]).tier == 1
    assert assess("贪污", D("100000"), [circumstance]).tier == 2
    assert assess("贪污", D("1500000"), [circumstance]).tier == 3


@pytest.mark.parametrize(
    "circumstance",
    [
        "prior_discipline",
        "prior_conviction",
        "illegal_use",
        "refused_disclosure",
        "bad_impact",
        "repeated_solicitation",
        "improper_benefit_loss",
        "promotion_seeking",
    ],
)
def test_every_bribe_taking_circumstance_lowers_thresholds(circumstance: str) -> None:
    assert assess("受贿", D("10000"), [circumstance]).tier == 1
    assert assess("受贿", D("100000"), [circumstance]).tier == 2
    assert assess("受贿", D("1500000"), [circumstance]).tier == 3


def test_circumstance_lists_differ_between_embezzlement_and_bribery() -> None:
    with pytest.raises(UnknownCircumstance):
        assess("受贿", D("50000"), ["special_funds"])  # art. 1 para 3 takes items (二)-(六) only
    with pytest.raises(UnknownCircumstance):
        assess("贪污", D("50000"), ["repeated_solicitation"])


def test_mitigating_circumstances_never_move_the_bracket() -> None:
    plain = assess("受贿", D("250000"))
    lenient = assess("受贿", D("250000"), list(MITIGATING))
    assert lenient.tier == plain.tier == 2
    assert (lenient.months_min, lenient.months_max) == (plain.months_min, plain.months_max)
    assert lenient.mitigating == MITIGATING
    assert lenient.aggravating == ()
    assert "Criminal Law art. 67(1)" in lenient.basis


def test_art_383_para_3_leniency_depends_on_the_bracket() -> None:
    first = assess("贪污", D("50000"), ["confession", "restitution"])
    second = assess("贪污", D("500000"), ["confession", "restitution"])
    assert any("mitigated or exempted from punishment" in text for text in _texts(first))
    assert any("may only be punished lightly" in text for text in _texts(second))


def test_third_bracket_of_383() -> None:
    result = assess("贪污", D("3000000"))
    assert (result.tier, result.months_min, result.months_max, result.life, result.death) == (
        3,
        120,
        180,
        True,
        False,
    )
    assert "Criminal Law art. 383(1)(三)" in result.basis
    assert any("Death only" in text for text in _texts(result))


def test_basis_cites_article_and_interpretation() -> None:
    result = assess("贪污", D("250000"))
    assert "Criminal Law art. 382" in result.basis
    assert "Criminal Law art. 383(1)(二)" in result.basis
    assert "Interpretation 法释〔2016〕9号 art. 2 para 1" in result.basis
    aggravated = assess("受贿", D("120000"), ["promotion_seeking"])
    assert "Interpretation 法释〔2016〕9号 art. 2 para 3" in aggravated.basis
    assert "Criminal Law art. 386" in aggravated.basis


# --------------------------------------------------------------------------------------------
# Fines (Interp art. 19)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("charge", "amount", "circumstances", "tier", "fine_min", "fine_max"),
    [
        # ≤3 years → 100,000-500,000 whatever the amount
        ("受贿", D("30000"), (), 1, D("100000"), D("500000")),
        ("贪污", D("199999.99"), (), 1, D("100000"), D("500000")),
        ("贪污", D("10000"), ("special_funds",), 1, D("100000"), D("500000")),
        # 3-10 years → 200,000 to twice the amount
        ("受贿", D("250000"), (), 2, D("200000"), D("500000")),
        ("贪污", D("200000"), (), 2, D("200000"), D("400000")),
        ("受贿", D("100000"), ("promotion_seeking",), 2, D("200000"), D("200000")),
        ("贪污", D("2999999.99"), (), 2, D("200000"), D("5999999.98")),
        # ≥10 years or life → 500,000 to twice the amount
        ("受贿", D("3000000"), (), 3, D("500000"), D("6000000")),
        ("贪污", D("1500000"), ("bad_impact",), 3, D("500000"), D("3000000")),
        # other corruption crimes with a fine (行贿) → 100,000 to twice the amount, in every bracket
        ("行贿", D("250000"), (), 1, D("100000"), D("500000")),
        ("行贿", D("1000000"), (), 2, D("100000"), D("2000000")),
        ("行贿", D("5000000"), (), 3, D("100000"), D("10000000")),
    ],
)
def test_fine_ranges_of_art_19(
    charge: str,
    amount: Decimal,
    circumstances: tuple[str, ...],
    tier: int,
    fine_min: Decimal,
    fine_max: Decimal,
) -> None:
    result = assess(charge, amount, circumstances)
    assert result.tier == tier
    assert (result.fine_min, result.fine_max) == (fine_min, fine_max)
    assert any("art. 19" in item for item in result.basis)


def test_fine_floor_above_twice_a_small_bribe() -> None:
    result = assess("行贿", D("30000"))
    assert (result.fine_min, result.fine_max) == (D("100000"), D("100000"))
    floor = (
        "Twice the amount (60,000 yuan) is below the statutory floor; the floor of 100,000 yuan is given as "
        "both bounds."
    )
    assert floor in _texts(result)


@pytest.mark.parametrize(
    ("charge", "kwargs"),
    [
        ("贪污", {"amount": D("9999")}),
        ("挪用公款", {"amount": D("5000000")}),
        ("滥用职权", {"amount": None, "loss": D("2000000")}),
        ("玩忽职守", {"amount": None, "loss": D("500000")}),
        (MAFIA, {"amount": None, "role": "leader"}),
    ],
)
def test_no_fine_range_where_the_article_sets_none(charge: str, kwargs: dict[str, object]) -> None:
    result = assess(charge, **kwargs)  # type: ignore[arg-type]
    assert result.fine_min is None
    assert result.fine_max is None


# --------------------------------------------------------------------------------------------
# 行贿 (art. 390; Interp arts. 7-9)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "plain", "aggravated"),
    [
        (D("9999"), 0, 0),
        (D("10000"), 0, 1),
        (D("29999.99"), 0, 1),
        (D("30000"), 1, 1),
        (D("499999.99"), 1, 1),
        (D("500000"), 1, 2),
        (D("999999.99"), 1, 2),
        (D("1000000"), 2, 2),
        (D("2499999.99"), 2, 2),
        (D("2500000"), 2, 3),
        (D("4999999.99"), 2, 3),
        (D("5000000"), 3, 3),
    ],
)
@pytest.mark.parametrize(
    "circumstance", ["multiple_persons", "illegal_gains", "promotion", "regulator", "judicial_staff"]
)
def test_bribe_giving_thresholds(amount: Decimal, plain: int, aggravated: int, circumstance: str) -> None:
    assert assess("行贿", amount).tier == plain
    assert assess("行贿", amount, [circumstance]).tier == aggravated


@pytest.mark.parametrize(
    ("amount", "loss", "tier"),
    [
        (D("20000"), D("499999.99"), 0),
        (D("20000"), D("500000"), 1),  # art. 7 para 2 (六)
        (D("10000"), D("1000000"), 2),  # 重大损失, art. 8 para 2
        (D("10000"), D("5000000"), 3),  # 特别重大损失, art. 9 para 2
        (D("9999"), D("5000000"), 0),  # no prosecutable bribe, no bracket (conservative)
    ],
)
def test_bribe_giving_losses(amount: Decimal, loss: Decimal, tier: int) -> None:
    assert assess("行贿", amount, loss=loss).tier == tier


@pytest.mark.parametrize(
    ("offence", "ranges"),
    [
        # Amendment IX: ≤5 or 拘役 / 5-10 / ≥10 or life
        (date(2024, 2, 29), {1: (0, 60), 2: (60, 120), 3: (120, 180)}),
        (date(2016, 6, 1), {1: (0, 60), 2: (60, 120), 3: (120, 180)}),
        # Amendment XII (in force 2024-03-01): ≤3 or 拘役 / 3-10 / ≥10 or life
        (date(2024, 3, 1), {1: (0, 36), 2: (36, 120), 3: (120, 180)}),
        (None, {1: (0, 36), 2: (36, 120), 3: (120, 180)}),
    ],
)
def test_bribe_giving_before_and_after_amendment_xii(
    offence: date | None, ranges: dict[int, tuple[int, int]]
) -> None:
    for amount, tier in ((D("50000"), 1), (D("2000000"), 2), (D("6000000"), 3)):
        result = assess("行贿", amount, offence_date=offence)
        assert result.tier == tier
        assert (result.months_min, result.months_max) == ranges[tier]
        assert result.life is (tier == 3)
        assert result.fine_min == D("100000")


def test_bribe_giving_aggravating_list_of_amendment_xii() -> None:
    after = assess("行贿", D("50000"), ["state_functionary", "key_project"], offence_date=date(2024, 6, 1))
    assert after.aggravating == ("state_functionary", "key_project")
    assert "Criminal Law art. 390 (Amendment XII)" in after.basis
    before = assess("行贿", D("50000"), ["state_functionary"], offence_date=date(2023, 6, 1))
    assert before.aggravating == ()
    inert = "No statutory effect in the version in force on the offence date: state_functionary."
    assert inert in _texts(before)
    # the Interp items lower the thresholds under both versions
    assert assess("行贿", D("10000"), ["promotion"], offence_date=date(2023, 6, 1)).tier == 1
    assert assess("行贿", D("10000"), ["promotion"], offence_date=date(2024, 6, 1)).tier == 1


def test_bribe_giving_after_xii_flags_unverified_thresholds() -> None:
    result = assess("行贿", D("50000"))
    assert any(text.startswith("Unverified:") for text in _texts(result))


def test_bribe_giving_before_amendment_ix_has_no_fine() -> None:
    result = assess("行贿", D("50000"), offence_date=date(2014, 1, 1))
    assert (result.tier, result.months_min, result.months_max) == (1, 0, 60)
    assert result.fine_min is None


# --------------------------------------------------------------------------------------------
# 挪用公款 (art. 384; Interp arts. 5-6)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "circumstances", "tier"),
    [
        # profit-making or unreturned over 3 months (the default use)
        (D("49999.99"), (), 0),
        (D("50000"), (), 1),
        (D("1999999.99"), (), 1),
        (D("2000000"), (), 2),
        (D("5000000"), (), 2),  # huge but returned: still 情节严重
        (D("5000000"), ("not_returned",), 3),
        (D("4999999.99"), ("not_returned",), 2),
        (D("1000000"), ("not_returned",), 2),
        (D("999999.99"), ("not_returned",), 1),
        (D("1000000"), ("special_funds",), 2),
        (D("999999.99"), ("special_funds",), 1),
        (D("50000"), ("profit_or_unreturned",), 1),
        # illegal activities
        (D("29999.99"), ("illegal_activities",), 0),
        (D("30000"), ("illegal_activities",), 1),
        (D("999999.99"), ("illegal_activities",), 1),
        (D("1000000"), ("illegal_activities",), 2),
        (D("500000"), ("illegal_activities", "special_funds"), 2),
        (D("500000"), ("illegal_activities", "not_returned"), 2),
        (D("499999.99"), ("illegal_activities", "not_returned"), 1),
        (D("3000000"), ("illegal_activities",), 2),
        (D("3000000"), ("illegal_activities", "not_returned"), 3),
    ],
)
def test_misappropriation_thresholds(amount: Decimal, circumstances: tuple[str, ...], tier: int) -> None:
    result = assess("挪用公款", amount, circumstances)
    assert result.tier == tier
    expected = {0: (0, 0, False), 1: (0, 60, False), 2: (60, 180, False), 3: (120, 180, True)}[tier]
    assert (result.months_min, result.months_max, result.life) == expected
    assert result.fine_min is None


def test_misappropriation_default_use_is_noted_and_modes_exclude_each_other() -> None:
    assert any("profit-making" in text for text in _texts(assess("挪用公款", D("60000"))))
    with pytest.raises(SentencingLawError):
        assess("挪用公款", D("60000"), ["illegal_activities", "profit_or_unreturned"])


def test_misappropriating_relief_funds_is_aggravating() -> None:
    result = assess("挪用公款", D("60000"), ["special_funds"])
    assert result.aggravating == ("special_funds",)


# --------------------------------------------------------------------------------------------
# 滥用职权 / 玩忽职守 (art. 397; dereliction interpretation art. 1)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("charge", ["滥用职权", "玩忽职守"])
@pytest.mark.parametrize(
    ("loss", "circumstances", "tier", "months"),
    [
        (None, (), 0, (0, 0)),
        (D("299999.99"), (), 0, (0, 0)),
        (D("300000"), (), 1, (0, 36)),
        (D("1499999.99"), (), 1, (0, 36)),
        (D("1500000"), (), 2, (36, 84)),
        (None, ("bad_impact",), 1, (0, 36)),
        (None, ("casualties",), 1, (0, 36)),
        (None, ("especially_bad_impact",), 2, (36, 84)),
        (None, ("mass_casualties",), 2, (36, 84)),
        (D("300000"), ("cover_up",), 2, (36, 84)),
        (D("299999.99"), ("cover_up",), 0, (0, 0)),
        # 徇私舞弊 (art. 397 para 2): ≤5 or 拘役 / 5-10
        (D("300000"), ("personal_gain",), 1, (0, 60)),
        (D("1500000"), ("personal_gain",), 2, (60, 120)),
    ],
)
def test_dereliction_by_loss(
    charge: str, loss: Decimal | None, circumstances: tuple[str, ...], tier: int, months: tuple[int, int]
) -> None:
    result = assess(charge, None, circumstances, loss=loss)
    assert result.tier == tier
    assert (result.months_min, result.months_max) == months
    assert result.life is False
    assert result.fine_min is None


def test_dereliction_ignores_an_amount_without_loss() -> None:
    assert assess("滥用职权", D("5000000")).tier == 0


# --------------------------------------------------------------------------------------------
# Art. 294
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "tier", "months"),
    [("leader", 3, (84, 180)), ("active", 2, (36, 84)), ("member", 1, (0, 36))],
)
def test_mafia_roles(role: str, tier: int, months: tuple[int, int]) -> None:
    result = assess(MAFIA, None, role=role)
    assert result.tier == tier
    assert (result.months_min, result.months_max) == months
    assert result.life is False
    assert "Criminal Law art. 294(1) (Amendment VIII)" in result.basis


@pytest.mark.parametrize(
    "alias", ["组织、领导黑社会性质组织", "参加黑社会性质组织", "组织、领导、参加黑社会性质组织罪"]
)
def test_mafia_aliases(alias: str) -> None:
    assert assess(alias, None, role="active").charge == MAFIA


def test_mafia_role_is_required_and_checked() -> None:
    with pytest.raises(UnknownRole):
        assess(MAFIA, None)
    with pytest.raises(UnknownRole, match=r"valid roles: member, active, leader"):
        assess(MAFIA, None, role="boss")


def test_mafia_before_amendment_viii() -> None:
    leader = assess(MAFIA, None, role="leader", offence_date=date(2010, 6, 1))
    assert (leader.months_min, leader.months_max) == (36, 120)
    assert assess(MAFIA, None, role="leader", offence_date=date(2011, 5, 1)).months_min == 84


# --------------------------------------------------------------------------------------------
# Versions by offence date
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "tier", "months"),
    [
        (D("4999.99"), 0, (0, 0)),
        (D("5000"), 1, (12, 84)),
        (D("49999.99"), 1, (12, 84)),
        (D("50000"), 2, (60, 180)),
        (D("99999.99"), 2, (60, 180)),
        (D("100000"), 3, (120, 180)),
    ],
)
@pytest.mark.parametrize("charge", ["贪污", "受贿"])
def test_offence_in_2014_uses_the_1997_thresholds(
    charge: str, amount: Decimal, tier: int, months: tuple[int, int]
) -> None:
    result = assess(charge, amount, offence_date=date(2014, 7, 1))
    assert result.tier == tier
    assert (result.months_min, result.months_max) == months
    assert result.life is (tier == 3)
    assert result.fine_min is None  # the 1997 text has no fine
    assert any("later one is lighter" in text for text in _texts(result))  # CL art. 12


def test_amendment_ix_boundary() -> None:
    assert assess("贪污", D("50000"), offence_date=date(2015, 10, 31)).tier == 2
    assert assess("贪污", D("50000"), offence_date=date(2015, 11, 1)).tier == 1
    assert assess("贪污", D("50000"), offence_date=date(2016, 4, 18)).tier == 1
    old = assess("贪污", D("20000"), ["special_funds"], offence_date=date(2014, 1, 1))
    assert old.tier == 1
    assert old.aggravating == ()  # the 1997 text lists no threshold-lowering circumstances
    assert any("No statutory effect" in text for text in _texts(old))


def test_offence_before_the_earliest_encoded_rule() -> None:
    result = assess("挪用公款", D("60000"), offence_date=date(2012, 1, 1))
    assert result.tier == 1
    assert (
        "The offence date 2012-01-01 precedes the earliest encoded rule (2016-04-18); that rule is used. "
        "Judicial interpretations govern the cases pending when they take effect, and the earlier "
        "thresholds were lower (harsher)."
    ) in _texts(result)
    assert rule_for("挪用公款", date(2012, 1, 1)) is rules_for("挪用公款")[0]


@pytest.mark.parametrize("charge", CHARGES)
def test_versions_are_contiguous(charge: str) -> None:
    rules = rules_for(charge)
    assert rules[-1].effective_to is None
    for earlier, later in itertools.pairwise(rules):
        assert earlier.effective_to is not None
        assert earlier.effective_to + timedelta(days=1) == later.effective_from
    for rule in rules:
        assert rule.charge == charge
        assert rule.basis
        assert {b.tier for b in rule.brackets} <= {1, 2, 3}
        assert {t.tier for t in rule.thresholds} <= {b.tier for b in rule.brackets}


def test_rule_for_without_a_date_is_the_current_version() -> None:
    assert rule_for("行贿").effective_from == date(2024, 3, 1)
    assert rule_for("贪污", date(2015, 11, 1)).effective_from == date(2015, 11, 1)


# --------------------------------------------------------------------------------------------
# Inputs and errors
# --------------------------------------------------------------------------------------------


def test_unknown_charge() -> None:
    with pytest.raises(UnknownCharge):
        assess("盗窃", D("10000"))
    assert issubclass(UnknownCharge, ValueError)


def test_charge_names_are_normalised() -> None:
    assert normalise_charge(" 受贿罪 ") == "受贿"
    assert assess("贪污罪", D("30000")).charge == "贪污"


def test_unknown_circumstance_names_the_valid_ones() -> None:
    with pytest.raises(UnknownCircumstance) as caught:
        assess("行贿", D("50000"), ["special_funds"])
    assert "multiple_persons" in str(caught.value)
    assert "surrender" in str(caught.value)
    assert caught.value.valid == tuple(sorted(circumstances_for("行贿")))


def test_circumstances_for_each_charge() -> None:
    assert circumstances_for("贪污")[:6] == (
        "special_funds",
        "prior_discipline",
        "prior_conviction",
        "illegal_use",
        "refused_disclosure",
        "bad_impact",
    )
    assert set(circumstances_for("受贿")) >= {
        "repeated_solicitation",
        "improper_benefit_loss",
        "promotion_seeking",
    }
    assert set(circumstances_for("行贿")) >= {
        "multiple_persons",
        "illegal_gains",
        "promotion",
        "regulator",
        "judicial_staff",
    }
    for charge in CHARGES:
        assert set(MITIGATING) <= set(circumstances_for(charge))


def test_money_must_be_exact() -> None:
    with pytest.raises(TypeError):
        assess("贪污", 30000.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-negative"):
        assess("贪污", D("-1"))
    assert assess("贪污", 30000).tier == 1  # type: ignore[arg-type]


def test_missing_amount_is_tier_zero_with_a_note() -> None:
    result = assess("受贿", None)
    assert result.tier == 0
    assert "No amount given: the bracket cannot be read from the amount." in _texts(result)


def test_assessment_is_frozen() -> None:
    result = assess("受贿", D("250000"))
    assert isinstance(result, Assessment)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.tier = 3  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Notes: translated when shown
# --------------------------------------------------------------------------------------------


def _every_note() -> list[Note]:
    """The notes of every version's rules and brackets and of assessments across them."""
    notes: list[Note] = []
    for charge in CHARGES:
        for rule in rules_for(charge):
            notes += rule.notes
            for brackets in (rule.brackets, *rule.alternative_brackets.values()):
                notes += [bracket.note for bracket in brackets if bracket.note is not None]
            day = rule.effective_from
            if charge == MAFIA:
                for role in ROLES:
                    notes += assess(charge, D("1000"), list(MITIGATING), offence_date=day, role=role).notes
                continue
            for amount in (None, D("5000"), D("30000"), D("200000"), D("6000000")):
                for circumstances in ((), tuple(MITIGATING), ("restitution",)):
                    loss = amount if charge in ("滥用职权", "玩忽职守") else None
                    notes += assess(charge, amount, circumstances, day, role="leader", loss=loss).notes
                    notes += assess(charge, amount, circumstances, day - timedelta(days=3650)).notes
    return notes


# Citations keep their form, as in the basis: document numbers and the items of an article.
_CITATION = re.compile(r"法释〔\d{4}〕\d+号|\([一二三四五六七八九十]+\)")
_CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def test_notes_are_english_source_text_with_named_values() -> None:
    notes = set(_every_note())
    assert len({note.message for note in notes}) >= 50
    for note in notes:
        assert not _CHINESE.search(_CITATION.sub("", note.message)), note.message
        named = set(re.findall(r"%\((\w+)\)s", note.message))
        assert named == {name for name, _value in note.params}, note.message
        assert "%" not in re.sub(r"%\(\w+\)s", "", note.message), note.message
        assert str(note) == (note.message % dict(note.params) if note.params else note.message)


def test_a_note_reads_in_the_language_active_when_it_is_shown() -> None:
    note = Note.of("Circumstances move the references by %(adjustment)s.", adjustment="-35%")
    assert str(note) == "Circumstances move the references by -35%."
    with translation.override("zh-hans"):
        assert str(note) == "量刑情节使参考刑期调整 -35%。"
    result = assess("贪污", D("50000"), ["surrender"], date(2014, 7, 1))
    with translation.override("zh-hans"):
        shown = [str(note) for note in result.notes]
    assert len(shown) == len(result.notes) and all(isinstance(text, str) for text in shown)


def test_repeated_notes_are_dropped_without_translating() -> None:
    first = Note.of("The role “%(role)s” only matters for art. 294 and was ignored.", role="leader")
    again = Note.of("The role “%(role)s” only matters for art. 294 and was ignored.", role="leader")
    assert first == again and hash(first) == hash(again)
    result = assess("受贿", D("250000"), ["surrender", "surrender"], role="leader")
    assert len(result.notes) == len(set(result.notes))


def test_assessment_needs_no_django_settings() -> None:
    """The benchmarks assess without Django settings; the notes then read in their English source text."""
    code = (
        "from decimal import Decimal\n"
        "from procuracy.knowledge.sentencing_law import assess\n"
        "print(*assess('行贿', Decimal(30000)).notes, sep='\\n')\n"
    )
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "Twice the amount (60,000 yuan) is below the statutory floor" in run.stdout
