"""The daily run at national scale: 300 partnerships and 5,000 reviews, each review with two agencies' evidence
requests at different points of the chase and its statutory clocks running. Prints the time and queries of the
whole run and per partnership, and of a second run the same day (which must do nothing).

`.venv/bin/python bench/bench_daily.py --partnerships 300 --reviews 5000 [--database postgres]` (postgres: a
throwaway database on DATABASE_URL's server or 127.0.0.1:5432, dropped afterwards).
Prints figures; docs/performance.md records them.
"""

import argparse
import time
from datetime import timedelta

from harness import db, empty_app
from sqlalchemy import event, func, select

from dhr.core.dates import london_today
from dhr.evidence.models import AgencyInvolvement, EvidenceReminder
from dhr.evidence.stages import Contact, EvidenceStatus, OutputRequired
from dhr.jobs.daily import run_daily
from dhr.mail.models import OutboxMessage
from dhr.notifications.models import Notification
from dhr.permissions import ReviewRole, Role
from tests.factories import create_agency, create_partnership, create_review, create_user

# Days from today to each request's due date: before the first reminder, at it, due tomorrow, overdue, and
# past the escalation, so every branch of the chase runs.
DUE_IN = (20, 7, 1, -1, -7, -14)


def _seed(partnerships: int, reviews: int) -> None:
    today = london_today()
    per = reviews // partnerships
    made = 0
    for p in range(partnerships):
        partnership = create_partnership(name=f"Bench Partnership {p:03d}", prefix=f"B{p:03d}")
        coordinator = create_user(partnership, Role.COORDINATOR)
        chair = create_user(partnership)
        agencies = [create_agency(partnership, code=f"B{p}-A{n}") for n in range(2)]
        for agency in agencies:
            agency.senior_contact_email = f"senior-{agency.id}@example.test"
        contributors = [create_user(partnership, agency=agency) for agency in agencies]
        count = per + (1 if p < reviews - per * partnerships else 0)
        for r in range(count):
            review = create_review(
                partnership,
                coordinator=coordinator,
                chair=chair,
                agency=agencies[0],
                notified_on=today - timedelta(days=10 + (r * 7) % 200),
                members=[(c, ReviewRole.AGENCY_CONTRIBUTOR, a) for c, a in zip(contributors, agencies, strict=True)],
            )
            for n, agency in enumerate(agencies):
                db.session.add(
                    AgencyInvolvement(
                        review_id=review.id,
                        agency_id=agency.id,
                        contact_victim=Contact.YES,
                        contact_perpetrator=Contact.UNKNOWN,
                        contact_children=Contact.UNKNOWN,
                        output=OutputRequired.CHRONOLOGY,
                        due_on=today + timedelta(days=DUE_IN[(r + n) % len(DUE_IN)]),
                        status=EvidenceStatus.REQUESTED,
                    )
                )
            made += 1
        db.session.commit()
    print(f"seeded {partnerships} partnerships and {made} reviews")


def _counted(app, work):
    queries: list[str] = []

    def count(*args):
        queries.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    start = time.perf_counter()
    try:
        result = work()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return result, time.perf_counter() - start, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partnerships", type=int, default=300)
    parser.add_argument("--reviews", type=int, default=5000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    if args.database == "postgres":
        from tests.conftest import _throwaway_postgres

        with _throwaway_postgres() as url:
            _measure(empty_app(url), args)
    else:
        _measure(empty_app(None), args)


def _measure(app, args) -> None:
    with app.app_context():
        start = time.perf_counter()
        _seed(args.partnerships, args.reviews)
        print(f"seeding took {time.perf_counter() - start:.1f} s ({db.engine.dialect.name})")
        before = {
            "notifications": db.session.scalar(select(func.count()).select_from(Notification)),
            "emails": db.session.scalar(select(func.count()).select_from(OutboxMessage)),
        }
        for label in ("first run", "second run, same day"):
            run, seconds, queries = _counted(app, lambda: run_daily(london_today()))
            n = run.partnerships
            print(
                f"{label}: {seconds:.1f} s for {n} partnerships ({seconds / n * 1000:.0f} ms and {queries / n:.0f} "
                f"queries per partnership), {len(run.failed)} failed; {run.totals}"
            )
        told = db.session.scalar(select(func.count()).select_from(Notification)) - before["notifications"]
        mailed = db.session.scalar(select(func.count()).select_from(OutboxMessage)) - before["emails"]
        reminders = db.session.scalar(select(func.count()).select_from(EvidenceReminder))
        print(f"the runs wrote {reminders} reminders, {told} notifications and {mailed} emails")
        db.engine.dispose()


if __name__ == "__main__":
    main()
