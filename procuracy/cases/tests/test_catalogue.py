from __future__ import annotations

import re

import pytest

from procuracy.cases.choices import FIELD_BITS, fields_in, fields_mask
from procuracy.cases.models import Charge

pytestmark = pytest.mark.django_db


def _listed(indicators: str, code: str) -> list[str]:
    """The charge names indicators.md lists for a category (its bullet may wrap over lines)."""
    start = indicators.index(f"- `{code}`")
    end = indicators.find("\n- ", start + 1)
    bullet = " ".join(indicators[start:end].split())
    inside = bullet[bullet.index("(", bullet.index(")") + 1) + 1:] if code == "malfeasance" else bullet
    names = re.split(r"[:：]", inside, maxsplit=1)[-1]
    names = names.split("(Criminal")[0].split("when committed")[0].rstrip(").")
    return [n.strip(" ,.，…") for n in names.split(",") if n.strip(" ,.，…")]


@pytest.mark.parametrize("category", ["corruption_bribery", "malfeasance", "rights_infringement", "organized_crime"])
def test_categories_follow_the_indicator_definitions(shared_dir, category: str) -> None:
    text = (shared_dir / "spec" / "indicators.md").read_text(encoding="utf-8")
    listed = _listed(text, category)
    assert listed
    for name in listed:
        assert Charge.objects.get(name=name).category == category, name


def test_chapters_eight_and_nine() -> None:
    for charge in Charge.objects.filter(chapter=8, superseded_by__isnull=True):
        assert charge.category == "corruption_bribery", charge.name
        assert 382 <= int(charge.article.split("-")[0]) <= 396
    malfeasance = Charge.objects.filter(chapter=9, superseded_by__isnull=True)
    assert malfeasance.count() >= 37
    assert all(c.category == "malfeasance" for c in malfeasance)


def test_catalogue_is_complete_enough() -> None:
    current = Charge.objects.filter(superseded_by__isnull=True)
    assert current.count() >= 480
    for name in ("受贿", "贪污", "挪用公款", "行贿", "滥用职权", "玩忽职守", "组织、领导、参加黑社会性质组织",
                 "寻衅滋事", "敲诈勒索", "强迫交易", "聚众斗殴", "开设赌场", "非法采矿", "串通投标"):
        charge = current.get(name=name)
        assert charge.name_en and charge.article


def test_superseded_names_point_to_current_charges() -> None:
    old = Charge.objects.get(name="生产、销售假药")
    assert old.superseded_by is not None and old.superseded_by.name == "生产、销售、提供假药"
    assert not Charge.objects.filter(superseded_by__superseded_by__isnull=False).exists()


@pytest.mark.parametrize(("source", "category"), [("procuratorate", "rights_infringement"),
                                                  ("supervisory_commission", "other"), ("public_security", "other")])
def test_rights_infringement_only_in_cases_the_procuratorate_investigates(
    package, write_jsonl, source: str, category: str
) -> None:
    from procuracy.cases.models import Person
    from procuracy.core.testing import run_command

    pkg = package("LN-JW-2019-0042")
    pkg["source"] = source
    pkg["persons"][0]["charges"] = [{"charge": "刑讯逼供"}]
    assert run_command("import", str(write_jsonl(pkg))).code == 0
    assert Person.objects.get().category == category
    assert set(Person.objects.get().events.values_list("category", flat=True)) == {category}


def test_each_field_keeps_its_bit() -> None:
    # Events store a case's fields as these bits: a field is only ever added at the end.
    stored = ["project_construction", "land_acquisition", "people_benefit_funds", "special_subsidies", "finance",
              "state_owned_enterprise", "energy", "medicine", "infrastructure", "information_network",
              "natural_resources", "transportation", "engineering_construction", "education", "healthcare",
              "poverty_alleviation", "ecology_environment", "food_drug", "social_security", "judicial", "other"]
    assert list(FIELD_BITS)[:len(stored)] == stored
    assert all(bit == 1 << i for i, bit in enumerate(FIELD_BITS.values()))
    assert len(FIELD_BITS) <= 31  # a 32-bit integer column
    mask = fields_mask(["other", "finance", "land_acquisition"])
    assert mask == 2 + 16 + (1 << 20)
    assert fields_in(mask) == ["land_acquisition", "finance", "other"]
    assert fields_in(0) == [] and fields_mask([]) == 0
