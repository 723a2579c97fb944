"""The demo's meetings: a seed's own test, so it loads the demo (no other meetings test does)."""

from sqlalchemy import func, select

from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.meetings.models import AgendaItem, Attendee, Meeting, MeetingAction
from dhr.meetings.stages import AttendanceStatus, MeetingKind, MeetingStatus
from tests.conftest import check_page, start_session_cookie


def test_the_demo_has_meetings_for_reviews_at_set_up_or_later(app, db, frozen_clock):
    from dhr.auth.models import User
    from dhr.meetings.seed import seed_meetings
    from dhr.partnerships.models import Partnership
    from dhr.seed import PARTNERSHIP_NAME, seed_demo

    db.run(seed_demo)
    firsts = db.scalars(select(Meeting).where(Meeting.kind == MeetingKind.FIRST_PANEL))
    assert len(firsts) == 11  # every commissioned review with a chair, withdrawn aside
    assert all(m.status is MeetingStatus.HELD for m in firsts)
    first = firsts[0]
    titles = db.scalars(select(AgendaItem.title).where(AgendaItem.meeting_id == first.id).order_by(AgendaItem.position))
    assert titles == [
        "Introductions and declarations",
        "Terms of reference",
        "Scoping of agencies",
        "Family engagement",
        "Any other business",
    ]
    statuses = db.scalars(select(Attendee.status).where(Attendee.meeting_id == first.id))
    assert statuses.count(AttendanceStatus.APOLOGIES) == 1
    actions = db.scalars(select(MeetingAction).where(MeetingAction.meeting_id == first.id))
    today = london_today()
    assert sorted(("done" if a.done else "overdue" if a.overdue(today) else "open") for a in actions) == [
        "done",
        "open",
        "overdue",
    ]
    assert db.scalar(
        select(func.count())
        .select_from(Meeting)
        .where(Meeting.status == MeetingStatus.PLANNED, Meeting.meeting_on > today)
    )
    assert db.scalar(
        select(func.count())
        .select_from(Meeting)
        .where(Meeting.kind == MeetingKind.PANEL, Meeting.status == MeetingStatus.HELD)
    )
    before = db.scalar(select(func.count()).select_from(Meeting))
    partnership = db.scalar(select(Partnership).where(Partnership.name == PARTNERSHIP_NAME))
    assert db.run(lambda: seed_meetings(_db.session.get(Partnership, partnership.id))) == 0
    db.run(seed_demo)
    assert db.scalar(select(func.count()).select_from(Meeting)) == before

    client = app.test_client()
    start_session_cookie(client, db, db.scalar(select(User).where(User.email == "coordinator@swp.example")))
    for url in (f"/reviews/{first.review_id}/meetings", f"/reviews/{first.review_id}/meetings/{first.id}"):
        response = client.get(url)
        assert response.status_code == 200
        check_page(response.get_data(as_text=True))
