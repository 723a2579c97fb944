"""Load on the national data set: the app under gunicorn, signed-in personas, and 1 then 20 users going round every
interactive page for 30 s each. Prints each page's p50 and p95 at both loads, their ratio to the sign-in page's in
the same run, the slowest request, and the queries each page runs at demo size and at national size; then each
gunicorn worker's memory.

Build the data first (`bench/national.py`); `make bench-national` does both.
`.venv/bin/python bench/load.py [--database dhr_national] [--duration 30] [--users 1,20] [--workers 2] [--threads 1]`
"""

import argparse
import http.client
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from harness import db
from national import PARTNERSHIP_NAME, _admin_url, fresh_database, national_app, upgrade
from sqlalchemy import event, select

from dhr.auth.models import User
from dhr.auth.sessions import start_session
from dhr.clocks.stored import rebuild
from dhr.core.keyset import encode
from dhr.evidence.models import AgencyInvolvement, ChronologyEntry
from dhr.evidence.queries import TIME_ORDER, in_time_order
from dhr.overview.stored import rebuild as rebuild_tasks
from dhr.partnerships.models import Partnership
from dhr.reviews.models import Review
from dhr.reviews.queries import review_of_victim
from dhr.seed import seed_demo

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = {
    "coordinator": "coordinator@swp.example",
    "admin": "admin@swp.example",
    "chair": "chair@swp.example",
    "contributor": "police@swp.example",
    "board": "board@swp.example",
    "system admin": "support@dhr.example",
}


@dataclass(frozen=True)
class Page:
    """One page of the run: its label, who asks for it, the path, and whether it is an export (not interactive)."""

    label: str
    persona: str | None
    path: str
    export: bool = False


def pages_for(app) -> list[Page]:
    """Every page the run visits, addressed by the demo's ids (the same in both data sets: the demo goes in first)."""
    with app.app_context():
        westminster = db.session.scalar(select(Partnership.id).where(Partnership.name == PARTNERSHIP_NAME))
        adult_q = review_of_victim(westminster, "Adult Q").id
        agency = db.session.scalar(
            select(AgencyInvolvement.agency_id)
            .where(AgencyInvolvement.review_id == adult_q)
            .order_by(AgencyInvolvement.id)
        )
        # Where "Next" from page 189 leads: page 190 with the key of its first entry.
        late_key = encode(
            db.session.execute(
                in_time_order(select(*TIME_ORDER).where(ChronologyEntry.review_id == adult_q))
                .offset(189 * 100)
                .limit(1)
            ).one()
        )
    chronology = f"/reviews/{adult_q}/chronology"
    return [
        Page("sign-in page", None, "/sign-in"),
        *(Page(f"dashboard ({who})", who, "/") for who in PERSONAS),
        Page("dashboard, overdue filter", "coordinator", "/?overdue=y"),
        Page("review page", "coordinator", f"/reviews/{adult_q}"),
        Page("chronology, page 1", "coordinator", chronology),
        Page("chronology, page 190", "coordinator", f"{chronology}?page=190"),
        Page("chronology, page 190 by its key", "coordinator", f"{chronology}?page=190&from={quote(late_key)}"),
        Page("chronology, one agency", "coordinator", f"{chronology}?agency={agency}"),
        Page("tracker, page 1", "coordinator", "/actions"),
        Page("tracker, page 90", "coordinator", "/actions?page=90"),
        Page("tracker, overdue", "coordinator", "/actions?status=overdue"),
        Page("themes", "coordinator", "/actions/themes"),
        Page("statistics", "coordinator", "/statistics"),
        Page("duty register", "coordinator", "/duties"),
        Page("calendar", "coordinator", "/calendar"),
        Page("audit log, page 1", "admin", "/admin/audit-log"),
        Page("audit log, page 1500", "admin", "/admin/audit-log?page=1500"),
        Page("audit log, one action", "admin", "/admin/audit-log?action=review.viewed"),
        Page("inbox", "chair", "/notifications"),
        Page("tracker CSV export", "coordinator", "/actions/export?format=csv", export=True),
        Page("tracker XLSX export", "coordinator", "/actions/export?format=xlsx", export=True),
    ]


def cookies_for(app) -> dict[str, str]:
    """A signed session cookie for each persona: a real server-side session, opened without the form."""
    cookies = {}
    with app.app_context():
        for persona, email in PERSONAS.items():
            user = db.session.scalar(select(User).where(User.email == email))
            token = start_session(user, remote_addr="127.0.0.1", user_agent="bench", second_step="totp")
            db.session.commit()
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = token
                session["_fresh"] = True
                session["seen"] = time.time()
            cookies[persona] = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    return cookies


def query_counts(app, pages: list[Page]) -> dict[str, int]:
    """The queries each page runs, asked once in-process (after one warming request)."""
    cookies = cookies_for(app)
    counts = {}
    with app.app_context():
        engine = db.engine
    for page in pages:
        client = app.test_client()
        if page.persona:
            client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookies[page.persona])
        client.get(page.path)
        seen: list[str] = []

        def count(*args, seen=seen):
            seen.append(args[2])

        event.listen(engine, "before_cursor_execute", count)
        try:
            status = client.get(page.path).status_code
        finally:
            event.remove(engine, "before_cursor_execute", count)
        counts[page.label] = len(seen) if status == 200 else -status
    return counts


def demo_database() -> str:
    """The demo alone on PostgreSQL, for the demo-size query counts."""
    url = fresh_database("dhr_bench_demo")
    app = national_app(url)
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
        ids = list(db.session.scalars(select(Review.id)))
        rebuild(db.session, ids)
        rebuild_tasks(db.session, ids)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return url


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(url: str, workers: int, threads: int) -> tuple[subprocess.Popen, int]:
    """gunicorn on the database, as operations.md runs it; waits until it answers."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "DHR_ENV": "development", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, arguments built here
        [
            str(ROOT / ".venv/bin/gunicorn"),
            f"--workers={workers}",
            f"--threads={threads}",
            f"--bind=127.0.0.1:{port}",
            "--timeout=120",
            "--log-level=warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health")
            connection.getresponse().read()
            return server, port
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def _user(args) -> list[tuple[str, float, int]]:
    """One simulated user: round every page in a shuffled order until the time is up."""
    port, pages, cookies, name, seconds, seed = args
    rng = random.Random(seed)
    results = []
    ends = time.perf_counter() + seconds
    while time.perf_counter() < ends:
        order = list(pages)
        rng.shuffle(order)
        for page in order:
            headers = {"Cookie": f"{name}={cookies[page.persona]}"} if page.persona else {}
            started = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("GET", page.path, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            results.append((page.label, (time.perf_counter() - started) * 1000, response.status))
            if time.perf_counter() >= ends:
                break
    return results


def load(port: int, pages: list[Page], cookies: dict, name: str, users: int, seconds: float) -> dict[str, list]:
    """Every page's timings (ms) with `users` going round at once for `seconds`; fails on any answer but 200."""
    with multiprocessing.Pool(users) as pool:
        runs = pool.map(_user, [(port, pages, cookies, name, seconds, seed) for seed in range(users)])
    timings: dict[str, list[float]] = {page.label: [] for page in pages}
    for run in runs:
        for label, ms, status in run:
            if status != 200:
                raise SystemExit(f"{label} answered {status}")
            timings[label].append(ms)
    return timings


def p50_p95(times: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile (nearest rank); NaN without samples."""
    if not times:
        return float("nan"), float("nan")
    return statistics.median(times), sorted(times)[max(0, int(len(times) * 0.95 + 0.5) - 1)]


def worker_rss(server: subprocess.Popen) -> list[int]:
    """Each gunicorn worker's resident memory, in MB."""
    found = subprocess.run(["/usr/bin/pgrep", "-P", str(server.pid)], capture_output=True, text=True)  # noqa: S603
    children = found.stdout.split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) // 1024)
    return sizes


def pooled(pages, times: dict[str, list], users: int, seconds: float) -> str:
    """One level's load in a line: requests a second, and p50 and p95 over every interactive request pooled (the
    figures that compare worker and thread settings)."""
    every = sum((len(t) for t in times.values()), 0)
    interactive = [ms for page in pages if not page.export for ms in times[page.label]]
    p50, p95 = p50_p95(interactive)
    return (
        f"{users} user(s): {every} requests in {seconds:.0f} s ({every / seconds:.1f} a second); interactive pages "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms over {len(interactive)}"
    )


def report(pages, levels: dict[int, dict[str, list]], demo: dict, national: dict) -> None:
    """The table docs/performance.md records."""
    (low, low_times), (high, high_times) = sorted(levels.items())
    base50, _ = p50_p95(low_times["sign-in page"])
    _, base95 = p50_p95(high_times["sign-in page"])
    print(f"\nSign-in page: p50 {base50:.1f} ms at {low} user; p95 {base95:.1f} ms at {high} users\n")
    print(
        f"| Page | {low} user p50 | × sign-in | {high} users p50 | {high} users p95 | × sign-in p95 | slowest | "
        "Queries, demo | Queries, national |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for page in pages:
        a50, _ = p50_p95(low_times[page.label])
        b50, b95 = p50_p95(high_times[page.label])
        slowest = max(low_times[page.label] + high_times[page.label], default=float("nan"))
        print(
            f"| {page.label}{' (export)' if page.export else ''} | {a50:.1f} ms | {a50 / base50:.1f}× | {b50:.0f} ms | "
            f"{b95:.0f} ms | {b95 / base95:.1f}× | {slowest:.0f} ms | {demo.get(page.label, '')} | "
            f"{national.get(page.label, '')} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="dhr_national")
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--users", default="1,20")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    url = _admin_url(args.database)[1]
    app = national_app(url)
    pages = pages_for(app)
    national = query_counts(app, pages)
    demo_app = national_app(demo_database())
    demo = query_counts(demo_app, pages)
    cookies = cookies_for(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    with demo_app.app_context():
        db.engine.dispose()
    server, port = serve(url, args.workers, args.threads)
    try:
        name = app.config["SESSION_COOKIE_NAME"]
        levels = {}
        for users in (int(u) for u in args.users.split(",")):
            levels[users] = load(port, pages, cookies, name, users, args.duration)
            print(pooled(pages, levels[users], users, args.duration))
        rss = worker_rss(server)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
    print(f"gunicorn: {args.workers} workers × {args.threads} threads; worker RSS after the run: {rss} MB")
    if len(levels) == 2:
        report(pages, levels, demo, national)


if __name__ == "__main__":
    sys.setrecursionlimit(10_000)
    main()
