"""Overdue and due-soon lists: how fast the morning list answers over demo-sized data.

    python bench/deadlines_bench.py [--source demo|synthetic] [--persons N] [--databases sqlite,postgres]

Builds a fresh database of each kind (the demo dataset, or N synthetic persons), then times the
list for the whole country, a province, a city and a district, repeated, and prints p50/p95 in
milliseconds. Target: under 200 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procuracy.config.settings")

from bench.common import env_for, fresh_database, procuracy_command

SCOPES = ("SPP", "210000", "210100", "210102", "420100")
TARGET_MS = 200

MEASURE = r"""
import json, statistics, time, django
django.setup()
from django.utils import timezone
from procuracy.procedure.live import deadline_board
today = timezone.localdate()
out = {}
for scope in %(scopes)r:
    times = []
    for _ in range(%(repeat)d):
        start = time.perf_counter()
        overdue, soon = deadline_board(scope, today, 7)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    out[scope] = {"p50": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))],
                  "overdue": len(overdue), "due_soon": len(soon)}
print(json.dumps(out))
"""


def build(kind: str, url: str, workdir: Path, source: str, persons: int) -> None:
    env = env_for(url)
    run = [*procuracy_command()]
    if source == "demo":
        subprocess.run([*run, "demo", "--no-serve"], env=env, cwd=workdir, check=True, capture_output=True)
        return
    import datetime as dt

    from procuracy.interchange.synthetic import generate

    data = workdir / "cases.jsonl"
    today = dt.date.today()  # noqa: DTZ011 - a calendar day for synthetic data
    with data.open("w", encoding="utf-8") as out:
        for package in generate(persons, seed=7, start=today - dt.timedelta(days=400), end=today):
            out.write(json.dumps(package, ensure_ascii=False) + "\n")
    subprocess.run([*run, "migrate", "-v", "0"], env=env, cwd=workdir, check=True)
    subprocess.run([*run, "import", str(data)], env=env, cwd=workdir, check=True, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", choices=["demo", "synthetic"], default="demo")
    parser.add_argument("--persons", type=int, default=2000, help="synthetic persons (with --source synthetic)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="procuracy-bench-") as tmp:
        workdir = Path(tmp)
        print(f"{'database':<10} {'scope':<8} {'p50 ms':>8} {'p95 ms':>8} {'overdue':>8} {'due soon':>9}  target")
        for kind in args.databases.split(","):
            with fresh_database(kind, workdir) as url:
                build(kind, url, workdir, args.source, args.persons)
                code = MEASURE % {"scopes": SCOPES, "repeat": args.repeat}
                result = subprocess.run([sys.executable, "-c", code], env=env_for(url), cwd=workdir,
                                        check=True, capture_output=True, text=True)
                figures = json.loads(result.stdout.strip().splitlines()[-1])
                for scope, f in figures.items():
                    mark = "met" if f["p95"] < TARGET_MS else "MISSED"
                    print(f"{kind:<10} {scope:<8} {f['p50']:>8.1f} {f['p95']:>8.1f} {f['overdue']:>8} "
                          f"{f['due_soon']:>9}  {mark} (<{TARGET_MS} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
