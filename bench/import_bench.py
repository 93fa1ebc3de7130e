"""Import throughput and memory: N persons of realistic cases into an empty database.

    python bench/import_bench.py [--persons 100000] [--databases sqlite,postgres]

Prints, for each database, persons imported per second and the import process's peak
resident memory. Targets (2-core machine): at least 5,000 persons/s and under 1 GiB for
100,000 persons, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procuracy.config.settings")

from bench.common import env_for, fresh_database, procuracy_command, run_measured

TARGET_PERSONS_PER_SECOND = 5000
TARGET_PEAK_MIB = 1024


def write_packages(path: Path, persons: int, seed: int) -> tuple[int, int]:
    from procuracy.interchange.synthetic import generate

    cases = people = 0
    with path.open("w", encoding="utf-8") as out:
        for package in generate(persons, seed=seed, end=dt.date(2026, 11, 1)):
            out.write(json.dumps(package, ensure_ascii=False) + "\n")
            cases += 1
            people += len(package["persons"])
    return cases, people


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of a table")
    args = parser.parse_args(argv)

    results = []
    with tempfile.TemporaryDirectory(prefix="procuracy-bench-") as tmp:
        workdir = Path(tmp)
        data = workdir / "cases.jsonl"
        cases, persons = write_packages(data, args.persons, args.seed)
        size_mib = data.stat().st_size / 2**20
        if not args.json:
            print(f"generated {cases} cases, {persons} persons ({size_mib:.1f} MiB)")
        for kind in args.databases.split(","):
            with fresh_database(kind, workdir) as url:
                env = env_for(url)
                migrate = run_measured([*procuracy_command(), "migrate", "-v", "0"], env, workdir)
                if migrate.returncode != 0:
                    print(migrate.stderr, file=sys.stderr)
                    return 1
                run = run_measured([*procuracy_command(), "import", str(data)], env, workdir)
                if run.returncode != 0:
                    print(run.stderr[-4000:], file=sys.stderr)
                    return 1
                rate = persons / run.seconds
                results.append({
                    "database": kind, "cases": cases, "persons": persons, "seconds": round(run.seconds, 2),
                    "persons_per_second": round(rate), "peak_rss_mib": round(run.peak_rss_mib, 1),
                    "meets_targets": rate >= TARGET_PERSONS_PER_SECOND and run.peak_rss_mib < TARGET_PEAK_MIB,
                })
    if args.json:
        print(json.dumps({"benchmark": "import", "results": results}))
    else:
        print(f"{'database':<10} {'persons':>9} {'seconds':>8} {'persons/s':>10} {'peak MiB':>9}  target")
        for r in results:
            mark = "met" if r["meets_targets"] else "MISSED"
            print(f"{r['database']:<10} {r['persons']:>9} {r['seconds']:>8.2f} {r['persons_per_second']:>10} "
                  f"{r['peak_rss_mib']:>9.1f}  {mark} (≥{TARGET_PERSONS_PER_SECOND}/s, <{TARGET_PEAK_MIB} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
