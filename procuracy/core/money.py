"""Money: Decimal yuan in Python, whole fen (cents) in the database.

Storing fen as a 64-bit integer keeps every sum exact on SQLite (whose SUM over
decimals goes through binary floating point) as well as on PostgreSQL.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core import exceptions
from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
MAX_YUAN = Decimal("90000000000000000.00")  # far below 2**63 fen


class MoneyError(ValueError):
    pass


def parse_money(value: Any) -> Decimal:
    """Read yuan from a string, int or Decimal, refusing floats, negatives and sub-fen digits."""
    if isinstance(value, bool | float):
        raise MoneyError(_("amounts must be written exactly, not as a floating-point number"))
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError) as exc:
        raise MoneyError(_("“%(value)s” is not an amount of money") % {"value": value}) from exc
    if not amount.is_finite():
        raise MoneyError(_("“%(value)s” is not an amount of money") % {"value": value})
    if amount < 0:
        raise MoneyError(_("an amount cannot be negative (%(value)s)") % {"value": value})
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise MoneyError(_("an amount has at most two decimals (fen): %(value)s") % {"value": value})
    if amount > MAX_YUAN:
        raise MoneyError(_("the amount %(value)s is too large") % {"value": value})
    return amount.quantize(CENT)


def to_fen(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def from_fen(fen: int) -> Decimal:
    return Decimal(int(fen)).scaleb(-2)


def format_money(amount: Decimal | None) -> str | None:
    """The interchange and report form: a string with exactly two decimals."""
    if amount is None:
        return None
    return f"{amount.quantize(CENT):f}"


class MoneyField(models.BigIntegerField):
    description = _("Amount in yuan (stored in fen)")

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        return from_fen(value)

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or isinstance(value, Decimal):
            return value
        try:
            return parse_money(value)
        except MoneyError as exc:
            raise exceptions.ValidationError(str(exc), code="invalid") from exc

    def get_prep_value(self, value: Any) -> int | None:
        if value is None:
            return None
        return to_fen(parse_money(value))

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        defaults = {"form_class": forms.DecimalField, "max_digits": 18, "decimal_places": 2, "min_value": 0}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)
