"""Services from sign-off to publication: the rules each enforces, the stage moves they make, and their audit events."""

from datetime import date

import pytest
from sqlalchemy import select

from dhr.assurance import qa, services
from dhr.assurance.models import QaPointChange, SignOff
from dhr.assurance.records import latest_sign_off, valid_sign_offs
from dhr.assurance.stages import PointStatus, QaOutcome, SubmissionKind
from dhr.audit.models import AuditEvent
from dhr.core.errors import DomainError
from dhr.extensions import db as _db
from dhr.reviews import workflow
from dhr.reviews.stages import ReviewStage
from dhr.reviews.workflow import TransitionError
from tests.assurance.conftest import (
    close_points,
    copy_to_commissioner,
    qa_letter,
    sign_off,
    submit,
    walk_to_sign_off,
)

S = ReviewStage


@pytest.fixture
def ctx(app, people):
    """An app context with a review at CSP sign-off; everything is rolled back afterwards."""
    with app.app_context():
        yield {**people, "review": walk_to_sign_off(people), "actor": people["coordinator"]}
        _db.session.rollback()


def _events(action: str) -> list[AuditEvent]:
    return list(_db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def _to_qa_feedback(ctx, outcome=QaOutcome.SUBJECT_TO_CHANGES, **kwargs):
    review, actor = ctx["review"], ctx["actor"]
    sign_off(review, actor)
    submit(review, actor)
    return qa_letter(review, actor, outcome=outcome, **kwargs)


def _to_revisions(ctx):
    letter = _to_qa_feedback(ctx, QaOutcome.RESUBMISSION)
    workflow.transition(ctx["review"], S.REVISIONS, actor=ctx["actor"], effective_on=date(2026, 9, 2))
    return letter


# ---- Sign-off ----


def test_sign_off_completes_the_review_and_is_audited_with_its_minute(ctx):
    review = ctx["review"]
    row = sign_off(review, ctx["actor"], minute="SWP board 10 July 2026, item 5")
    assert (review.signed_off_on, review.signed_off_by) == (date(2026, 7, 10), "Chair of the board, SWP board")
    assert row.minute_reference == "SWP board 10 July 2026, item 5"
    assert latest_sign_off(review) is row
    event = _events("assurance.signed_off")[-1]
    assert "minute SWP board 10 July 2026, item 5" in event.summary
    assert event.review_id == review.id
    assert event.data == {"signed_off_on": "2026-07-10", "completes_review": True}
    assert "CNRY" not in event.summary  # notes stay out of the log


def test_sign_off_needs_the_right_stage_and_a_date_after_reaching_it(ctx):
    review = ctx["review"]
    with pytest.raises(DomainError, match=r"on or after the review reached CSP sign-off \(01/07/2026\)") as error:
        sign_off(review, ctx["actor"], on=date(2026, 6, 30))
    assert error.value.field == "signed_off_on"
    sign_off(review, ctx["actor"])
    submit(review, ctx["actor"])
    with pytest.raises(DomainError, match="this review is at Submitted to the Home Office"):
        sign_off(review, ctx["actor"], on=date(2026, 7, 20))
    assert len(review.csp_sign_offs) == 1


def test_sending_the_report_back_voids_every_sign_off_and_the_next_one_stands_alone(ctx):
    review, actor = ctx["review"], ctx["actor"]
    first = sign_off(review, actor, on=date(2026, 7, 10))
    workflow.transition(review, S.DRAFTING, actor=actor, effective_on=date(2026, 7, 12), reason="Family asked")
    assert valid_sign_offs(review) == []  # void at once, before any new sign-off
    for stage, on in ((S.PANEL_AGREEMENT, 8), (S.FAMILY_SIGHT, 9), (S.CSP_SIGN_OFF, 10)):
        workflow.transition(review, stage, actor=actor, effective_on=date(2026, 8, on))
    second = sign_off(review, actor, on=date(2026, 8, 20), minute="SWP board 20 August 2026, item 3")
    assert (first.voided_on, first.void_reason) == (date(2026, 7, 12), "The report went back for more work")
    assert second.voided_on is None
    assert valid_sign_offs(review) == [second]
    assert review.signed_off_on == date(2026, 8, 20)
    assert _events("assurance.signed_off")[-1].data["completes_review"] is True


def test_signing_off_again_before_submission_replaces_the_earlier_sign_off(ctx):
    review, actor = ctx["review"], ctx["actor"]
    first = sign_off(review, actor, on=date(2026, 7, 10))
    second = sign_off(review, actor, on=date(2026, 7, 24), minute="SWP board 24 July 2026, item 2")
    assert (first.voided_on, first.void_reason) == (date(2026, 7, 24), "Replaced by the sign-off of 24 July 2026")
    assert valid_sign_offs(review) == [second]
    assert review.signed_off_on == date(2026, 7, 24)  # the latest counts
    assert _events("assurance.signed_off")[-1].data["completes_review"] is True


def test_a_sign_off_of_the_revised_report_is_kept_without_moving_the_completion_date(ctx):
    review, actor = ctx["review"], ctx["actor"]
    _to_revisions(ctx)
    again = sign_off(review, actor, on=date(2026, 9, 20), minute="SWP board 20 September 2026, item 2")
    assert review.signed_off_on == date(2026, 7, 10)  # the review was completed by the first sign-off
    assert [s.signed_off_on for s in valid_sign_offs(review)] == [date(2026, 7, 10), date(2026, 9, 20)]
    assert latest_sign_off(review) is again
    assert _events("assurance.signed_off")[-1].data["completes_review"] is False


# ---- Submission ----


def test_recording_the_submission_moves_the_review_to_submitted_on_the_date_sent(ctx):
    review, actor = ctx["review"], ctx["actor"]
    sign_off(review, actor)
    submission = submit(review, actor, on=date(2026, 7, 14))
    assert submission.kind is SubmissionKind.FIRST
    assert review.stage is S.SUBMITTED
    change = review.stage_changes[-1]
    assert (change.from_stage, change.to_stage, change.effective_on) == (S.CSP_SIGN_OFF, S.SUBMITTED, date(2026, 7, 14))
    assert change.reason == "First submission recorded"
    assert _events("assurance.submitted")[-1].data["kind"] == "first"


def test_a_submission_cannot_predate_the_sign_off_or_skip_it(ctx):
    review, actor = ctx["review"], ctx["actor"]
    with pytest.raises(TransitionError, match="without a CSP sign-off record"), _db.session.begin_nested():
        submit(review, actor)  # the existing guard still applies; the savepoint drops the row, as the view would
    assert review.ho_submissions == []
    sign_off(review, actor, on=date(2026, 7, 10))
    with pytest.raises(DomainError, match=r"on or after the CSP sign-off \(10/07/2026\)"):
        submit(review, actor, on=date(2026, 7, 9))
    assert review.stage is S.CSP_SIGN_OFF


def test_a_submission_is_refused_at_other_stages(ctx):
    review, actor = ctx["review"], ctx["actor"]
    _to_qa_feedback(ctx)
    with pytest.raises(DomainError, match="resubmitted from Revisions; this review is at QA feedback"):
        submit(review, actor, on=date(2026, 9, 5))


def test_a_resubmission_follows_the_letter_and_moves_the_review_to_resubmitted(ctx):
    review, actor = ctx["review"], ctx["actor"]
    letter = _to_revisions(ctx)
    close_points(letter, ctx["chair"])
    with pytest.raises(DomainError, match=r"on or after the QA letter was received \(01/09/2026\)"):
        submit(review, actor, on=date(2026, 8, 31))
    resubmission = submit(review, actor, on=date(2026, 10, 1), versions="Overview report v1.1")
    assert resubmission.kind is SubmissionKind.RESUBMISSION
    assert review.stage is S.RESUBMITTED


# ---- Copies ----


def test_the_commissioner_copy_needs_a_sign_off_and_a_date_after_it(ctx):
    review, actor = ctx["review"], ctx["actor"]
    with pytest.raises(DomainError, match="Record the CSP sign-off first"):
        copy_to_commissioner(review, actor)
    sign_off(review, actor, on=date(2026, 7, 10))
    with pytest.raises(DomainError, match=r"on or after the CSP sign-off \(10/07/2026\)"):
        copy_to_commissioner(review, actor, on=date(2026, 7, 1))
    copy = copy_to_commissioner(review, actor, on=date(2026, 7, 11))
    assert review.report_copies == [copy]
    assert review.stage is S.CSP_SIGN_OFF  # a copy does not move the review
    assert _events("assurance.copy_sent")[-1].data == {"recipient": "commissioner", "sent_on": "2026-07-11"}


# ---- QA letters and the response matrix ----


def test_the_qa_letter_splits_its_points_into_the_matrix_and_moves_to_qa_feedback(ctx):
    review = ctx["review"]
    letter = _to_qa_feedback(ctx, received=date(2026, 9, 1))
    assert [(p.number, p.status) for p in letter.points] == [(n, PointStatus.OPEN) for n in (1, 2, 3)]
    assert letter.points[1].text == "Add a tribute agreed with the family."
    assert review.stage is S.QA_FEEDBACK
    assert review.stage_changes[-1].effective_on == date(2026, 9, 1)
    assert review.stage_changes[-1].reason == "QA panel letter: Approved subject to changes"
    assert _events("assurance.qa_letter_recorded")[-1].data["points"] == 3


def test_a_qa_letter_is_refused_before_submission_or_dated_before_it(ctx):
    review, actor = ctx["review"], ctx["actor"]
    with pytest.raises(DomainError, match="after the report is submitted or resubmitted; this review is at CSP"):
        qa_letter(review, actor)
    sign_off(review, actor)
    submit(review, actor, on=date(2026, 7, 14))
    with pytest.raises(DomainError, match=r"on or after the report was submitted \(14/07/2026\)") as error:
        qa_letter(review, actor, panel=date(2026, 7, 13))
    assert error.value.field == "panel_on"


def test_a_letter_that_asks_for_changes_needs_points_but_an_approval_may_have_none(ctx):
    review, actor = ctx["review"], ctx["actor"]
    sign_off(review, actor)
    submit(review, actor)
    with pytest.raises(DomainError, match="Enter the areas for final development") as error:
        qa_letter(review, actor, outcome=QaOutcome.RESUBMISSION, points="  \n ")
    assert error.value.field == "points"
    letter = qa_letter(review, actor, outcome=QaOutcome.APPROVED, points="")
    assert letter.points == []


def test_responses_follow_the_point_workflow_with_history(ctx):
    letter = _to_qa_feedback(ctx)
    point, chair = letter.points[0], ctx["chair"]
    with pytest.raises(DomainError, match="Enter why the partnership does not accept this point") as error:
        qa.respond_to_point(
            point,
            status=PointStatus.NOT_ACCEPTED,
            response="",
            paragraphs_changed="",
            not_accepted_reason="",
            actor=chair,
        )
    assert error.value.field == "not_accepted_reason"
    with pytest.raises(DomainError, match="Enter the response"):
        qa.respond_to_point(
            point, status=PointStatus.ADDRESSED, response="", paragraphs_changed="", not_accepted_reason="", actor=chair
        )
    qa.respond_to_point(
        point,
        status=PointStatus.IN_PROGRESS,
        response="Drafting",
        paragraphs_changed="",
        not_accepted_reason="",
        actor=chair,
    )
    qa.respond_to_point(
        point,
        status=PointStatus.ADDRESSED,
        response="Section 16 rewritten",
        paragraphs_changed="16.2, 16.4",
        not_accepted_reason="",
        actor=chair,
    )
    assert (point.status, point.paragraphs_changed, point.updated_by_id) == (
        PointStatus.ADDRESSED,
        "16.2, 16.4",
        chair.id,
    )
    assert [(c.from_status, c.to_status, c.actor_id) for c in point.changes] == [
        (PointStatus.OPEN, PointStatus.IN_PROGRESS, chair.id),
        (PointStatus.IN_PROGRESS, PointStatus.ADDRESSED, chair.id),
    ]
    with pytest.raises(DomainError, match="cannot go back to open"):
        qa.respond_to_point(
            point, status=PointStatus.OPEN, response="x", paragraphs_changed="", not_accepted_reason="", actor=chair
        )
    event = _events("assurance.qa_point_responded")[-1]
    assert (event.data["from"], event.data["to"]) == ("in_progress", "addressed")
    assert "Section 16" not in event.summary


def test_saving_the_same_response_twice_writes_nothing_new(ctx):
    letter = _to_qa_feedback(ctx)
    point, chair = letter.points[0], ctx["chair"]
    values = {"status": PointStatus.IN_PROGRESS, "response": "A", "paragraphs_changed": "", "not_accepted_reason": ""}
    qa.respond_to_point(point, actor=chair, **values)
    before = len(_events("assurance.qa_point_responded"))
    assert qa.respond_to_point(point, actor=chair, **values) == []
    assert len(_events("assurance.qa_point_responded")) == before
    assert (
        _db.session.scalar(select(QaPointChange.id).where(QaPointChange.point_id == point.id).limit(2).offset(1))
        is None
    )


def test_the_matrix_closes_once_the_review_moves_on(ctx):
    review = ctx["review"]
    letter = _to_qa_feedback(ctx)
    close_points(letter, ctx["chair"])
    assert qa.matrix_open(review, letter)
    workflow.transition(review, S.APPROVED, actor=ctx["actor"], effective_on=date(2026, 9, 10))
    assert not qa.matrix_open(review, letter)
    with pytest.raises(DomainError, match="response matrix is closed"):
        qa.respond_to_point(
            letter.points[0],
            status=PointStatus.IN_PROGRESS,
            response="x",
            paragraphs_changed="",
            not_accepted_reason="",
            actor=ctx["chair"],
        )
    with pytest.raises(DomainError, match="can no longer be changed"):
        qa.update_qa_letter(
            letter,
            actor=ctx["actor"],
            panel_on=letter.panel_on,
            letter_dated_on=letter.letter_dated_on,
            received_on=letter.received_on,
            outcome=QaOutcome.APPROVED,
            positives="",
        )


def test_points_can_still_be_answered_while_the_review_is_paused_in_revisions(ctx):
    from dhr.reviews.stages import PauseReason

    review = ctx["review"]
    letter = _to_revisions(ctx)
    workflow.transition(
        review, S.PAUSED, actor=ctx["actor"], effective_on=date(2026, 9, 3), pause_reason=PauseReason.INQUEST
    )
    assert qa.matrix_open(review, letter)
    assert not qa.letter_editable(review, letter)


def test_points_can_be_added_corrected_and_deleted_until_someone_answers(ctx):
    letter = _to_qa_feedback(ctx)
    actor = ctx["actor"]
    with pytest.raises(DomainError, match="already a point 2") as error:
        qa.add_point(letter, number=2, text="Duplicate", actor=actor)
    assert error.value.field == "number"
    added = qa.add_point(letter, number=4, text="Add a glossary", actor=actor)
    qa.update_point(added, number=5, text="Add a glossary of abbreviations", actor=actor)
    assert [p.number for p in letter.points] == [1, 2, 3, 5]
    qa.respond_to_point(
        letter.points[0],
        status=PointStatus.IN_PROGRESS,
        response="Started",
        paragraphs_changed="",
        not_accepted_reason="",
        actor=actor,
    )
    with pytest.raises(DomainError, match="Point 1 has a response"):
        qa.delete_point(letter.points[0], actor=actor)
    qa.delete_point(added, actor=actor)
    assert [p.number for p in letter.points] == [1, 2, 3]
    assert {e.data["number"] for e in _events("assurance.qa_point_deleted")} == {5}


def test_the_last_point_of_a_letter_that_asks_for_changes_cannot_be_deleted(ctx):
    letter = _to_qa_feedback(ctx, points="Only point")
    with pytest.raises(DomainError, match="must keep at least one development point"):
        qa.delete_point(letter.points[0], actor=ctx["actor"])


def test_the_letter_can_be_corrected_while_at_qa_feedback(ctx):
    letter = _to_qa_feedback(ctx)
    changed = qa.update_qa_letter(
        letter,
        actor=ctx["actor"],
        panel_on=date(2026, 8, 5),
        letter_dated_on=letter.letter_dated_on,
        received_on=letter.received_on,
        outcome=QaOutcome.RESUBMISSION,
        positives="Better words",
    )
    assert changed == ["panel_on", "outcome", "positives"]
    assert _events("assurance.qa_letter_updated")[-1].data["outcome"] == "resubmission_required"


# ---- Publication ----


def _to_approved(ctx):
    letter = _to_qa_feedback(ctx)
    close_points(letter, ctx["chair"])
    workflow.transition(ctx["review"], S.APPROVED, actor=ctx["actor"], effective_on=date(2026, 9, 10))


def _publish(ctx, on=date(2026, 10, 1)):
    return services.record_publication(
        ctx["review"],
        published_on=on,
        web_address="https://www.westminster.gov.uk/dardr/adult-a",
        family_told_on=date(2026, 9, 24),
        library_entry="",
        executive_summary_on=None,
        notes="",
        actor=ctx["actor"],
    )


def test_publication_is_recorded_once_approved_and_moves_the_review(ctx):
    review = ctx["review"]
    with pytest.raises(DomainError, match="once the QA panel has approved it; this review is at CSP sign-off"):
        _publish(ctx)
    _to_approved(ctx)
    with pytest.raises(DomainError, match=r"on or after the approval \(10/09/2026\)"):
        _publish(ctx, on=date(2026, 9, 9))
    publication = _publish(ctx)
    assert review.stage is S.PUBLISHED
    assert review.published_on == date(2026, 10, 1)
    assert review.stage_changes[-1].effective_on == date(2026, 10, 1)
    with pytest.raises(DomainError, match="already recorded"):
        _publish(ctx)
    changed = services.update_publication(
        publication,
        actor=ctx["actor"],
        web_address=publication.web_address,
        family_told_on=publication.family_told_on,
        library_entry="DHR Library 2026/123",
        executive_summary_on=date(2026, 10, 2),
        notes="",
    )
    assert changed == ["library_entry", "executive_summary_on"]
    assert publication.published_on == date(2026, 10, 1)
    assert _events("assurance.publication_updated")[-1].data == {"changed": changed}


def test_sign_off_rows_are_never_shared_between_reviews(ctx, people):
    other = walk_to_sign_off(people)
    sign_off(ctx["review"], ctx["actor"])
    assert other.csp_sign_offs == []
    assert _db.session.scalar(select(SignOff.review_id)) == ctx["review"].id
