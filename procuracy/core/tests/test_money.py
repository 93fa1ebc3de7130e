from __future__ import annotations

from decimal import Decimal

import pytest

from procuracy.core.money import MoneyError, format_money, from_fen, parse_money, to_fen


@pytest.mark.parametrize(("value", "expected"), [
    ("1234.50", "1234.50"), ("0", "0.00"), (30000, "30000.00"), (Decimal("717000000"), "717000000.00"),
    ("5.1", "5.10"), (Decimal("12.30"), "12.30"),
])
def test_parse_money(value, expected: str) -> None:
    assert format_money(parse_money(value)) == expected


@pytest.mark.parametrize("value", ["-5", -5, "1.234", Decimal("1.234"), 1.5, True, "abc", "NaN", "Infinity", ""])
def test_refused_amounts(value) -> None:
    with pytest.raises(MoneyError):
        parse_money(value)


def test_fen_round_trip() -> None:
    for text in ("0.01", "0.10", "99999999999.99", "556000000.00"):
        amount = Decimal(text)
        assert from_fen(to_fen(amount)) == amount
        assert format_money(from_fen(to_fen(amount))) == text


@pytest.mark.django_db
def test_sums_in_the_database_are_exact(package, write_jsonl) -> None:
    from django.db.models import Sum

    from procuracy.cases.models import ChargeCount
    from procuracy.core.testing import run_command

    pkg = package("LN-JW-2019-0042")
    # Amounts whose binary floating-point sum is not exact.
    pkg["persons"][0]["charges"] = [{"charge": "受贿", "amount_yuan": "0.10"}, {"charge": "贪污", "amount_yuan": "0.20"},
                                    {"charge": "挪用公款", "amount_yuan": "99999999999.99"}]
    assert run_command("import", str(write_jsonl(pkg))).code == 0
    total = ChargeCount.objects.aggregate(total=Sum("amount"))["total"]
    assert total == Decimal("100000000000.29")
    assert isinstance(total, Decimal)
