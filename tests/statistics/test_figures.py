"""The statistics page's figures, read in SQL, agree with the same figures worked out from the loaded reviews, their
stage histories, their clocks and their agency requests, at several dates."""

import statistics as stats
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from dhr.clocks.engine import add_months
from dhr.clocks.rules import ClockState
from dhr.clocks.service import clocks_for, rules_for
from dhr.core.dates import LONDON, london_today
from dhr.evidence.models import AgencyInvolvement
from dhr.evidence.stages import EvidenceStatus
from dhr.extensions import db as _db
from dhr.partnerships.models import Partnership
from dhr.reviews.models import Review
from dhr.reviews.time_lost import combine, time_lost
from dhr.seed import PARTNERSHIP_NAME, seed_demo
from dhr.statistics.figures import agency_lateness, figures


def _loaded(partnership_id: int, today) -> dict:
    reviews = _db.session.scalars(select(Review).where(Review.partnership_id == partnership_id)).all()
    completion = [
        clock
        for review in reviews
        for clock in clocks_for(review, rules_for(review.partnership), today)
        if clock.key == "completion" and clock.met_on
    ]
    lost = combine([time_lost(review.stage_changes, today) for review in reviews])
    late: dict[str, list[int]] = {}
    for involvement in _db.session.scalars(
        select(AgencyInvolvement).where(AgencyInvolvement.review_id.in_([r.id for r in reviews]))
    ):
        if involvement.due_on is None or involvement.status is EvidenceStatus.NOT_REQUESTED:
            continue
        submitted = [
            c.at.astimezone(LONDON).date() for c in involvement.changes if c.to_status is EvidenceStatus.SUBMITTED
        ]
        days = max(0, (min(submitted, default=today) - involvement.due_on).days)
        row = late.setdefault(involvement.agency.name, [0, 0, 0])
        row[0], row[1], row[2] = row[0] + 1, row[1] + (1 if days else 0), row[2] + days
    return {
        "total": len(reviews),
        "stages": Counter(r.stage for r in reviews),
        "decision": stats.median([(r.decided_on - r.notified_on).days for r in reviews if r.decided_on]),
        "completed": len(completion),
        "on_time": sum(1 for clock in completion if clock.state is ClockState.MET_ON_TIME),
        "strict": sum(1 for clock in completion if clock.met_on <= add_months(clock.started_on, 6)),
        "lost": (lost.by_stage, lost.paused_by_reason),
        "late": late,
    }


def _from_sql(partnership_id: int, today) -> dict:
    numbers = figures(partnership_id, today)
    return {
        "total": numbers.total,
        "stages": Counter(dict(numbers.by_stage)),
        "decision": numbers.median_days_to_decision,
        "completed": numbers.six_months.completed,
        "on_time": numbers.six_months.pauses_allowed,
        "strict": numbers.six_months.as_guidance_counts,
        "lost": (numbers.lost.by_stage, numbers.lost.paused_by_reason),
        "late": {a.agency: [a.requests, a.late, a.days_late] for a in agency_lateness(partnership_id, today)},
    }


def test_the_figures_read_in_sql_are_those_of_the_loaded_reviews(db):
    db.run(seed_demo)

    def compare(days_on: int) -> dict:
        today = london_today() + timedelta(days=days_on)
        partnership_id = _db.session.scalar(select(Partnership.id).where(Partnership.name == PARTNERSHIP_NAME))
        expected = _loaded(partnership_id, today)
        assert _from_sql(partnership_id, today) == expected
        return expected

    for days_on in (0, 45, 400):
        expected = db.run(compare, days_on)
        assert expected["total"] >= 16
        assert expected["completed"] >= 1
        assert expected["late"]
        assert expected["lost"][1], "the demo has paused reviews"


def test_a_chart_leaves_room_for_its_longest_label():
    from dhr.statistics.chart import PIXELS_A_CHARACTER, bar_chart

    label = "Adult family member (parent, grandparent, sibling)"
    chart = bar_chart("Reviews by relationship", [(label, 3), ("Other", 1)])
    assert chart.label_width - 8 >= len(label) * PIXELS_A_CHARACTER  # the label ends 8px left of the bars
    assert bar_chart("Short", [("Police", 2)]).label_width == 120
