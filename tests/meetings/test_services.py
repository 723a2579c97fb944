"""Meeting services: the status table and its history, agenda numbering, attendance, actions, queries, audit."""

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.core.errors import DomainError
from dhr.extensions import db as _db
from dhr.meetings import queries, services, workflow
from dhr.meetings.attendance import representation, roster
from dhr.meetings.forms import parse_time
from dhr.meetings.models import AgendaItem, Meeting, MeetingAction, MeetingStatusChange, uk_time
from dhr.meetings.stages import MEETING_TRANSITIONS, AttendanceStatus, AttendeeRole, MeetingKind, MeetingStatus
from dhr.permissions import ReviewRole
from dhr.reviews import services as reviews
from dhr.reviews.models import Review
from tests.meetings.meeting_world import add_meeting
from tests.reviews.review_world import build_review_world, deactivate

S = MeetingStatus
# Written out by hand: planned -> held or cancelled; held -> planned (a correction); cancelled -> planned.
EXPECTED = {(S.PLANNED, S.HELD), (S.PLANNED, S.CANCELLED), (S.HELD, S.PLANNED), (S.CANCELLED, S.PLANNED)}


def test_the_meeting_transition_table():
    assert {(a, b) for a, targets in MEETING_TRANSITIONS.items() for b in targets} == EXPECTED


@pytest.fixture
def world(db, frozen_clock):
    return db.run(build_review_world)


def _review(world, key="R1") -> Review:
    return _db.session.get(Review, world["objects"][key]["review"])


def _actor(world, persona="coordinator") -> User:
    return _db.session.get(User, world["users"][persona].id)


def _actions(meeting_id) -> list[str]:
    return list(
        _db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.data["meeting_id"].as_integer() == meeting_id)
            .order_by(AuditEvent.id)
        )
    )


@pytest.mark.parametrize("source", list(MeetingStatus), ids=lambda s: s.value)
def test_every_pair_goes_through_change_status_with_history_and_audit(app, db, world, source):
    with app.app_context():
        review, actor = _review(world), _actor(world)
        meeting = services.create_meeting(
            review, kind=MeetingKind.PANEL, meeting_on=london_today(), starts_at=None, location="", actor=actor
        )
        for target in MeetingStatus:
            with _db.session.begin_nested() as savepoint:
                meeting.status = source  # test set-up only
                if (source, target) in EXPECTED:
                    change = workflow.change_status(meeting, target, actor=actor, reason="Because")
                    assert meeting.status is target
                    assert (change.from_status, change.to_status, change.reason) == (source, target, "Because")
                    assert _actions(meeting.id)[-1] == f"meeting.{target.value}"
                else:
                    with pytest.raises(DomainError, match="cannot become"):
                        workflow.change_status(meeting, target, actor=actor, reason="Because")
                savepoint.rollback()
        _db.session.rollback()


def test_cancelling_and_undoing_a_held_meeting_need_a_reason(app, db, world):
    with app.app_context():
        review, actor = _review(world), _actor(world)
        meeting = services.create_meeting(
            review, kind=MeetingKind.PANEL, meeting_on=london_today(), starts_at=None, location="", actor=actor
        )
        with pytest.raises(DomainError, match="Enter why the meeting was cancelled") as error:
            workflow.change_status(meeting, S.CANCELLED, actor=actor, reason="  ")
        assert error.value.field == "reason"
        workflow.change_status(meeting, S.HELD, actor=actor)  # holding needs no reason
        with pytest.raises(DomainError, match="did not take place"):
            workflow.change_status(meeting, S.PLANNED, actor=actor)
        workflow.change_status(meeting, S.PLANNED, actor=actor, reason="Recorded against the wrong date")
        history = _db.session.scalars(select(MeetingStatusChange).where(MeetingStatusChange.meeting_id == meeting.id))
        assert [(c.from_status, c.to_status) for c in history] == [(S.PLANNED, S.HELD), (S.HELD, S.PLANNED)]
        _db.session.rollback()


def test_a_meeting_in_the_future_cannot_be_held(app, db, world):
    with app.app_context():
        review, actor = _review(world), _actor(world)
        meeting = services.create_meeting(
            review,
            kind=MeetingKind.PANEL,
            meeting_on=london_today() + timedelta(days=1),
            starts_at=None,
            location="",
            actor=actor,
        )
        with pytest.raises(DomainError, match="in the future"):
            workflow.change_status(meeting, S.HELD, actor=actor)
        assert meeting.status is S.PLANNED
        services.update_meeting(
            meeting, actor=actor, kind=MeetingKind.PANEL, meeting_on=london_today(), starts_at=None, location=""
        )
        workflow.change_status(meeting, S.HELD, actor=actor)
        with pytest.raises(DomainError, match="must be today or in the past"):
            services.update_meeting(
                meeting,
                actor=actor,
                kind=MeetingKind.PANEL,
                meeting_on=london_today() + timedelta(days=3),
                starts_at=None,
                location="",
            )
        _db.session.rollback()


def test_one_first_panel_meeting_per_review_unless_cancelled(app, db, world):
    with app.app_context():
        review, actor = _review(world), _actor(world)
        first = services.create_meeting(
            review, kind=MeetingKind.FIRST_PANEL, meeting_on=london_today(), starts_at=None, location="", actor=actor
        )
        with pytest.raises(DomainError, match="already has a first panel meeting"):
            services.create_meeting(
                review,
                kind=MeetingKind.FIRST_PANEL,
                meeting_on=london_today(),
                starts_at=None,
                location="",
                actor=actor,
            )
        workflow.change_status(first, S.CANCELLED, actor=actor, reason="Chair unwell")
        second = services.create_meeting(
            review, kind=MeetingKind.FIRST_PANEL, meeting_on=london_today(), starts_at=None, location="", actor=actor
        )
        with pytest.raises(DomainError, match="already has a first panel meeting"):
            workflow.change_status(first, S.PLANNED, actor=actor)  # reinstating would make two
        other = _review(world, "R2")
        services.create_meeting(  # another review has its own
            other, kind=MeetingKind.FIRST_PANEL, meeting_on=london_today(), starts_at=None, location="", actor=actor
        )
        assert second.kind is MeetingKind.FIRST_PANEL
        _db.session.rollback()


def test_a_cancelled_meeting_is_read_only_until_reinstated(app, db, world):
    with app.app_context():
        review, actor = _review(world), _actor(world)
        ids = add_meeting(review, actor)
        meeting = _db.session.get(Meeting, ids["meeting"])
        workflow.change_status(meeting, S.CANCELLED, actor=actor, reason="Chair unwell")
        for attempt in (
            lambda: services.save_minutes(meeting, "Text", actor=actor),
            lambda: services.add_agenda_item(meeting, title="More", actor=actor),
            lambda: services.record_attendance(meeting, {}, actor=actor),
        ):
            with pytest.raises(DomainError, match="cancelled"):
                attempt()
        workflow.change_status(meeting, S.PLANNED, actor=actor)
        assert services.save_minutes(meeting, "Text", actor=actor)
        _db.session.rollback()


def test_agenda_items_are_numbered_moved_and_renumbered(app, db, world):
    with app.app_context():
        review, actor = _review(world), _actor(world)
        meeting = services.create_meeting(
            review, kind=MeetingKind.PANEL, meeting_on=london_today(), starts_at=None, location="", actor=actor
        )
        a, b, c = (services.add_agenda_item(meeting, title=t, actor=actor) for t in "ABC")
        assert [i.position for i in (a, b, c)] == [1, 2, 3]
        assert services.move_agenda_item(c, -1, actor=actor)
        assert [i.title for i in meeting.agenda_items] == ["A", "C", "B"]
        assert not services.move_agenda_item(a, -1, actor=actor)  # already first
        assert not services.move_agenda_item(b, 1, actor=actor)  # already last
        action = services.add_action(
            meeting,
            actor=actor,
            description="Do it",
            owner_id=None,
            owner_name="Someone",
            due_on=london_today(),
            agenda_item_id=c.id,
        )
        services.remove_agenda_item(c, actor=actor)
        _db.session.expire_all()
        items = _db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).all()
        assert sorted((i.position, i.title) for i in items) == [(1, "A"), (2, "B")]
        assert _db.session.get(MeetingAction, action.id).agenda_item_id is None  # the action is kept, unlinked
        assert _actions(meeting.id).count("meeting.agenda_item_moved") == 1
        assert "meeting.agenda_item_removed" in _actions(meeting.id)
        _db.session.rollback()


def test_the_attendance_list_has_each_member_once_and_keeps_leavers(app, db, world):
    with app.app_context():
        review, actor = _review(world), _actor(world)
        chair = _actor(world, "chair")
        # The chair is also an observer: listed once, as chair. Contributors are not at the panel table.
        reviews.add_member(review, user=chair, role=ReviewRole.OBSERVER, agency=None, actor=actor)
        deactivate(world)
        meeting = services.create_meeting(
            review, kind=MeetingKind.PANEL, meeting_on=london_today(), starts_at=None, location="", actor=actor
        )
        rows = roster(meeting)
        names = {row.user_id: row for row in rows}
        assert names[chair.id].role is AttendeeRole.CHAIR
        assert len([r for r in rows if r.user_id == chair.id]) == 1
        personas = {p: world["users"][p].id for p in ("author", "panel_member", "observer", "contributor_a")}
        assert {personas["author"], personas["panel_member"], personas["observer"]} <= set(names)
        assert personas["contributor_a"] not in names
        assert world["users"]["deactivated"].id not in names  # a deactivated chair is not expected at the table
        answers = {row.key: AttendanceStatus.PRESENT for row in rows}
        answers[f"user_{personas['observer']}"] = AttendanceStatus.APOLOGIES
        assert services.record_attendance(meeting, answers, actor=actor) == len(rows)
        assert services.record_attendance(meeting, answers, actor=actor) == 0  # nothing changed, nothing written
        panel = next(m for m in review.members if m.role is ReviewRole.PANEL_MEMBER)
        reviews.remove_member(panel, actor=actor)
        _db.session.expire_all()
        meeting = _db.session.get(Meeting, meeting.id)
        left = next(r for r in roster(meeting) if r.user_id == personas["panel_member"])
        assert left.status is AttendanceStatus.PRESENT
        assert left.represents
        assert _actions(meeting.id).count("meeting.attendance_recorded") == 1
        _db.session.rollback()


def test_representation_counts_agencies_of_those_present(app, db, world):
    with app.app_context():
        review, actor = _review(world), _actor(world)
        meeting = services.create_meeting(
            review, kind=MeetingKind.PANEL, meeting_on=london_today(), starts_at=None, location="", actor=actor
        )
        panel_agency = next(m.agency for m in review.members if m.role is ReviewRole.PANEL_MEMBER)
        services.add_guest(
            meeting, name="G1", agency=None, organisation="Charity", status=AttendanceStatus.PRESENT, actor=actor
        )
        services.add_guest(
            meeting, name="G2", agency=None, organisation="charity", status=AttendanceStatus.PRESENT, actor=actor
        )
        services.add_guest(
            meeting, name="G3", agency=None, organisation="Absentee", status=AttendanceStatus.ABSENT, actor=actor
        )
        facts = representation(meeting)
        assert facts.agencies == ["Charity"]  # one organisation, however it is typed
        assert facts.missing_agencies == [panel_agency.name]
        panel_row = next(r for r in roster(meeting) if r.role is AttendeeRole.PANEL_MEMBER)
        services.record_attendance(meeting, {panel_row.key: AttendanceStatus.PRESENT}, actor=actor)
        facts = representation(meeting)
        assert facts.agencies == sorted(["Charity", panel_agency.name], key=str.casefold)
        assert facts.missing_agencies == []
        assert (len(facts.present), len(facts.apologies), len(facts.absent)) == (3, 0, 1)
        _db.session.rollback()


def test_guests_from_another_partnership_agency_are_refused(app, db, world):
    from dhr.agencies.models import Agency

    with app.app_context():
        review, actor = _review(world), _actor(world)
        meeting = services.create_meeting(
            review, kind=MeetingKind.PANEL, meeting_on=london_today(), starts_at=None, location="", actor=actor
        )
        elsewhere = _db.session.get(Agency, world["objects"]["P2"]["agency"])
        with pytest.raises(DomainError, match="partnership's agencies"):
            services.add_guest(
                meeting, name="G", agency=elsewhere, organisation="", status=AttendanceStatus.PRESENT, actor=actor
            )
        member = roster(meeting)[0]
        services.record_attendance(meeting, {member.key: AttendanceStatus.PRESENT}, actor=actor)
        attendee = meeting.attendees[0]
        with pytest.raises(DomainError, match="Only guests"):
            services.remove_guest(attendee, actor=actor)
        _db.session.rollback()


def test_actions_are_ticked_off_reopened_and_audited(app, db, world, frozen_clock):
    with app.app_context():
        review, actor = _review(world), _actor(world)
        ids = add_meeting(review, actor)
        meeting = _db.session.get(Meeting, ids["meeting"])
        action = _db.session.get(MeetingAction, ids["action"])
        today = london_today()
        assert not action.overdue(today)
        assert action.overdue(action.due_on + timedelta(days=1))
        services.complete_action(action, actor=actor)
        assert (action.done_on, action.done_by_id) == (today, actor.id)
        assert not action.overdue(action.due_on + timedelta(days=1))  # done is never overdue
        with pytest.raises(DomainError, match="already done"):
            services.complete_action(action, actor=actor)
        services.reopen_action(action, actor=actor)
        assert action.done_on is None
        assert action.done_by_id is None
        with pytest.raises(DomainError, match="still open"):
            services.reopen_action(action, actor=actor)
        with pytest.raises(DomainError, match="today or in the past"):
            services.complete_action(action, actor=actor, on=today + timedelta(days=1))
        assert _actions(meeting.id)[-2:] == ["meeting.action_done", "meeting.action_reopened"]
        _db.session.rollback()


def test_action_owners_are_members_of_this_review(app, db, world):
    with app.app_context():
        review, actor = _review(world), _actor(world)
        meeting = services.create_meeting(
            review, kind=MeetingKind.PANEL, meeting_on=london_today(), starts_at=None, location="", actor=actor
        )
        fields = {"description": "Do it", "due_on": london_today(), "agenda_item_id": None}
        with pytest.raises(DomainError, match="member of this review") as error:
            services.add_action(
                meeting, actor=actor, owner_id=world["users"]["other_review_chair"].id, owner_name="", **fields
            )
        assert error.value.field == "owner"
        with pytest.raises(DomainError, match="who owns"):
            services.add_action(meeting, actor=actor, owner_id=None, owner_name=" ", **fields)
        other_item = add_meeting(_review(world, "R2"), actor)["item"]
        with pytest.raises(DomainError, match="this meeting's agenda"):
            services.add_action(
                meeting, actor=actor, owner_id=None, owner_name="X", **{**fields, "agenda_item_id": other_item}
            )
        owned = services.add_action(meeting, actor=actor, owner_id=world["users"]["chair"].id, owner_name="X", **fields)
        assert owned.owner_name == ""  # a member owner needs no typed name
        _db.session.rollback()


def test_queries_for_other_modules(app, db, world):
    with app.app_context():
        review, actor = _review(world), _actor(world)
        today = london_today()
        assert queries.first_panel_meeting_on(review) is None
        assert queries.meetings_for(review) == []

        def meeting(kind, days_ago, starts=None, status=S.HELD):
            m = services.create_meeting(
                review,
                kind=kind,
                meeting_on=today - timedelta(days=days_ago),
                starts_at=starts,
                location="",
                actor=actor,
            )
            services.add_agenda_item(m, title="Item", actor=actor)
            if status is not S.PLANNED:
                workflow.change_status(m, status, actor=actor, reason="r")
            return m

        scoping = meeting(MeetingKind.SCOPING, 40)
        first = meeting(MeetingKind.FIRST_PANEL, 30, time(14))
        same_day = meeting(MeetingKind.FAMILY, 30, time(9))
        meeting(MeetingKind.PANEL, 20, status=S.CANCELLED)
        later = meeting(MeetingKind.PANEL, 10)
        meeting(MeetingKind.PANEL, -5, status=S.PLANNED)
        _db.session.commit()
        _db.session.expire_all()
        held = queries.meetings_for(review)
        assert [m.id for m in held] == [scoping.id, same_day.id, first.id, later.id]
        assert all("agenda_items" in m.__dict__ and "attendees" in m.__dict__ for m in held)
        assert queries.first_panel_meeting_on(review) == today - timedelta(days=30)
        assert queries.panel_meeting_dates(review) == [today - timedelta(days=30), today - timedelta(days=10)]
        assert queries.first_panel_meeting_on(_review(world, "R2")) is None


def test_open_actions_put_overdue_first_then_by_due_date(app, db, world):
    with app.app_context():
        review, actor = _review(world), _actor(world)
        today = london_today()
        meeting = services.create_meeting(
            review, kind=MeetingKind.PANEL, meeting_on=today, starts_at=None, location="", actor=actor
        )
        due = {name: today + timedelta(days=offset) for name, offset in (("soon", 2), ("late", -9), ("later", 30))}
        made = {
            name: services.add_action(
                meeting, actor=actor, description=name, owner_id=None, owner_name="X", due_on=on, agenda_item_id=None
            )
            for name, on in due.items()
        }
        done = services.add_action(
            meeting, actor=actor, description="done", owner_id=None, owner_name="X", due_on=today, agenda_item_id=None
        )
        services.complete_action(done, actor=actor)
        add_meeting(_review(world, "R2"), actor)  # another review's action is not listed
        assert [a.description for a in queries.open_actions(review)] == ["late", "soon", "later"]
        assert made["late"].overdue(today)
        _db.session.rollback()


def test_audit_summaries_carry_no_free_text(app, db, world):
    with app.app_context():
        review, actor = _review(world), _actor(world)
        meeting = services.create_meeting(
            review, kind=MeetingKind.FAMILY, meeting_on=london_today(), starts_at=None, location="", actor=actor
        )
        item = services.add_agenda_item(meeting, title="CNRY-TITLE", notes="CNRY-NOTES", actor=actor)
        services.update_agenda_item(item, actor=actor, title="CNRY-TITLE", presenter="", notes="x", decisions="CNRY-D")
        services.save_minutes(meeting, "CNRY-MINUTES", actor=actor)
        services.add_guest(
            meeting,
            name="CNRY-GUEST",
            agency=None,
            organisation="CNRY-ORG",
            status=AttendanceStatus.PRESENT,
            actor=actor,
        )
        services.add_action(
            meeting,
            actor=actor,
            description="CNRY-ACTION",
            owner_id=None,
            owner_name="CNRY-OWNER",
            due_on=london_today(),
            agenda_item_id=None,
        )
        events = _db.session.scalars(select(AuditEvent).where(AuditEvent.review_id == review.id)).all()
        text = " ".join(f"{e.summary} {e.data}" for e in events)
        assert "family meeting with the panel" in text
        assert "CNRY" not in text
        _db.session.rollback()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:00", time(10)),
        ("14.30", time(14, 30)),
        ("2pm", time(14)),
        ("2:30 PM", time(14, 30)),
        ("12am", time(0)),
        ("noon", time(12)),
        ("", None),
    ],
)
def test_start_times_people_type(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["10", "25:00", "13pm", "10:75", "ten", "10:00:00"])
def test_start_times_that_are_refused(text):
    with pytest.raises(ValueError, match="like 10:00"):
        parse_time(text)


def test_times_shown_in_gov_uk_style():
    assert [uk_time(t) for t in (time(10), time(14, 30), time(12), time(0, 5))] == [
        "10am",
        "2:30pm",
        "midday",
        "12:05am",
    ]
