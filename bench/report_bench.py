"""Report speed at national scale, against DuckDB over a Parquet export of the same data.

    python bench/report_bench.py [--scale 15] [--databases sqlite,postgres]
    python bench/report_bench.py --database-url sqlite:///PATH --database-url postgres://HOST/NAME
    python bench/report_bench.py --source synthetic --persons 2000     (a quick run)

Builds a fresh database of each kind (`procuracy demo --scale N`: about 87,000 persons per unit
of scale), or measures existing ones (--database-url, e.g. a --scale 15 demo built once with
`DATABASE_URL=… procuracy demo --scale 15 --no-serve`, which takes a quarter of an hour). It
times the duty-crime and organized-crime reports (the figures of `report --format json`, and the
full report with its breakdowns), exports the tables the figures read to Parquet, computes the
same figures with DuckDB, checks that both agree and prints the times and their ratio. A fresh
PostgreSQL database is vacuumed after the load first, as autovacuum would (see bench.common.settle).
Targets at --scale 15 (about 1.3 million persons): under 1 s on PostgreSQL and under 2 s on
SQLite per report; goal for the ratio to DuckDB: within 5×.
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

from bench.common import env_for, fresh_database, kind_of, procuracy_command, settle

TARGETS_S = {"postgres": 1.0, "sqlite": 2.0}
PERIODS = {"duty-crime": ("2018-01-01", "2019-12-31"), "organized-crime": ("2021-01-01", "2021-11-30")}

# The figures again, in DuckDB's SQL over the Parquet files: a second, independent computation.
DUCKDB_SQL = {
    "duty-crime": {
        "persons": """
            SELECT type, count(DISTINCT person_id) AS n FROM event
            WHERE duty AND date BETWEEN ?::DATE AND ?::DATE
              AND type IN ('accepted','prosecuted','not_prosecuted','returned','confiscation_applied')
            GROUP BY type""",
        "ranks": """
            SELECT rank, count(DISTINCT person_id) FROM event
            WHERE duty AND type = 'accepted' AND date BETWEEN ?::DATE AND ?::DATE GROUP BY rank""",
        "years": """
            SELECT year(date)::VARCHAR, count(DISTINCT person_id) FROM event
            WHERE duty AND type = 'accepted' AND date BETWEEN ?::DATE AND ?::DATE GROUP BY 1""",
        "categories": """
            SELECT category, count(DISTINCT person_id) FROM event
            WHERE duty AND type = 'accepted' AND date BETWEEN ?::DATE AND ?::DATE GROUP BY 1""",
        "fields": """
            SELECT f.field, count(DISTINCT e.person_id) FROM event e JOIN case_field f ON f.case_id = e.case_id
            WHERE e.duty AND e.type = 'accepted' AND e.date BETWEEN ?::DATE AND ?::DATE GROUP BY 1""",
        "other": """
            SELECT sum(amount) FILTER (WHERE e.type = 'confiscation_ruled'),
                   count(DISTINCT e.person_id) FILTER (WHERE e.type = 'prosecuted' AND rank = 'provincial_ministerial'),
                   count(DISTINCT e.person_id) FILTER (WHERE e.type = 'prosecuted' AND in_absentia),
                   count(DISTINCT e.person_id) FILTER (WHERE e.type = 'judgment' AND recommendation_adopted),
                   count(DISTINCT e.person_id) FILTER (WHERE e.type = 'judgment' AND recommendation_adopted IS NOT NULL),
                   max(p.total_amount) FILTER (WHERE e.type = 'accepted')
            FROM event e JOIN person p ON p.id = e.person_id
            WHERE e.duty AND e.date BETWEEN ?::DATE AND ?::DATE""",
    },
    "organized-crime": {
        "persons": """
            SELECT type, count(DISTINCT person_id), count(DISTINCT case_id) FROM event
            WHERE gang AND type IN ('arrest_approved','prosecuted') AND date BETWEEN ?::DATE AND ?::DATE
            GROUP BY type""",
        "four": """
            SELECT type, count(DISTINCT person_id), count(DISTINCT case_id) FROM event
            WHERE gang AND type IN ('arrest_approved','prosecuted') AND date BETWEEN ?::DATE AND ?::DATE
              AND case_id IN (SELECT case_id FROM case_field WHERE field IN
                  ('information_network','natural_resources','transportation','engineering_construction'))
            GROUP BY type""",
        "victims": """
            SELECT count(*) FILTER (WHERE identified_on BETWEEN ?::DATE AND ?::DATE) FROM victim v
            JOIN cases c ON c.id = v.case_id WHERE c.gang_nature <> ''""",
    },
}

MEASURE = r"""
import json, time, datetime as dt, django
django.setup()
from procuracy.statistics.reports import build_report
out = {}
for name, (start, end) in %(periods)r.items():
    s, e = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    build_report(name, s, e, breakdowns=False)  # warm the caches once
    figures, full = [], []
    for _ in range(%(repeat)d):
        t = time.perf_counter(); result = build_report(name, s, e, breakdowns=False); figures.append(time.perf_counter() - t)
        t = time.perf_counter(); build_report(name, s, e); full.append(time.perf_counter() - t)
    out[name] = {"figures_s": min(figures), "full_s": min(full), "metrics": result.metrics()}
print(json.dumps(out, default=str))
"""

EXPORT = r"""
import datetime as dt, django, pyarrow as pa, pyarrow.parquet as pq
django.setup()
from django.db import connection
I, S, B, D = pa.int64(), pa.string(), pa.bool_(), pa.date32()
TABLES = {
    "event": ("procedure_event", [("person_id", I), ("case_id", I), ("type", S), ("date", D), ("duty", B), ("gang", B),
              ("rank", S), ("category", S), ("in_absentia", B), ("amount", I), ("recommendation_adopted", B)]),
    "person": ("cases_person", [("id", I), ("total_amount", I)]),
    "cases": ("cases_case", [("id", I), ("gang_nature", S)]),
    "case_field": ("cases_casefield", [("case_id", I), ("field", S)]),
    "victim": ("cases_victim", [("case_id", I), ("identified_on", D)]),
}
def column(values, kind):
    if kind == D:  # SQLite hands dates over as ISO text
        values = [dt.date.fromisoformat(v) if isinstance(v, str) else v for v in values]
    if kind == B:
        values = [None if v is None else bool(v) for v in values]
    return pa.array(values, type=kind)
for name, (table, columns) in TABLES.items():
    schema = pa.schema(columns)
    with connection.cursor() as cursor, pq.ParquetWriter(f"{name}.parquet", schema) as writer:
        cursor.execute(f"SELECT {', '.join(c for c, _ in columns)} FROM {table}")
        while rows := cursor.fetchmany(200_000):
            arrays = [column([r[i] for r in rows], kind) for i, (_, kind) in enumerate(columns)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
"""


def duckdb_figures(workdir: Path, repeat: int) -> dict[str, dict[str, object]]:
    import time

    import duckdb

    con = duckdb.connect()
    for name in ("event", "person", "cases", "case_field", "victim"):
        path = workdir / f"{name}.parquet"
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")  # noqa: S608 - fixed names
    out: dict[str, dict[str, object]] = {}
    for report, queries in DUCKDB_SQL.items():
        start, end = PERIODS[report]
        times = []
        results: dict[str, list[tuple[object, ...]]] = {}
        for _ in range(repeat):
            t = time.perf_counter()
            for key, sql in queries.items():
                results[key] = con.execute(sql, [start, end]).fetchall()
            times.append(time.perf_counter() - t)
        out[report] = {"seconds": min(times), "results": results}
    return out


def agree(report: str, metrics: dict[str, object], duck: dict[str, list[tuple[object, ...]]]) -> bool:
    """The headline figures of both computations are equal."""
    if report == "duty-crime":
        persons = dict(duck["persons"])  # type: ignore[arg-type]
        return (metrics["persons_accepted"] == persons.get("accepted", 0)
                and metrics["persons_prosecuted"] == persons.get("prosecuted", 0)
                and metrics["persons_not_prosecuted"] == persons.get("not_prosecuted", 0)
                and metrics["rank_counts"] == {**dict.fromkeys(metrics["rank_counts"], 0), **dict(duck["ranks"])})  # type: ignore[arg-type]
    rows = {t: {"persons": p, "cases": c} for t, p, c in duck["persons"]}
    return (metrics["arrests_approved"] == rows.get("arrest_approved", {"persons": 0, "cases": 0})
            and metrics["prosecuted"] == rows.get("prosecuted", {"persons": 0, "cases": 0}))


def build(url: str, workdir: Path, source: str, scale: int, persons: int) -> None:
    env = env_for(url)
    if source == "demo":
        subprocess.run([*procuracy_command(), "demo", "--no-serve", "--scale", str(scale)], env=env, cwd=workdir,
                       check=True, capture_output=True)
        return
    import datetime as dt

    from procuracy.interchange.synthetic import generate

    data = workdir / "cases.jsonl"
    with data.open("w", encoding="utf-8") as out:
        for package in generate(persons, seed=3, start=dt.date(2017, 6, 1), end=dt.date(2022, 6, 30)):
            out.write(json.dumps(package, ensure_ascii=False) + "\n")
    subprocess.run([*procuracy_command(), "migrate", "-v", "0"], env=env, cwd=workdir, check=True)
    subprocess.run([*procuracy_command(), "import", str(data)], env=env, cwd=workdir, check=True,
                   capture_output=True)


def measure(kind: str, url: str, workdir: Path, repeat: int) -> None:
    env = env_for(url)
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE % {"periods": PERIODS, "repeat": repeat}], env=env,
        cwd=workdir, check=True, capture_output=True, text=True)
    ours = json.loads(measured.stdout.strip().splitlines()[-1])
    for report in PERIODS:
        print(f"{kind:<9} {report:<16} {ours[report]['figures_s']:>9.3f} {ours[report]['full_s']:>8.3f}"
              "  (measured; DuckDB follows)", flush=True)
    subprocess.run([sys.executable, "-c", EXPORT], env=env, cwd=workdir, check=True)
    duck = duckdb_figures(workdir, repeat)
    for report in PERIODS:
        mine = ours[report]
        theirs = duck[report]
        ratio = mine["figures_s"] / max(float(theirs["seconds"]), 1e-6)  # type: ignore[arg-type]
        same = agree(report, mine["metrics"], theirs["results"])  # type: ignore[arg-type]
        mark = "met" if mine["full_s"] < TARGETS_S[kind] else "MISSED"
        print(f"{kind:<9} {report:<16} {mine['figures_s']:>9.3f} {mine['full_s']:>8.3f} "
              f"{theirs['seconds']:>9.3f} {ratio:>5.1f}× {'yes' if same else 'NO':>5}  "
              f"{mark} (<{TARGETS_S[kind]} s)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=15)
    parser.add_argument("--source", choices=["demo", "synthetic"], default="demo")
    parser.add_argument("--persons", type=int, default=2000, help="synthetic persons (with --source synthetic)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--database-url", action="append", default=[],
                        help="measure this existing database instead of building one (repeatable)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"{'database':<9} {'report':<16} {'figures s':>9} {'full s':>8} {'duckdb s':>9} {'ratio':>6} "
          f"{'same':>5}  target")
    with tempfile.TemporaryDirectory(prefix="procuracy-bench-") as tmp:
        workdir = Path(tmp)
        for url in args.database_url:
            measure(kind_of(url), url, workdir, args.repeat)
        if args.database_url:
            return 0
        for kind in args.databases.split(","):
            with fresh_database(kind, workdir) as url:
                build(url, workdir, args.source, args.scale, args.persons)
                settle(url)
                measure(kind, url, workdir, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
