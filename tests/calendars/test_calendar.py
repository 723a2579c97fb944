"""The calendar and its feed: what each person sees (need-to-know as on each page), the month page, and the feed's
address made, read, parsed, revoked and stopped by deactivation."""

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.auth.models import User
from dhr.calendars.entries import Kind, entries_for
from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.permissions import Permission, can
from dhr.reviews.models import Review
from tests.conftest import check_page, csrf_token, start_session_cookie
from tests.meetings.meeting_world import build_meeting_world
from tests.reviews.review_world import deactivate


@pytest.fixture
def world(db, frozen_clock):
    return db.run(build_meeting_world)


def _entries(world, persona: str) -> list:
    today = london_today()
    user = _db.session.get(User, world["users"][persona].id)
    return entries_for(user, today - timedelta(days=30), today + timedelta(days=60), today)


def _as(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def test_the_chair_sees_their_reviews_dates_and_nothing_of_another_review(app, world):
    with app.app_context():
        entries = _entries(world, "chair")
        kinds = {entry.kind for entry in entries}
        assert {Kind.MEETING, Kind.EVIDENCE, Kind.CLOCK} <= kinds
        r1 = _db.session.get(Review, world["objects"]["R1"]["review"]).reference
        r2 = _db.session.get(Review, world["objects"]["R2"]["review"]).reference
        assert all(entry.title.startswith(r1) for entry in entries if entry.kind is not Kind.DUTY)
        assert not [entry for entry in entries if r2 in entry.title]
        assert len([e for e in entries if e.kind is Kind.EVIDENCE]) == 2  # agencies A and B, both requested


def test_a_contributor_sees_only_their_own_agencys_due_date(app, world):
    with app.app_context():
        entries = _entries(world, "contributor_a")
        evidence = [entry for entry in entries if entry.kind is Kind.EVIDENCE]
        assert [entry.uid for entry in evidence] == [f"evidence-{world['evidence']['A']['involvement']}"]
        contributor = _db.session.get(User, world["users"]["contributor_a"].id)
        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        shows_clocks = can(contributor, Permission.VIEW_CLOCKS, review)
        assert any(entry.kind is Kind.CLOCK for entry in entries) is shows_clocks


def test_another_partnership_sees_nothing_of_these_reviews(app, world):
    with app.app_context():
        assert [entry for entry in _entries(world, "other_coordinator") if entry.kind is not Kind.DUTY] == []


def test_no_entry_carries_a_name_or_case_text(app, world):
    with app.app_context():
        for persona in ("chair", "coordinator", "contributor_a", "panel_member"):
            titles = [entry.title for entry in _entries(world, persona)]
            assert not [title for title in titles if "CNRY" in title or "Room 1" in title]


def test_the_month_page_lists_by_day_and_filters(app, db, world):
    chair = _as(app, db, world, "chair")
    page = chair.get("/calendar").get_data(as_text=True)
    check_page(page)
    assert "First panel" in page
    only_meetings = chair.get("/calendar?kind=meeting").get_data(as_text=True)
    assert "evidence due from" not in only_meetings
    later = (london_today().replace(day=1) + timedelta(days=40)).strftime("%Y-%m")
    assert chair.get(f"/calendar?month={later}").status_code == 200
    assert chair.get("/calendar?month=nonsense").status_code == 200


def test_the_feed_is_made_read_parsed_and_stopped(app, db, world):
    chair = _as(app, db, world, "chair")
    made = chair.post("/calendar/feed", data={"csrf_token": csrf_token(chair)}).get_data(as_text=True)
    address = made.split('id="feed-address">')[1].split("<")[0]
    path = address.split("localhost", 1)[1]
    anonymous = app.test_client()
    response = anonymous.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    body = response.get_data(as_text=True)
    assert "CNRY" not in body
    events = list(Calendar.from_ical(response.data).walk("VEVENT"))
    with app.app_context():
        assert len(events) == len(
            entries_for(
                _db.session.get(User, world["users"]["chair"].id),
                london_today() - timedelta(days=90),
                london_today() + timedelta(days=400),
                london_today(),
            )
        )
    assert all(str(event["uid"]).endswith("@dhr-case-manager") for event in events)
    # A new address ends the old one at once.
    chair.post("/calendar/feed", data={"csrf_token": csrf_token(chair)})
    assert anonymous.get(path).status_code == 404
    assert anonymous.get("/calendar/feed/not-a-token.ics").status_code == 404


def test_stopping_the_feed_or_deactivating_the_person_ends_it(app, db, world):
    chair = _as(app, db, world, "deactivated")
    made = chair.post("/calendar/feed", data={"csrf_token": csrf_token(chair)}).get_data(as_text=True)
    path = made.split('id="feed-address">')[1].split("<")[0].split("localhost", 1)[1]
    assert app.test_client().get(path).status_code == 200
    db.run(deactivate, world)
    assert app.test_client().get(path).status_code == 404

    coordinator = _as(app, db, world, "coordinator")
    made = coordinator.post("/calendar/feed", data={"csrf_token": csrf_token(coordinator)}).get_data(as_text=True)
    path = made.split('id="feed-address">')[1].split("<")[0].split("localhost", 1)[1]
    coordinator.post("/calendar/feed/stop", data={"csrf_token": csrf_token(coordinator)})
    assert app.test_client().get(path).status_code == 404
    actions = db.scalars(select(AuditEvent.action))
    assert {"calendar.feed_created", "calendar.feed_stopped"} <= set(actions)


def test_a_meeting_downloads_as_an_ics_invitation(app, db, world):
    chair = _as(app, db, world, "chair")
    review_id, meeting_id = world["objects"]["R1"]["review"], world["objects"]["R1"]["meeting"]
    page = chair.get(f"/reviews/{review_id}/meetings/{meeting_id}").get_data(as_text=True)
    assert f"/calendar/reviews/{review_id}/meetings/{meeting_id}.ics" in page
    response = chair.get(f"/calendar/reviews/{review_id}/meetings/{meeting_id}.ics")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    (event,) = Calendar.from_ical(response.data).walk("VEVENT")
    assert str(event["summary"]).endswith(": First panel meeting")
    assert "Room 1" not in response.get_data(as_text=True)  # the place is case text: it stays in the service


def test_the_month_page_costs_the_same_queries_for_1_or_11_meetings(app, db, world):
    from dhr.meetings.stages import MeetingKind
    from tests.meetings.meeting_world import add_meeting
    from tests.test_query_counts import count_queries

    counts = []
    for extra in (0, 10):

        def more(n=extra):
            review = _db.session.get(Review, world["objects"]["R1"]["review"])
            actor = _db.session.get(User, world["users"]["coordinator"].id)
            for day in range(n):
                add_meeting(review, actor, kind=MeetingKind.PANEL, on=london_today() + timedelta(days=day + 1))

        db.run(more)
        chair = _as(app, db, world, "chair")
        with count_queries(db.connection) as statements:
            assert chair.get("/calendar").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def _clock_entries_worked_out(user, start, end, today) -> set:
    """The clock entries as the engine gives them, review by review, for what the person may see."""
    from dhr.clocks.service import clocks_for, rules_for
    from dhr.reviews.queries import visible_reviews
    from dhr.reviews.stages import TERMINAL

    found = set()
    for review in _db.session.scalars(visible_reviews(user)):
        if review.stage in TERMINAL or not can(user, Permission.VIEW_CLOCKS, review):
            continue
        for clock in clocks_for(review, rules_for(review.partnership), today):
            if clock.is_open and clock.due is not None and start <= clock.due <= end:
                found.add((clock.due, f"{review.reference}: {clock.name}", f"clock-{review.id}-{clock.key}"))
    return found


def test_clock_entries_read_from_the_stored_clocks_are_the_engines_for_every_demo_person(db):
    """Across every demo person and three windows (a paused review's frozen clocks among them)."""
    from dhr.seed import seed_demo

    db.run(seed_demo)

    def compare(days_on: int) -> int:
        today = london_today() + timedelta(days=days_on)
        start, end = today - timedelta(days=40), today + timedelta(days=80)
        compared = 0
        for user in _db.session.scalars(select(User).order_by(User.id)):
            entries = entries_for(user, start, end, today, frozenset({Kind.CLOCK}))
            stored = {(e.on, e.title, e.uid) for e in entries}
            assert stored == _clock_entries_worked_out(user, start, end, today), (user.email, days_on)
            compared += len(stored)
        return compared

    assert sum(db.run(compare, days_on) for days_on in (0, 30, 200)) >= 10
