"""Loading the charge catalogue shipped with the project."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

CHARGES_CSV = Path(__file__).resolve().parent / "data" / "charges.csv"


def read_charges(path: Path = CHARGES_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_charges(model: Any, path: Path = CHARGES_CSV) -> int:
    """Insert or update every charge of the catalogue; returns how many it holds."""
    rows = read_charges(path)
    existing = {c.name: c for c in model.objects.all()}
    fields = ("name_en", "article", "chapter", "category", "in_force_from")
    created, changed = [], []
    for row in rows:
        values = {
            "name_en": row["name_en"], "article": row["article"], "chapter": int(row["chapter"]),
            "category": row["category"],
            "in_force_from": dt.date.fromisoformat(row["in_force_from"]) if row.get("in_force_from") else None,
        }
        current = existing.get(row["name"])
        if current is None:
            created.append(model(name=row["name"], **values))
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            changed.append(current)
    model.objects.bulk_create(created, batch_size=500)
    model.objects.bulk_update(changed, fields, batch_size=500)
    by_name = {c.name: c for c in model.objects.all()}
    superseded = []
    for row in rows:
        successor = by_name.get(row.get("superseded_by") or "")
        charge = by_name[row["name"]]
        if (successor.pk if successor else None) != charge.superseded_by_id:
            charge.superseded_by = successor
            superseded.append(charge)
    model.objects.bulk_update(superseded, ["superseded_by"], batch_size=500)
    return len(rows)
