"""Action tracker benchmarks: the partnership-wide tracker over 5,000 actions (issue 7: first page under 300 ms
server time, with a constant number of queries), and the other monitoring pages, exports and the board report.

A throwaway SQLite database with the demo partnership, plus N actions across extra reviews: 20 recommendations per
review, 5 actions per recommendation, themes, owners, every status and target dates two years either side of today.
Rows are added through the ORM in bulk (no audit events: the pages never read them).

`.venv/bin/python bench/tracker_bench.py [--actions 5000] [--repeat 15]`. Figures go in docs/performance.md.
"""

import argparse
import time
from datetime import timedelta
from itertools import cycle

from harness import median_p95, page_figures, seeded_app, signed_in, timed_ms
from sqlalchemy import select

from dhr.actions.models import Action
from dhr.actions.stages import ActionStatus
from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.recommendations.models import Recommendation, Theme
from dhr.recommendations.scopes import Scope
from dhr.reviews import services
from dhr.reviews.models import DeathCategory

PER_REVIEW = 20
PER_RECOMMENDATION = 5


def _build(actions: int) -> None:
    people = {u.email.split("@")[0]: u for u in db.session.scalars(select(User))}
    coordinator = people["coordinator"]
    partnership = coordinator.partnership
    agencies = list(db.session.scalars(select(Agency).where(Agency.partnership_id == partnership.id)))
    themes = list(db.session.scalars(select(Theme).where(Theme.partnership_id == partnership.id)))
    owners = cycle([people["police"], people["health"], None])
    statuses = cycle(list(ActionStatus))
    today = london_today()
    reviews = -(-actions // (PER_REVIEW * PER_RECOMMENDATION))
    made = 0
    for r in range(reviews):
        review = services.create_review(
            partnership,
            actor=coordinator,
            category=DeathCategory.INTIMATE_PARTNER,
            notified_on=today - timedelta(days=60 + 37 * r),
            notifying_agency_id=agencies[0].id,
            date_of_death=None,
            place_of_death="",
            police_force_area="",
            circumstances="",
        )
        for n in range(1, PER_REVIEW + 1):
            recommendation = Recommendation(
                review=review,
                number=n,
                text=f"Recommendation {n} of review {r}: agencies should share risk information sooner.",
                scope=Scope.LOCAL,
                multi_agency=True,
                answers=["17.1"],
                themes=list({themes[(r + n) % len(themes)], themes[(r * 3 + n + 1) % len(themes)]}),
            )
            db.session.add(recommendation)
            for position in range(1, PER_RECOMMENDATION + 1):
                if made == actions:
                    break
                owner = next(owners)
                status = next(statuses)
                db.session.add(
                    Action(
                        recommendation=recommendation,
                        review=review,
                        position=position,
                        action=f"Action {position}: audit the referral pathway and report to the board. " * 2,
                        lead_agency=agencies[(made * 7) % len(agencies)],
                        owner=owner,
                        owner_name="" if owner else "A named manager",
                        milestones="Pathway mapped.",
                        target_on=today + timedelta(days=(made * 37) % 1460 - 730),
                        completed_on=today - timedelta(days=made % 300) if status is ActionStatus.COMPLETED else None,
                        outcome="Done and audited." if status is ActionStatus.COMPLETED else "",
                        status=status,
                    )
                )
                made += 1
        db.session.flush()
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    app = seeded_app()
    with app.app_context():
        start = time.perf_counter()
        _build(args.actions)
        total = db.session.scalar(select(db.func.count()).select_from(Action))
        print(f"created {args.actions:,} actions in {time.perf_counter() - start:.1f} s ({total:,} in all)")

    coordinator = signed_in(app, "coordinator@swp.example")
    police = signed_in(app, "police@swp.example")
    pages = [
        ("tracker, first page", coordinator, "/actions"),
        ("tracker, overdue only", coordinator, "/actions?overdue=y"),
        ("tracker, one theme, status at risk", coordinator, "/actions?theme=1&status=at_risk"),
        ("tracker, page 60", coordinator, "/actions?page=60"),
        ("an agency's actions (MPS)", coordinator, "/actions/agency/1"),
        ("your agency's actions (police)", police, "/actions/agency"),
        ("theme dashboard", coordinator, "/actions/themes"),
        ("dashboard (police contributor)", police, "/"),
    ]
    print(f"\n{'page':38} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, client, url in pages:
        median, p95, queries = page_figures(app, client, url, args.repeat)
        print(f"{name:38} {median:10.1f} {p95:8.1f} {queries:8d}")

    downloads = [
        ("export, CSV (every action)", lambda: coordinator.get("/actions/export?format=csv")),
        ("export, XLSX (every action)", lambda: coordinator.get("/actions/export?format=xlsx")),
        ("board report (.docx)", lambda: coordinator.post("/actions/board-report", data={"since": ["1", "1", "2026"]})),
    ]
    for name, fetch in downloads:
        response = fetch()
        assert response.status_code == 200, f"{name}: {response.status_code}"
        median, p95 = median_p95(timed_ms(fetch, max(3, args.repeat // 3)))
        print(f"{name:38} {median:10.1f} {p95:8.1f} {len(response.data) // 1024:6d} KB")


if __name__ == "__main__":
    main()
