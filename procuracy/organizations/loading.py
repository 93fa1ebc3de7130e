"""Building the procuratorate hierarchy from the shipped list of administrative divisions."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from procuracy.organizations.choices import Level
from procuracy.organizations.codes import SPP_CODE, parent_code_of

DIVISIONS_CSV = Path(__file__).resolve().parent / "data" / "divisions.csv"
SPP_NAME = "最高人民检察院"
SUFFIX = "人民检察院"


@dataclass(frozen=True)
class ProcuratorateRow:
    code: str
    name: str
    division_name: str
    level: int
    parent: str | None


def read_divisions(path: Path = DIVISIONS_CSV) -> list[ProcuratorateRow]:
    with path.open(encoding="utf-8", newline="") as fh:
        divisions = [(r["code"], r["name"], int(r["level"])) for r in csv.DictReader(fh)]
    existing = frozenset(code for code, _, _ in divisions)
    division_names = {code: name for code, name, _ in divisions}
    rows = [ProcuratorateRow(SPP_CODE, SPP_NAME, "", Level.SUPREME, None)]
    for code, name, level in sorted(divisions):
        parent = parent_code_of(code, existing)
        if level == Level.PROVINCIAL:
            full = name + SUFFIX
        else:
            # Names follow the usual form: the parent division, then this one
            # (辽宁省沈阳市人民检察院, 沈阳市和平区人民检察院, 北京市东城区人民检察院).
            full = division_names.get(parent or "", "") + name + SUFFIX
        rows.append(ProcuratorateRow(code, full, name, level, parent))
    return rows


def load_procuratorates(model: Any, path: Path = DIVISIONS_CSV) -> int:
    """Insert or update every procuratorate; returns how many rows the list holds."""
    rows = read_divisions(path)
    existing = {p.code: p for p in model.objects.all()}
    to_create, to_update = [], []
    for row in rows:  # parents come before children: SPP, then sorted codes
        current = existing.get(row.code)
        if current is None:
            to_create.append(
                model(code=row.code, name=row.name, division_name=row.division_name,
                      level=row.level, parent_id=row.parent)
            )
        elif (current.name, current.division_name, current.level, current.parent_id) != (
            row.name, row.division_name, row.level, row.parent
        ):
            current.name, current.division_name = row.name, row.division_name
            current.level, current.parent_id = row.level, row.parent
            to_update.append(current)
    # Provinces first, then prefectures, then counties, so parents exist before children.
    to_create.sort(key=lambda p: (p.level, p.code))
    model.objects.bulk_create(to_create, batch_size=500)
    model.objects.bulk_update(to_update, ["name", "division_name", "level", "parent"], batch_size=500)
    return len(rows)
