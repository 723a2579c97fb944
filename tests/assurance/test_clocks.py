"""The clocks read the sign-off and QA records, alongside the correspondence register, without counting twice."""

from datetime import date

import pytest

from dhr.assurance.stages import CopyRecipient, QaOutcome
from dhr.clocks.rules import ClockEvent, ClockState
from dhr.clocks.service import clocks_for, facts_for
from dhr.correspondence.models import Counterpart, Direction, Method, Subject
from dhr.correspondence.services import record_correspondence
from dhr.extensions import db as _db
from dhr.reviews import workflow
from dhr.reviews.stages import ReviewStage
from tests.assurance.conftest import close_points, copy_to_commissioner, qa_letter, sign_off, submit, walk_to_sign_off

S = ReviewStage
E = ClockEvent


@pytest.fixture
def ctx(app, people):
    with app.app_context():
        yield {**people, "review": walk_to_sign_off(people), "actor": people["coordinator"]}
        _db.session.rollback()


def _clock(review, key):
    return next(c for c in clocks_for(review, today=date(2026, 11, 25)) if c.key == key)


def test_each_record_gives_its_clock_event_once(ctx):
    review, actor = ctx["review"], ctx["actor"]
    sign_off(review, actor, on=date(2026, 7, 10))
    submit(review, actor, on=date(2026, 7, 14))
    copy_to_commissioner(review, actor, on=date(2026, 7, 15))
    copy_to_commissioner(review, actor, on=date(2026, 7, 16), recipient=CopyRecipient.SECRETARY_OF_STATE)
    letter = qa_letter(review, actor, received=date(2026, 9, 1))
    close_points(letter, actor)
    workflow.transition(review, S.APPROVED, actor=actor, effective_on=date(2026, 9, 10))
    from dhr.assurance import services

    services.record_publication(
        review,
        published_on=date(2026, 10, 1),
        web_address="https://example.org/report",
        family_told_on=None,
        library_entry="",
        executive_summary_on=None,
        notes="",
        actor=actor,
    )
    events = facts_for(review).events
    # The submission record and its stage change, the publication record and Review.published_on: one date each.
    assert events[E.SIGNED_OFF] == (date(2026, 7, 10),)
    assert events[E.SUBMITTED] == (date(2026, 7, 14),)
    assert events[E.COMMISSIONER_COPY_SENT] == (date(2026, 7, 15),)
    assert events[E.SECRETARY_OF_STATE_COPY_SENT] == (date(2026, 7, 16),)
    assert events[E.QA_LETTER_RECEIVED] == (date(2026, 9, 1),)
    assert events[E.APPROVED] == (date(2026, 9, 10),)
    assert events[E.PUBLISHED] == (date(2026, 10, 1),)


def test_the_commissioner_copy_clock_is_met_by_the_record(ctx):
    review, actor = ctx["review"], ctx["actor"]
    sign_off(review, actor, on=date(2026, 7, 10))
    assert _clock(review, "commissioner_copy").state is ClockState.OVERDUE
    copy_to_commissioner(review, actor, on=date(2026, 7, 20))
    clock = _clock(review, "commissioner_copy")
    assert (clock.state, clock.met_on) == (ClockState.MET_ON_TIME, date(2026, 7, 20))


def test_the_qa_letter_clock_is_met_by_the_letter_and_a_resubmission_does_not_restart_it(ctx):
    review, actor = ctx["review"], ctx["actor"]
    sign_off(review, actor)
    submit(review, actor, on=date(2026, 7, 14))
    letter = qa_letter(review, actor, outcome=QaOutcome.RESUBMISSION, received=date(2026, 9, 1))
    clock = _clock(review, "qa_letter")
    assert (clock.state, clock.started_on, clock.met_on) == (ClockState.MET_LATE, date(2026, 7, 14), date(2026, 9, 1))
    workflow.transition(review, S.REVISIONS, actor=actor, effective_on=date(2026, 9, 2))
    close_points(letter, actor)
    submit(review, actor, on=date(2026, 10, 1))
    assert facts_for(review).events[E.SUBMITTED] == (date(2026, 7, 14),)  # a resubmission is not a first submission


def test_correspondence_still_counts_next_to_the_records(ctx):
    review, actor = ctx["review"], ctx["actor"]
    sign_off(review, actor, on=date(2026, 7, 10))
    record_correspondence(
        review,
        occurred_on=date(2026, 7, 12),
        direction=Direction.SENT,
        counterpart=Counterpart.COMMISSIONER,
        method=Method.EMAIL,
        subject=Subject.REPORT_COPY,
        summary="Copy sent",
        upload=None,
        actor=actor,
    )
    copy_to_commissioner(review, actor, on=date(2026, 7, 12))
    copy_to_commissioner(review, actor, on=date(2026, 7, 30))
    assert facts_for(review).events[E.COMMISSIONER_COPY_SENT] == (date(2026, 7, 12), date(2026, 7, 30))
    assert _clock(review, "commissioner_copy").met_on == date(2026, 7, 12)


def test_a_voided_sign_off_meets_no_clock(ctx):
    review, actor = ctx["review"], ctx["actor"]
    sign_off(review, actor, on=date(2026, 7, 10))
    workflow.transition(review, S.DRAFTING, actor=actor, effective_on=date(2026, 7, 12))
    assert E.SIGNED_OFF not in facts_for(review).events
    assert _clock(review, "completion").state is ClockState.OVERDUE
    for stage, day in ((S.PANEL_AGREEMENT, 1), (S.FAMILY_SIGHT, 2), (S.CSP_SIGN_OFF, 3)):
        workflow.transition(review, stage, actor=actor, effective_on=date(2026, 8, day))
    sign_off(review, actor, on=date(2026, 8, 10))
    assert facts_for(review).events[E.SIGNED_OFF] == (date(2026, 8, 10),)
    assert _clock(review, "completion").met_on == date(2026, 8, 10)


def test_the_duty_check_finds_the_first_copy_after_the_sign_off(ctx):
    from dhr.assurance.records import commissioner_copy_sent_on

    review, actor = ctx["review"], ctx["actor"]
    assert commissioner_copy_sent_on(review) is None
    sign_off(review, actor, on=date(2026, 7, 10))
    copy_to_commissioner(review, actor, on=date(2026, 7, 16), recipient=CopyRecipient.SECRETARY_OF_STATE)
    assert commissioner_copy_sent_on(review) is None
    record_correspondence(
        review,
        occurred_on=date(2026, 7, 18),
        direction=Direction.SENT,
        counterpart=Counterpart.COMMISSIONER,
        method=Method.EMAIL,
        subject=Subject.REPORT_COPY,
        summary="Copy sent",
        upload=None,
        actor=actor,
    )
    _db.session.expire(review, ["correspondence"])
    assert commissioner_copy_sent_on(review) == date(2026, 7, 18)
    copy_to_commissioner(review, actor, on=date(2026, 7, 17))
    assert commissioner_copy_sent_on(review) == date(2026, 7, 17)
