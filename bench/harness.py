"""What every benchmark shares: a throwaway seeded app, a signed-in client, and timings with query counts."""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import event

from config import DevelopmentConfig
from dhr import create_app
from dhr.extensions import db
from dhr.seed import DEMO_PASSWORD, seed_demo


def seeded_app():
    """An app on a throwaway SQLite file, migrated and seeded with the demo partnership."""
    folder = tempfile.mkdtemp(prefix="dhr-bench-")

    class Bench(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder}/bench.sqlite"
        WTF_CSRF_ENABLED = False

    app = create_app(Bench)
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
    return app


def empty_app(url: str | None = None):
    """An app on `url`, or on a throwaway SQLite file, migrated and empty."""
    folder = tempfile.mkdtemp(prefix="dhr-bench-")

    class Bench(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = url or f"sqlite:///{folder}/bench.sqlite"

    app = create_app(Bench)
    with app.app_context():
        upgrade()
    return app


def signed_in(app, email: str):
    """A test client signed in as one of the demo users."""
    client = app.test_client()
    client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD})
    return client


def timed_ms(fn, repeat: int) -> list[float]:
    """Wall-clock milliseconds of each of repeat calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def median_p95(times: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile (nearest rank) of the timings."""
    return statistics.median(times), sorted(times)[max(0, int(len(times) * 0.95) - 1)]


def page_figures(app, client, url: str, repeat: int) -> tuple[float, float, int]:
    """Median and p95 milliseconds of GET url, and the queries its first request ran; fails unless it answers 200."""
    with app.app_context():
        engine = db.engine
    counted: list[str] = []

    def count(*args):
        counted.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        status = client.get(url).status_code
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert status == 200, f"{url} answered {status}"
    median, p95 = median_p95(timed_ms(lambda: client.get(url), repeat))
    return median, p95, len(counted)
