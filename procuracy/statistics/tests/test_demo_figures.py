"""The demo database reproduces every published figure of seed-figures.json, exactly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from procuracy.accounts.models import system_user
from procuracy.interchange.actions import do_import
from procuracy.interchange.demo import demo_today, write_demo_files
from procuracy.statistics.reports import build_report

pytestmark = pytest.mark.django_db


def _matches(value: Any, published: Any) -> bool:
    if isinstance(published, str) and published[:1] in "><~":
        bound = float(published[1:])
        if published[0] == ">":
            return value > bound
        if published[0] == "<":
            return value < bound
        return 9.5 <= value <= 10.4  # "about 10%" as the figure's note defines it
    return value == published


def test_demo_reproduces_every_published_figure(shared_dir: Path, tmp_path: Path) -> None:
    figures = json.loads((shared_dir / "data" / "seed-figures.json").read_text(encoding="utf-8"))["figures"]
    paths = write_demo_files(tmp_path, today=demo_today())
    result = do_import(paths, actor=system_user())
    assert result.ok, [str(p) for p in result.problems[:10]]
    assert result.persons > 80_000

    computed: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    failures = []
    for figure in figures:
        key = (figure["report"], figure["from"], figure["to"], figure["scope"])
        if key not in computed:
            computed[key] = build_report(figure["report"], dt.date.fromisoformat(figure["from"]),
                                         dt.date.fromisoformat(figure["to"]), figure["scope"],
                                         breakdowns=False).metrics()
        value: Any = computed[key]
        for part in figure["key"].split("."):
            value = value[part]
        if not _matches(value, figure["value"]):
            failures.append(f"{key} {figure['key']}: {value!r} ≠ {figure['value']!r}")
    assert not failures
    assert len(figures) == 21
