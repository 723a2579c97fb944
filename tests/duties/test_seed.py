"""The demo register shows every occurrence status on whatever day it is seeded (the dated leg moves that day)."""

from sqlalchemy import select

from dhr.core.dates import london_today
from dhr.duties.models import Duty
from dhr.duties.stages import OccurrenceStatus
from dhr.duties.workflow import shown_status
from dhr.extensions import db as _db
from dhr.seed import seed_demo


def test_the_demo_register_has_an_overdue_a_late_a_not_applicable_and_an_in_progress_occurrence(app, db):
    db.run(seed_demo)
    with app.app_context():
        today = london_today()
        duties = {d.code: d for d in _db.session.scalars(select(Duty))}
        d08 = [o for o in duties["D08"].occurrences if o.due_on < today]
        latest = max(d08, key=lambda o: o.due_on)
        assert shown_status(latest, today) is OccurrenceStatus.OVERDUE
        assert {shown_status(o, today) for o in d08 if o is not latest} == {OccurrenceStatus.MET}
        late = [o for o in duties["D06"].occurrences if o.met_on]
        assert late
        assert all(o.met_on > o.due_on and o.evidence for o in late)
        assert [shown_status(o, today) for o in duties["D04"].occurrences] == [OccurrenceStatus.NOT_APPLICABLE]
        for code in ("D02", "D11"):
            upcoming = [o for o in duties[code].occurrences if o.due_on > today]
            assert shown_status(upcoming[0], today) is OccurrenceStatus.IN_PROGRESS
