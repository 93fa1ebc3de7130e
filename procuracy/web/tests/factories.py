"""Case packages for the page tests, dated relative to today so that deadlines are running."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.utils import timezone


def _day(days_ago: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


def commission_case(case_id: str, procuratorate: str, *, name: str = "张某某", received_days_ago: int = 20,
                    events: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    received = received_days_ago
    package: dict[str, Any] = {
        "schema": "procuracy.case/1", "case_id": case_id, "source": "supervisory_commission",
        "transferring_organ": "某市监察委员会", "procuratorate": procuratorate, "received_on": _day(received),
        "title": f"{name}受贿案", "fields": ["project_construction"],
        "persons": [{
            "person_id": "P1", "name": name, "gender": "male", "rank": "county_division",
            "position": "某局局长", "employer": "某市某局",
            "charges": [{"charge": "受贿", "amount_yuan": "300000.00"}],
            "events": events if events is not None else [
                {"type": "accepted", "date": _day(received)},
                {"type": "detained", "date": _day(received)},
                {"type": "arrest_decided", "date": _day(received - 3)},
            ],
        }],
    }
    package.update(extra)
    return package


def gang_case(case_id: str, procuratorate: str) -> dict[str, Any]:
    return {
        "schema": "procuracy.case/1", "case_id": case_id, "source": "public_security",
        "transferring_organ": "某市公安局", "procuratorate": procuratorate, "received_on": _day(40),
        "title": "李某某等人恶势力犯罪集团案", "gang_nature": "evil_force_group", "fields": ["engineering_construction"],
        "persons": [{
            "person_id": "P1", "name": "李某某", "gender": "male", "rank": "non_official",
            "charges": [{"charge": "寻衅滋事"}],
            "events": [{"type": "accepted", "date": _day(40)}, {"type": "prosecuted", "date": _day(20)}],
        }],
        "victims": [{"victim_id": "V1", "name": "赵某", "identified_on": _day(35)}],
        "recommendations": [{"recommendation_id": "R1", "issued_on": _day(10), "recipient": "某区住房和城乡建设局",
                             "subject": "工程招投标监管"}],
    }


def write_packages(path: Path, packages: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in packages), encoding="utf-8")
    return path
