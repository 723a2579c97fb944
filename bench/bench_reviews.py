"""Review benchmarks: dashboard, statistics and the review page with many reviews, each with a real history.

`.venv/bin/python bench/bench_reviews.py --reviews 300`. Prints figures; docs/performance.md records them.
"""

import argparse
import time
from datetime import timedelta

from harness import page_figures, seeded_app, signed_in
from sqlalchemy import select

from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.correspondence.models import Counterpart, Direction, Method, Subject
from dhr.correspondence.services import record_correspondence
from dhr.extensions import db
from dhr.panel.services import record_declarations
from dhr.permissions import ReviewRole
from dhr.reviews import services, workflow
from dhr.reviews.models import DeathCategory, Decision, PersonRole
from dhr.reviews.stages import PauseReason, ReviewStage
from dhr.terms import services as terms_services
from dhr.terms import workflow as terms_workflow

S = ReviewStage
PATH = [S.EVIDENCE, S.DRAFTING, S.PANEL_AGREEMENT, S.FAMILY_SIGHT]


def _synthetic(partnership, people, agency_id, index: int) -> None:
    coordinator, chair = people["coordinator"], people["chair"]
    notified = london_today() - timedelta(days=60 + index % 500)
    review = services.create_review(
        partnership,
        actor=coordinator,
        category=list(DeathCategory)[index % 5],
        notified_on=notified,
        notifying_agency_id=agency_id,
        date_of_death=None,
        place_of_death="",
        police_force_area="",
        circumstances="",
    )
    services.add_person(
        review,
        actor=coordinator,
        role=PersonRole.VICTIM,
        pseudonym=f"Adult {index}",
        real_name="",
        aliases="",
        date_of_birth=None,
        living=False,
        relationship_to_victim="",
    )
    day = notified + timedelta(days=20)
    services.record_decision(
        review, decision=Decision.COMMISSION, decided_on=day, decision_maker="Group", rationale="Met", actor=coordinator
    )
    record_correspondence(
        review,
        occurred_on=day,
        direction=Direction.SENT,
        counterpart=Counterpart.HOME_OFFICE,
        method=Method.EMAIL,
        subject=Subject.DECISION,
        summary="",
        upload=None,
        actor=coordinator,
    )
    member = services.add_member(review, user=chair, role=ReviewRole.CHAIR, agency=None, actor=coordinator)
    record_declarations(
        member,
        actor=coordinator,
        job_title="Independent chair",
        independence_statement="Independent of every agency involved",
        independence_declared_on=day,
        confidentiality_signed_on=day,
    )
    terms = terms_services.start_draft(review, actor=coordinator)
    terms_services.update_draft(terms, actor=coordinator, scope_from=notified, scope_to=day, purpose="")
    terms_services.add_line(terms, text="What did agencies know of the risk to the victim?", actor=coordinator)
    terms_workflow.agree(terms, agreed_on=day, actor=coordinator)
    for step, stage in enumerate(PATH[: index % 5]):
        workflow.transition(review, stage, actor=coordinator, effective_on=day + timedelta(days=5 * (step + 1)))
    if index % 7 == 0:
        workflow.transition(
            review,
            S.PAUSED,
            actor=coordinator,
            effective_on=day + timedelta(days=30),
            pause_reason=PauseReason.CRIMINAL_TRIAL,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reviews", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    app = seeded_app()
    with app.app_context():
        people = {u.email.split("@")[0]: u for u in db.session.scalars(select(User))}
        partnership = people["coordinator"].partnership
        agency_id = people["police"].agency_id
        start = time.perf_counter()
        for index in range(args.reviews):
            _synthetic(partnership, people, agency_id, index)
        db.session.commit()
        print(f"created {args.reviews} extra reviews (with histories) in {time.perf_counter() - start:.1f} s")

    client = signed_in(app, "coordinator@swp.example")
    pages = {
        "dashboard (coordinator)": "/",
        "dashboard, overdue filter": "/?overdue=y",
        "statistics": "/statistics",
        "review page": "/reviews/5",
    }
    print(f"\n{'page':30} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, url in pages.items():
        median, p95, queries = page_figures(app, client, url, args.repeat)
        print(f"{name:30} {median:10.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
