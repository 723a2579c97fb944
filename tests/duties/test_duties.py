"""Occurrences met on time or late with history and audit, the live review duties following the reviews, the
reminder schedule on a frozen date, and the annual report's structure."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from dhr.actions import services as actions
from dhr.actions.models import Action
from dhr.assurance.services import record_report_copy
from dhr.assurance.stages import CopyRecipient, SendMethod
from dhr.audit.models import AuditEvent
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.core.errors import DomainError
from dhr.duties import workflow
from dhr.duties.annual import annual_report_context
from dhr.duties.live import action_plans, commissioner_copies, open_reviews
from dhr.duties.models import Duty, DutyOccurrence, OccurrenceChange
from dhr.duties.reminders import send_duty_reminders
from dhr.duties.stages import OccurrenceStatus
from dhr.extensions import db as _db
from dhr.mail.models import OutboxMessage
from dhr.reports.docx import render
from dhr.reviews.models import Review
from dhr.reviews.stages import ReviewStage
from tests.actions.action_world import build_action_world
from tests.duties.duty_world import build_duty_world
from tests.reports.reading import headings, open_docx, table_rows

OS = OccurrenceStatus


def _occurrence(world, key="A") -> DutyOccurrence:
    return _db.session.get(DutyOccurrence, world["duties"][key]["occurrence"])


def _coordinator(world) -> User:
    return _db.session.get(User, world["users"]["coordinator"].id)


def test_met_by_the_due_date_is_met_after_it_met_late_and_undoing_needs_a_reason(db):
    world = db.run(build_duty_world)

    def record():
        occurrence, actor = _occurrence(world), _coordinator(world)
        workflow.mark_met(occurrence, met_on=occurrence.due_on, actor=actor)
        assert occurrence.status is OS.MET
        with pytest.raises(DomainError, match="Enter the reason"):
            workflow.transition(occurrence, OS.IN_PROGRESS, actor=actor)
        workflow.transition(occurrence, OS.IN_PROGRESS, actor=actor, reason="The return was incomplete")
        assert occurrence.met_on is None
        workflow.mark_met(occurrence, met_on=occurrence.due_on + timedelta(days=1), actor=actor)
        assert occurrence.status is OS.MET_LATE
        with pytest.raises(DomainError, match="today or in the past"):
            workflow.mark_met(_occurrence(world, "B"), met_on=london_today() + timedelta(days=1), actor=actor)
        return occurrence.id

    occurrence_id = db.run(record)
    moves = db.scalars(
        select(OccurrenceChange.to_status)
        .where(OccurrenceChange.occurrence_id == occurrence_id)
        .order_by(OccurrenceChange.id)
    )
    assert moves == [OS.MET, OS.IN_PROGRESS, OS.MET_LATE]
    audited = db.scalars(select(AuditEvent.action).where(AuditEvent.action.like("duty.%")).order_by(AuditEvent.id))
    assert audited[-3:] == ["duty.met", "duty.in_progress", "duty.met_late"]


def test_not_applicable_needs_a_reason_and_an_open_occurrence_past_due_shows_overdue(db):
    world = db.run(build_duty_world)

    def look():
        occurrence, actor = _occurrence(world), _coordinator(world)
        assert workflow.shown_status(occurrence, occurrence.due_on) is OS.NOT_STARTED
        assert workflow.shown_status(occurrence, occurrence.due_on + timedelta(days=1)) is OS.OVERDUE
        with pytest.raises(DomainError, match="Enter the reason"):
            workflow.transition(occurrence, OS.NOT_APPLICABLE, actor=actor)
        workflow.transition(occurrence, OS.NOT_APPLICABLE, actor=actor, reason="No data was collected")
        assert workflow.shown_status(occurrence, occurrence.due_on + timedelta(days=1)) is OS.NOT_APPLICABLE

    db.run(look)


def test_the_live_review_duties_follow_the_reviews(db):
    world = db.run(build_action_world)
    r1_id = world["objects"]["R1"]["review"]

    def state():
        review = _db.session.get(Review, r1_id)
        return (
            [ref for ref, _ in open_reviews(review.partnership_id).rows],
            commissioner_copies(review.partnership_id).status,
            dict(action_plans(review.partnership_id).counts),
        )

    reviews, copies, rag = db.run(state)
    assert len(reviews) == 2
    assert copies is OS.MET  # nothing completed yet, so nothing owed
    assert rag == {"Amber": 3}  # three actions, none started

    def complete_and_close_r1():
        review = _db.session.get(Review, r1_id)
        review.signed_off_on = london_today() - timedelta(days=5)  # set-up only: signed off outside the workflow
        review.stage = ReviewStage.CLOSED

    db.run(complete_and_close_r1)
    reviews, copies, rag = db.run(state)
    assert len(reviews) == 1
    assert copies is OS.OVERDUE  # D17: a completed review with no copy to the Commissioner

    def send_copy_and_finish_an_action():
        review = _db.session.get(Review, r1_id)
        coordinator = _db.session.get(User, world["users"]["coordinator"].id)
        record_report_copy(
            review,
            recipient=CopyRecipient.COMMISSIONER,
            sent_on=london_today(),
            method=SendMethod.EMAIL,
            what_sent="Overview report and action plan",
            notes="",
            actor=coordinator,
        )
        action = _db.session.get(Action, world["actions"]["R1"]["A"])
        actions.supersede(action, reason="Overtaken", actor=coordinator)

    db.run(send_copy_and_finish_an_action)
    reviews, copies, rag = db.run(state)
    assert copies is OS.MET
    assert rag == {"Amber": 2, "Not rated": 1}


def _outbox(db):
    rows = db.scalars(select(OutboxMessage).where(OutboxMessage.category.like("duty%")).order_by(OutboxMessage.id))
    return [(m.category, m.to_address, m.subject) for m in rows]


def test_reminders_before_the_due_date_then_chases_each_once(db):
    world = db.run(build_duty_world)

    def only_one_open():
        """Leave one P1 occurrence open: D08's next one due. The runs are dated around its due date."""
        d08 = _db.session.get(Duty, world["duties"]["A"]["duty"])
        keep = min((o for o in d08.occurrences if o.due_on > london_today()), key=lambda o: o.due_on)
        for duty in _db.session.scalars(select(Duty)):
            for occurrence in duty.occurrences:
                if occurrence.id != keep.id:
                    # set-up only; the database holds a not-applicable occurrence to its reason
                    occurrence.status, occurrence.reason, occurrence.met_on = OS.NOT_APPLICABLE, "Set-up", None
        return keep.id, keep.due_on

    kept, due = db.run(only_one_open)

    def run(days_from_due: int):
        result = send_duty_reminders(due + timedelta(days=days_from_due))
        _db.session.commit()
        return result

    assert db.run(run, -20).due_soon == 0  # more than two weeks ahead
    assert db.run(run, -14).due_soon == 1
    assert db.run(run, -3).due_soon == 0  # sent once
    late = db.run(run, 1)
    assert (late.now_overdue, late.chases) == (1, 1)
    assert db.run(run, 20).chases == 0
    assert db.run(run, 29).chases == 1  # the next four weeks
    coordinator = world["users"]["coordinator"].email
    told = [(category, subject.split(" (")[1]) for category, to, subject in _outbox(db) if to == coordinator]
    assert [category for category, _ in told] == ["duty.reminder_sent"] * 3
    assert [subject.split(") ")[1] for _, subject in told] == ["falls due soon", "is overdue", "is overdue"]
    assert db.scalar(select(DutyOccurrence.status).where(DutyOccurrence.id == kept)) is OS.OVERDUE


def test_the_annual_report_has_its_four_parts_and_every_duty(db):
    world = db.run(build_duty_world)

    def build():
        partnership = _coordinator(world).partnership
        report = annual_report_context(partnership, london_today().year)
        return render(report), [line.code for line in report.duties]

    data, codes = db.run(build)
    document = open_docx(data)
    year = london_today().year
    assert headings(document) == [
        f"1. Statutory duties in {year}",
        f"2. Domestic abuse related death reviews in {year}",
        "3. Recommendations and actions",
        "4. Delivery groups",
    ]
    duties_table = table_rows(document.tables[0])
    assert duties_table[0] == ["Duty", "Title", "Occurrence", "Due", "Status", "Met"]
    assert {row[0] for row in duties_table[1:]} == set(codes)
    assert {"D08", "D16", "D17", "D18"} <= set(codes)
    assert "D05" not in codes
    reviews = dict(tuple(row) for row in table_rows(document.tables[1])[1:])
    assert reviews["Deaths notified"] == "2"
    groups = table_rows(document.tables[-1])
    assert [row[0] for row in groups[1:]] == ["Victim", "Offender", "Location", "CONTEST"]
