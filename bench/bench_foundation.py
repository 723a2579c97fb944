"""Foundation benchmarks: the audit-log page over many events, and the cost of one sign-in hash.

Run with `make bench` (or `.venv/bin/python bench/bench_foundation.py --events 100000`). Prints figures;
docs/performance.md records them. Uses a throwaway SQLite file.
"""

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

from harness import page_figures, seeded_app, signed_in, timed_ms
from sqlalchemy import insert, select

from dhr.audit.models import AuditEvent
from dhr.auth.models import User
from dhr.auth.passwords import hash_password, verify_password
from dhr.extensions import db
from dhr.seed import DEMO_PASSWORD


def _fill_audit(partnership_id: int, actor_ids: list[int], count: int) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    actions = ["auth.signed_in", "user.updated", "agency.updated", "audit.searched", "access.denied"]
    batch = []
    for n in range(count):
        batch.append(
            {
                "occurred_at": start + timedelta(minutes=5 * n),
                "partnership_id": partnership_id,
                "actor_id": actor_ids[n % len(actor_ids)],
                "actor_email": "bench@example.test",
                "action": actions[n % len(actions)],
                "summary": f"Benchmark event {n}",
                "data": {},
            }
        )
        if len(batch) == 5000:
            db.session.execute(insert(AuditEvent), batch)
            batch = []
    if batch:
        db.session.execute(insert(AuditEvent), batch)
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    app = seeded_app()
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == "admin@swp.example"))
        actor_ids = list(db.session.scalars(select(User.id)))
        start = time.perf_counter()
        _fill_audit(admin.partnership_id, actor_ids, args.events)
        print(f"inserted {args.events:,} audit events in {time.perf_counter() - start:.1f} s")

        stored = hash_password(DEMO_PASSWORD)
        hashing = timed_ms(lambda: verify_password(stored, DEMO_PASSWORD), 5)
        print(f"argon2id verify (production parameters m=64MiB t=3 p=4): median {statistics.median(hashing):.0f} ms")

    client = signed_in(app, "admin@swp.example")
    pages = {
        "audit log, newest 50 of all": "/admin/audit-log",
        "audit log, by user": f"/admin/audit-log?user={actor_ids[1]}",
        "audit log, by action + date": "/admin/audit-log?action=user.updated&date_from=1&date_from=6&date_from=2025"
        "&date_to=30&date_to=6&date_to=2025",
        "audit log, page 500": "/admin/audit-log?page=500",
        "users list": "/admin/users",
        "dashboard": "/",
    }
    print(f"\n{'page':32} {'median ms':>10} {'p95 ms':>8}")
    for name, url in pages.items():
        median, p95, _ = page_figures(app, client, url, args.repeat)
        print(f"{name:32} {median:10.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
