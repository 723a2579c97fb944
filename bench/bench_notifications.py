"""Notification benchmarks: the inbox and the header's unread count for a person with many notifications, and what
telling costs a change.

`.venv/bin/python bench/bench_notifications.py --notifications 10000`. Prints figures; docs/performance.md records
them.
"""

import argparse
import time

from harness import median_p95, page_figures, seeded_app, signed_in, timed_ms
from sqlalchemy import select

from dhr.auth.models import User
from dhr.extensions import db
from dhr.notifications.models import Notification


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notifications", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    app = seeded_app()
    with app.app_context():
        chair = db.session.scalar(select(User).where(User.email == "chair@swp.example"))
        chair_id, partnership_id = chair.id, chair.partnership_id
        rows = [
            {
                "user_id": chair_id,
                "partnership_id": partnership_id,
                "kind": "evidence.submitted",
                "summary": f"SWP-DARDR-2026-{n % 99:02d}: An agency submitted its evidence, to accept or return",
                "link": "/",
            }
            for n in range(args.notifications)
        ]
        start = time.perf_counter()
        db.session.execute(Notification.__table__.insert(), rows)
        db.session.commit()
        print(f"inserted {args.notifications} notifications for one person in {time.perf_counter() - start:.2f} s")
    client = signed_in(app, "chair@swp.example")
    for label, url in (
        ("inbox page 1", "/notifications"),
        ("inbox unread only", "/notifications?show=unread"),
        ("inbox, evidence, late page", "/notifications?category=evidence&page=300"),
        ("dashboard (header count included)", "/"),
    ):
        p50, p95, queries = page_figures(app, client, url, args.repeat)
        print(f"{label:36} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries} queries")
    with app.app_context():
        from dhr.notifications.services import unread_count

        person = db.session.get(User, chair_id)
        p50, p95 = median_p95(timed_ms(lambda: unread_count(person), args.repeat))
        print(f"{'unread count alone':36} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
