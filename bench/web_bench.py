"""Load on the web application: the case list with filters and the case page, many users at once.

    python bench/web_bench.py --database-url URL [--users 20] [--duration 60]
    python bench/web_bench.py --build synthetic --persons 2000 --databases sqlite,postgres

Starts `procuracy serve` on the database, logs in `--users` virtual users spread over the
demo accounts (or, on synthetic data, accounts made for the run at the national, provincial,
city and district levels), and once all are in, lets each of them, with a think time of
0.5-1.5 s between requests as a person at a desk has, open the case list with random filters
(charge, category, rank, stage, gang nature, dates, names, pages) or a random case page of
their jurisdiction.
Prints p50/p95/p99 per page and the errors. Target (issue 5): p95 under 150 ms with 20 users on
the --scale 15 demo data, zero errors.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procuracy.config.settings")

from bench.common import _tree_rss_kib, env_for, fresh_database, procuracy_command

TARGET_MS = 150
PASSWORD = "bench-Password-2026"  # noqa: S105 - accounts made for the run
DEMO_USERS = ("spp_admin", "ln_head", "sy_prosecutor", "hp_prosecutor", "wh_prosecutor")

# Run in a child process on the database: makes the accounts and lists the cases each may open.
PREPARE = r"""
import json, django
django.setup()
from procuracy.accounts.actions import do_save_user
from procuracy.accounts.models import User, system_user
from procuracy.cases.models import Case, Charge
from django.db.models import Count
wanted = %(wanted)r
actor = system_user()
users = []
if all(User.objects.filter(username=u).exists() for u in wanted):
    for name in wanted:
        user = User.objects.get(username=name)
        do_save_user(actor=actor, username=name, procuratorate=user.procuratorate_id, role=user.role,
                     full_name=user.first_name, password=%(password)r)
        users.append(name)
else:
    # Synthetic data: one account at the top and at three levels below, where the cases are.
    top = Case.objects.values("procuratorate_id").annotate(n=Count("id")).order_by("-n").first()["procuratorate_id"]
    codes = ["SPP", top[:2] + "0000", top[:4] + "00", top]
    for i, code in enumerate(dict.fromkeys(codes)):
        name = f"bench_user_{i}"
        do_save_user(actor=actor, username=name, procuratorate=code,
                     role="administrator" if code == "SPP" else "department_head", password=%(password)r)
        users.append(name)
out = {"users": {}, "charges": list(Charge.objects.filter(chapter=8).values_list("name", flat=True)[:20])}
for name in users:
    user = User.objects.get(username=name)
    ids = list(Case.objects.restrict(user).order_by("?").values_list("case_id", flat=True)[:%(sample)d])
    names = list(Case.objects.restrict(user).order_by("?").values_list("persons__name", flat=True)[:50])
    out["users"][name] = {"cases": ids, "names": [n for n in names if n]}
print(json.dumps(out, ensure_ascii=False))
"""

FILTERS = {
    "category": ["corruption_bribery", "malfeasance", "rights_infringement", "other"],
    "rank": ["county_division", "township_section", "department_bureau", "below_township"],
    "stage": ["under_review", "prosecuted", "judged", "returned"],
    "gang": ["any_gang", "none", "evil_force_group"],
    "listed": ["yes"],
    "source": ["supervisory_commission", "public_security"],
}


@dataclass
class Sample:
    kind: str
    ms: float
    status: int
    path: str = ""


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    logins: list[float] = field(default_factory=list)  # ms, before the measured load
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)
            if sample.status != 200:
                self.errors.append(f"{sample.kind}: HTTP {sample.status}")


class Browser:
    """One user's connection: keeps its cookies, as a browser would."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "Accept-Language": "zh-CN", "Host": "127.0.0.1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = "http://127.0.0.1/accounts/login/"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed the idle kept-alive connection: a browser opens a new one and asks
            # again, for a request that changes nothing.
            if method != "GET":
                raise
            self.conn.close()
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def login(self, username: str) -> None:
        _status, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        body = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                       "csrfmiddlewaretoken": token.group(1) if token else ""})
        status, _text = self.request("POST", "/accounts/login/", body)
        if status != 302:
            raise RuntimeError(f"login of {username} failed: HTTP {status}")


def list_query(rng: random.Random, names: list[str], charges: list[str]) -> str:
    params: dict[str, str] = {}
    for key in rng.sample(sorted(FILTERS), rng.randint(0, 2)):
        params[key] = rng.choice(FILTERS[key])
    roll = rng.random()
    if roll < 0.2 and names:
        params["q"] = rng.choice(names)[:2]
    elif roll < 0.35 and charges:
        params["charge"] = rng.choice(charges)
    if rng.random() < 0.3:
        year = rng.randint(2018, 2026)
        params["received_from"], params["received_to"] = f"{year}-01-01", f"{year}-12-31"
    if rng.random() < 0.2:
        params["page"] = str(rng.randint(2, 4))
    return "/cases/?" + urllib.parse.urlencode(params)


def virtual_user(port: int, username: str, data: dict, charges: list[str], start: threading.Barrier,
                 duration: float, seed: int, results: Results, think: tuple[float, float]) -> None:
    rng = random.Random(seed)
    browser = Browser(port)
    began = time.perf_counter()
    try:
        browser.login(username)
    except (OSError, RuntimeError) as exc:
        results.errors.append(str(exc))
        start.abort()
        return
    results.logins.append((time.perf_counter() - began) * 1000)
    # The load is measured once every user is in: a login hashes its password on purpose slowly
    # (Argon2), and twenty at once would be a login storm, not the pages being measured.
    try:
        start.wait()
    except threading.BrokenBarrierError:
        return
    until = time.perf_counter() + duration
    time.sleep(rng.uniform(0, think[1]))  # users do not all click in the same instant
    while time.perf_counter() < until:
        if rng.random() < 0.5 or not data["cases"]:
            kind, path = "case list", list_query(rng, data["names"], charges)
        else:
            kind, path = "case page", "/cases/" + urllib.parse.quote(rng.choice(data["cases"])) + "/"
        start = time.perf_counter()
        try:
            status, _text = browser.request("GET", path)
        except (OSError, http.client.HTTPException) as exc:
            results.errors.append(f"{kind}: {exc}")
            browser = Browser(port)
            browser.login(username)
            continue
        results.add(Sample(kind, (time.perf_counter() - start) * 1000, status, path))
        time.sleep(rng.uniform(*think))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * (len(ordered) - 1) + 0.5))]


def run(url: str, label: str, args: argparse.Namespace, workdir: Path) -> bool:
    env = env_for(url)
    prepared = subprocess.run([sys.executable, "-c", PREPARE % {
        "wanted": DEMO_USERS, "password": PASSWORD, "sample": 2000}], env=env, cwd=workdir,
        capture_output=True, text=True, check=True)
    setup = json.loads(prepared.stdout.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen([*procuracy_command(), "serve", "--port", str(port),
                               *(["--workers", str(args.workers)] if args.workers else []),
                               *(["--threads", str(args.threads)] if args.threads else [])],
                              env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]
    stop = threading.Event()

    def sample_memory() -> None:
        while not stop.wait(0.2):
            peak[0] = max(peak[0], _tree_rss_kib(server.pid))

    try:
        wait_for(port)
        # A few requests first, so that the first users do not pay for the server's warm-up.
        warm = Browser(port)
        first = next(iter(setup["users"]))
        warm.login(first)
        for _ in range(3):
            warm.request("GET", "/cases/")
        threading.Thread(target=sample_memory, daemon=True).start()
        results = Results()
        names = list(setup["users"])
        start = threading.Barrier(args.users + 1)
        threads = [threading.Thread(target=virtual_user, args=(
            port, names[i % len(names)], setup["users"][names[i % len(names)]], setup["charges"], start,
            args.duration, i, results, (args.think_min, args.think_max))) for i in range(args.users)]
        for t in threads:
            t.start()
        with contextlib.suppress(threading.BrokenBarrierError):  # a login failed: its error is reported
            start.wait()
        started = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    met = True
    total = len(results.samples)
    print(f"{label}: {args.users} users, {elapsed:.0f} s, {total} requests ({total / elapsed:.1f}/s), "
          f"server peak {peak[0] / 1024:.0f} MiB, errors {len(results.errors)}")
    if results.logins:
        print(f"  logins (all at once, before the load; not in the figures): {len(results.logins)}, "
              f"slowest {max(results.logins):.0f} ms")
    for kind in ("case list", "case page"):
        times = [s.ms for s in results.samples if s.kind == kind]
        if not times:
            continue
        p95 = percentile(times, 0.95)
        mark = "met" if p95 < TARGET_MS else "MISSED"
        met = met and p95 < TARGET_MS
        print(f"  {kind:<10} n={len(times):>6}  p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  "
              f"p99 {percentile(times, 0.99):7.1f} ms  max {max(times):7.1f} ms  {mark} (<{TARGET_MS} ms)")
    for error in results.errors[:10]:
        print(f"  error: {error}")
    if args.slowest:
        print(f"  the {args.slowest} slowest requests:")
        for sample in sorted(results.samples, key=lambda s: -s.ms)[:args.slowest]:
            print(f"  {sample.ms:8.1f} ms  {urllib.parse.unquote(sample.path)}")
    return met and not results.errors


def build_synthetic(url: str, workdir: Path, persons: int) -> None:
    import datetime as dt

    from procuracy.interchange.synthetic import generate

    env = env_for(url)
    data = workdir / "cases.jsonl"
    today = dt.date.today()  # noqa: DTZ011 - a calendar day for synthetic data
    with data.open("w", encoding="utf-8") as out:
        for package in generate(persons, seed=11, start=today - dt.timedelta(days=900), end=today):
            out.write(json.dumps(package, ensure_ascii=False) + "\n")
    subprocess.run([*procuracy_command(), "migrate", "-v", "0"], env=env, cwd=workdir, check=True)
    subprocess.run([*procuracy_command(), "import", str(data)], env=env, cwd=workdir, check=True,
                   capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="an existing database (e.g. the --scale 15 demo)")
    parser.add_argument("--build", choices=["synthetic"], help="build a fresh database instead")
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--workers", type=int, default=0, help="server processes (default: the server's own)")
    parser.add_argument("--threads", type=int, default=0, help="server threads per process (default: the server's own)")
    parser.add_argument("--think-min", type=float, default=0.5)
    parser.add_argument("--think-max", type=float, default=1.5)
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest requests")
    args = parser.parse_args(argv)
    if not args.database_url and not args.build:
        parser.error("give --database-url or --build synthetic")
    with tempfile.TemporaryDirectory(prefix="procuracy-bench-") as tmp:
        workdir = Path(tmp)
        if args.database_url:
            run(args.database_url, args.database_url.split("://")[0], args, workdir)
            return 0
        for kind in args.databases.split(","):
            with fresh_database(kind, workdir) as url:
                build_synthetic(url, workdir, args.persons)
                run(url, f"{kind} ({args.persons} synthetic persons)", args, workdir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
