from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from procuracy.accounts.models import system_user
from procuracy.core.testing import make_user
from procuracy.interchange.actions import do_import
from procuracy.web.tests.factories import commission_case, gang_case, write_packages

HEPING, SHENYANG, LIAONING, WUHAN = "210102", "210100", "210000", "420100"


@pytest.fixture
def cases(tmp_path: Path, db: Any) -> dict[str, str]:
    """A Heping commission case, a Shenyang gang case (victim, recommendation) and a Wuhan case."""
    packages = [
        commission_case("HP-2026-001", HEPING),
        gang_case("SY-2026-009", SHENYANG),
        commission_case("WH-2026-003", WUHAN, name="周某"),
    ]
    result = do_import([write_packages(tmp_path / "cases.jsonl", packages)], actor=system_user())
    assert not result.problems, result.problems
    return {"heping": "HP-2026-001", "shenyang": "SY-2026-009", "wuhan": "WH-2026-003"}


@pytest.fixture
def users(db: Any) -> dict[str, Any]:
    return {
        "hp_prosecutor": make_user("hp_prosecutor", HEPING),
        "sy_prosecutor": make_user("sy_prosecutor", SHENYANG),
        "ln_head": make_user("ln_head", LIAONING, role="department_head"),
        "sy_head": make_user("sy_head", SHENYANG, role="department_head"),
        "wh_prosecutor": make_user("wh_prosecutor", WUHAN),
        "spp_stats": make_user("spp_stats", "SPP", role="statistician"),
        "spp_admin": make_user("spp_admin", "SPP", role="administrator"),
        "no_role": make_user("no_role", HEPING, role=""),
    }
