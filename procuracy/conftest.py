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
