from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = Path(settings.PROCURACY_SHARED_DIR)
    assert path.is_dir(), f"the shared specification is expected at {path} (set PROCURACY_SHARED_DIR)"
    return path


@pytest.fixture(scope="session")
def example_packages(shared_dir: Path) -> list[dict[str, Any]]:
    lines = (shared_dir / "spec" / "examples" / "all.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture
def package(example_packages: list[dict[str, Any]]) -> Callable[[str], dict[str, Any]]:
    """A fresh, mutable copy of one of the spec's example packages, by case id."""
    by_id = {p["case_id"]: p for p in example_packages}
    return lambda case_id: copy.deepcopy(by_id[case_id])


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[..., Path]:
    def write(*packages: Any, name: str = "cases.jsonl", raw_lines: list[str] | None = None) -> Path:
        path = tmp_path / name
        lines = [json.dumps(p, ensure_ascii=False) for p in packages]
        path.write_text("\n".join(lines + (raw_lines or [])) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read messages in English unless they ask for Chinese (the product's default)."""
    from django.utils import translation

    monkeypatch.setenv("PROCURACY_LANGUAGE", "en")
    translation.activate("en")


@pytest.fixture(autouse=True)
def reference_data(request: pytest.FixtureRequest) -> None:
    """The rows the data migrations load (procuratorates, charges), present in every database test.

    A transactional test empties the database when it ends, and the tests after it in the same
    worker would otherwise find no procuratorates.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from procuracy.core.testing import ensure_reference_data

    ensure_reference_data()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow on purpose; tests that create many users hash with a fast algorithm.
    The production hasher is checked by its own test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
