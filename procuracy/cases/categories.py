"""The statistical category of a person, from the principal charge and the case (indicators.md)."""

from __future__ import annotations

from procuracy.cases.choices import ChargeCategory, Source


def person_category(charge_category: str, source: str) -> str:
    """Charges against citizens' rights (非法拘禁, 刑讯逼供, …) count as rights infringement only
    when judicial staff committed them, i.e. in cases the procuratorate investigates itself;
    otherwise they are ordinary crimes."""
    if charge_category == ChargeCategory.RIGHTS_INFRINGEMENT and source != Source.PROCURATORATE:
        return ChargeCategory.OTHER
    return charge_category
