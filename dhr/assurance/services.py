"""Verbs from CSP sign-off to publication. Each takes an explicit actor, writes an audit event and flushes.

Recording a submission, a QA letter or the publication also moves the review through workflow.transition() in the
same transaction; the view commits once, or rolls back and shows the guard's message on the form.
"""

from datetime import date

from dhr.assurance.models import Publication, QaLetter, QaPoint, QaPointChange, ReportCopy, SignOff, Submission
from dhr.assurance.points import PointsError, split_points
from dhr.assurance.records import latest_letter, latest_submission
from dhr.assurance.stages import (
    POINT_TRANSITIONS,
    CopyRecipient,
    PointStatus,
    QaOutcome,
    SendMethod,
    SubmissionKind,
)
from dhr.audit.services import record
from dhr.core.models import apply_changes
from dhr.extensions import db
from dhr.reviews import workflow
from dhr.reviews.stages import ReviewStage

S = ReviewStage
SIGN_OFF_STAGES = (S.CSP_SIGN_OFF, S.REVISIONS)
LETTER_STAGES = (S.SUBMITTED, S.RESUBMITTED)
MATRIX_STAGES = (S.QA_FEEDBACK, S.REVISIONS)
AFTER_PUBLICATION = (S.PUBLISHED, S.MONITORING, S.CLOSED)
SENT_BACK = "The report went back for more work"
LETTER_FIELDS = ("panel_on", "letter_dated_on", "received_on", "outcome", "positives")
PUBLICATION_FIELDS = ("web_address", "family_told_on", "library_entry", "executive_summary_on", "notes")


class AssuranceError(Exception):
    """A rule was broken; the message is fit to show the user, on `field` when the form has one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _audit(action: str, summary: str, review, *, actor, obj=None, data=None) -> None:
    record(
        action,
        summary,
        actor=actor,
        obj=obj,
        review_id=review.id,
        partnership_id=review.partnership_id,
        data=data or {},
    )


def _on_or_after(value: date, floor: date | None, field: str, what: str) -> None:
    if floor is not None and value < floor:
        raise AssuranceError(f"The date must be on or after {what} ({floor:%d/%m/%Y})", field)


def _last_sent_back(review) -> date | None:
    """When the report last went back from CSP sign-off to drafting (which voids every sign-off so far)."""
    return max(
        (c.effective_on for c in review.stage_changes if (c.from_stage, c.to_stage) == (S.CSP_SIGN_OFF, S.DRAFTING)),
        default=None,
    )


def record_sign_off(
    review, *, signed_off_on: date, signed_off_by: str, body: str, minute_reference: str, notes: str, actor
) -> SignOff:
    """Record the CSP's sign-off of the report and action plan: at CSP sign-off, or again after revisions.

    The sign-off that stands at CSP sign-off completes the review: it becomes Review.signed_off_on/by, which the
    completion clock, the statistics and the submission guard read. Signing off again before submission replaces it
    (the latest counts). A sign-off of the revised report, at Revisions, is kept beside it and completes nothing.
    """
    if review.stage not in SIGN_OFF_STAGES:
        raise AssuranceError(
            f"Sign-off can be recorded at CSP sign-off, or again at Revisions; this review is at {review.stage.label}",
            "signed_off_on",
        )
    _on_or_after(
        signed_off_on,
        workflow.entered_on(review, review.stage),
        "signed_off_on",
        f"the review reached {review.stage.label}",
    )
    standing = [s for s in review.csp_sign_offs if s.voided_on is None]
    if review.signed_off_on is None:
        # Every earlier sign-off was of a draft that went back for more work: mark them void now.
        sent_back = _last_sent_back(review)
        for earlier in standing:
            earlier.voided_on, earlier.void_reason = sent_back or earlier.signed_off_on, SENT_BACK
    elif review.stage is S.CSP_SIGN_OFF:
        for earlier in standing:
            earlier.voided_on = signed_off_on
            earlier.void_reason = f"Replaced by the sign-off of {signed_off_on.day} {signed_off_on:%B %Y}"
    sign_off = SignOff(
        review=review,
        signed_off_on=signed_off_on,
        signed_off_by=signed_off_by,
        body=body,
        minute_reference=minute_reference,
        notes=notes,
        recorded_by_id=actor.id,
    )
    db.session.add(sign_off)
    completes = review.signed_off_on is None or review.stage is S.CSP_SIGN_OFF
    if completes:
        review.signed_off_on, review.signed_off_by, review.sign_off_notes = signed_off_on, sign_off.who[:200], notes
    db.session.flush()
    _audit(
        "assurance.signed_off",
        f"{actor.name} recorded CSP sign-off by {sign_off.who} (minute {minute_reference})",
        review,
        actor=actor,
        obj=sign_off,
        data={"signed_off_on": signed_off_on.isoformat(), "completes_review": completes},
    )
    return sign_off


def record_submission(
    review, *, sent_on: date, method: SendMethod, versions_sent: str, notes: str, actor
) -> Submission:
    """Record the report sent to the Home Office and move the review to Submitted (or Resubmitted)."""
    if review.stage is S.CSP_SIGN_OFF:
        kind, target = SubmissionKind.FIRST, S.SUBMITTED
        _on_or_after(sent_on, review.signed_off_on, "sent_on", "the CSP sign-off")
    elif review.stage is S.REVISIONS:
        kind, target = SubmissionKind.RESUBMISSION, S.RESUBMITTED
        letter = latest_letter(review)
        _on_or_after(sent_on, letter.received_on if letter else None, "sent_on", "the QA letter was received")
    else:
        raise AssuranceError(
            "The report is submitted from CSP sign-off, and resubmitted from Revisions; "
            f"this review is at {review.stage.label}",
            "sent_on",
        )
    submission = Submission(
        review=review,
        kind=kind,
        sent_on=sent_on,
        method=method,
        versions_sent=versions_sent,
        notes=notes,
        recorded_by_id=actor.id,
    )
    db.session.add(submission)
    db.session.flush()
    _audit(
        "assurance.submitted",
        f"{actor.name} recorded the {kind.label.lower()} to the Home Office",
        review,
        actor=actor,
        obj=submission,
        data={"kind": kind.value, "sent_on": sent_on.isoformat(), "method": method.value},
    )
    workflow.transition(review, target, actor=actor, effective_on=sent_on, reason=f"{kind.label} recorded")
    return submission


def record_report_copy(
    review, *, recipient: CopyRecipient, sent_on: date, method: SendMethod, what_sent: str, notes: str, actor
) -> ReportCopy:
    """Record a copy of the completed report sent to the Domestic Abuse Commissioner (or Secretary of State)."""
    if review.signed_off_on is None:
        raise AssuranceError("Record the CSP sign-off first: the copy is of the completed report", "sent_on")
    _on_or_after(sent_on, review.signed_off_on, "sent_on", "the CSP sign-off")
    copy = ReportCopy(
        review=review,
        recipient=recipient,
        sent_on=sent_on,
        method=method,
        what_sent=what_sent,
        notes=notes,
        recorded_by_id=actor.id,
    )
    db.session.add(copy)
    db.session.flush()
    _audit(
        "assurance.copy_sent",
        f"{actor.name} recorded the copy of the report sent to the {recipient.label}",
        review,
        actor=actor,
        obj=copy,
        data={"recipient": recipient.value, "sent_on": sent_on.isoformat()},
    )
    return copy


def letter_editable(review, letter: QaLetter) -> bool:
    """The letter's dates and outcome can change while it is the latest and the review is still at QA feedback."""
    return review.stage is S.QA_FEEDBACK and latest_letter(review) is letter


def matrix_open(review, letter: QaLetter) -> bool:
    """Points can be answered (and corrected) while the letter is the latest and the review is at QA feedback or
    Revisions, or paused there; once it is resubmitted or approved the matrix is what was sent, and stays as it was."""
    stage = review.paused_from_stage if review.stage is S.PAUSED else review.stage
    return stage in MATRIX_STAGES and latest_letter(review) is letter


def _check_letter_dates(review, panel_on: date) -> None:
    submission = latest_submission(review)
    _on_or_after(panel_on, submission.sent_on if submission else None, "panel_on", "the report was submitted")


def record_qa_letter(
    review,
    *,
    panel_on: date,
    letter_dated_on: date,
    received_on: date,
    outcome: QaOutcome,
    positives: str,
    points_text: str,
    actor,
) -> QaLetter:
    """Record the QA panel's letter with its numbered development points, and move the review to QA feedback."""
    if review.stage not in LETTER_STAGES:
        raise AssuranceError(
            f"A QA letter is recorded after the report is submitted or resubmitted; this review is at "
            f"{review.stage.label}",
            "received_on",
        )
    _check_letter_dates(review, panel_on)
    try:
        parsed = split_points(points_text)
    except PointsError as error:
        raise AssuranceError(str(error), "points") from error
    if outcome is not QaOutcome.APPROVED and not parsed:
        raise AssuranceError("Enter the areas for final development: this letter asks for changes", "points")
    letter = QaLetter(
        review=review,
        panel_on=panel_on,
        letter_dated_on=letter_dated_on,
        received_on=received_on,
        outcome=outcome,
        positives=positives,
        recorded_by_id=actor.id,
    )
    letter.points = [QaPoint(number=p.number, text=p.text, updated_by_id=actor.id) for p in parsed]
    db.session.add(letter)
    db.session.flush()
    _audit(
        "assurance.qa_letter_recorded",
        f"{actor.name} recorded the QA panel's letter: {outcome.label}, {len(parsed)} development points",
        review,
        actor=actor,
        obj=letter,
        data={"outcome": outcome.value, "received_on": received_on.isoformat(), "points": len(parsed)},
    )
    workflow.transition(
        review, S.QA_FEEDBACK, actor=actor, effective_on=received_on, reason=f"QA panel letter: {outcome.label}"
    )
    return letter


def update_qa_letter(letter: QaLetter, *, actor, **fields) -> list[str]:
    """Correct the letter's dates, outcome or positives while it is still open."""
    review = letter.review
    if not letter_editable(review, letter):
        raise AssuranceError("This letter can no longer be changed: the review has moved on from QA feedback")
    _check_letter_dates(review, fields["panel_on"])
    if fields["outcome"] is not QaOutcome.APPROVED and not letter.points:
        raise AssuranceError("Add the development points first: this outcome asks for changes", "outcome")
    changed = apply_changes(letter, fields, LETTER_FIELDS)
    if changed:
        _audit(
            "assurance.qa_letter_updated",
            f"{actor.name} changed the QA letter of {letter.letter_dated_on:%d/%m/%Y}",
            review,
            actor=actor,
            obj=letter,
            data={"changed": changed, "outcome": letter.outcome.value},
        )
    db.session.flush()
    return changed


def _check_matrix_open(letter: QaLetter) -> None:
    if not matrix_open(letter.review, letter):
        raise AssuranceError(
            "This letter's response matrix is closed: the review has been resubmitted or approved since"
        )


def _check_number(letter: QaLetter, number: int, point: QaPoint | None = None) -> None:
    if any(p.number == number and p is not point for p in letter.points):
        raise AssuranceError(f"There is already a point {number} in this letter", "number")


def add_point(letter: QaLetter, *, number: int, text: str, actor) -> QaPoint:
    """Add a development point the first entry missed."""
    _check_matrix_open(letter)
    _check_number(letter, number)
    point = QaPoint(letter=letter, number=number, text=text, updated_by_id=actor.id)
    db.session.add(point)
    db.session.flush()
    _audit(
        "assurance.qa_point_added",
        f"{actor.name} added development point {number}",
        letter.review,
        actor=actor,
        obj=point,
        data={"letter_id": letter.id, "number": number},
    )
    return point


def update_point(point: QaPoint, *, number: int, text: str, actor) -> list[str]:
    """Correct a point's number or wording (as the letter has it)."""
    letter = point.letter
    _check_matrix_open(letter)
    _check_number(letter, number, point)
    changed = apply_changes(point, {"number": number, "text": text}, ("number", "text"))
    if changed:
        point.updated_by_id = actor.id
        _audit(
            "assurance.qa_point_updated",
            f"{actor.name} corrected development point {number}",
            letter.review,
            actor=actor,
            obj=point,
            data={"letter_id": letter.id, "changed": changed},
        )
    db.session.flush()
    return changed


def delete_point(point: QaPoint, *, actor) -> None:
    """Remove a point entered by mistake; only one nobody has answered yet."""
    letter = point.letter
    _check_matrix_open(letter)
    if point.status is not PointStatus.OPEN or point.response or point.changes:
        raise AssuranceError(f"Point {point.number} has a response, so it cannot be deleted")
    if len(letter.points) == 1 and letter.outcome is not QaOutcome.APPROVED:
        raise AssuranceError("This letter asks for changes, so it must keep at least one development point")
    letter.points.remove(point)
    _audit(
        "assurance.qa_point_deleted",
        f"{actor.name} deleted development point {point.number}",
        letter.review,
        actor=actor,
        obj=letter,
        data={"letter_id": letter.id, "number": point.number},
    )
    db.session.flush()


def move_point(point: QaPoint, target: PointStatus, *, actor) -> QaPointChange | None:
    """The one way a point's status changes: checks POINT_TRANSITIONS and writes a history row."""
    if target is point.status:
        return None
    if target not in POINT_TRANSITIONS[point.status]:
        raise AssuranceError(
            f"A point that is {point.status.label.lower()} cannot go back to {target.label.lower()}", "status"
        )
    change = QaPointChange(point=point, from_status=point.status, to_status=target, actor_id=actor.id)
    db.session.add(change)
    point.status = target
    return change


def respond_to_point(
    point: QaPoint, *, status: PointStatus, response: str, paragraphs_changed: str, not_accepted_reason: str, actor
) -> list[str]:
    """Write the partnership's response to one point: what changed, where, and whether it is done."""
    letter = point.letter
    _check_matrix_open(letter)
    if status is PointStatus.NOT_ACCEPTED and not not_accepted_reason:
        raise AssuranceError("Enter why the partnership does not accept this point", "not_accepted_reason")
    if status is PointStatus.ADDRESSED and not response:
        raise AssuranceError("Enter the response: what was changed to address the point", "response")
    before = point.status
    changed = apply_changes(
        point,
        {"response": response, "paragraphs_changed": paragraphs_changed, "not_accepted_reason": not_accepted_reason},
        ("response", "paragraphs_changed", "not_accepted_reason"),
    )
    if move_point(point, status, actor=actor):
        changed.append("status")
    if changed:
        point.updated_by_id = actor.id
        # Field names and statuses only: responses quote the report, which is case material.
        _audit(
            "assurance.qa_point_responded",
            f"{actor.name} responded to development point {point.number} ({point.status.label})",
            letter.review,
            actor=actor,
            obj=point,
            data={"letter_id": letter.id, "changed": changed, "from": before.value, "to": point.status.value},
        )
    db.session.flush()
    return changed


def record_publication(
    review,
    *,
    published_on: date,
    web_address: str,
    family_told_on: date | None,
    library_entry: str,
    executive_summary_on: date | None,
    notes: str,
    actor,
) -> Publication:
    """Record where and when the approved report was published, and move the review to Published."""
    if review.publication is not None:
        raise AssuranceError("The publication is already recorded: change it instead", "published_on")
    if review.stage is not S.APPROVED:
        raise AssuranceError(
            f"The report is published once the QA panel has approved it; this review is at {review.stage.label}",
            "published_on",
        )
    _on_or_after(published_on, workflow.entered_on(review, S.APPROVED), "published_on", "the approval")
    publication = Publication(
        review=review,
        published_on=published_on,
        web_address=web_address,
        family_told_on=family_told_on,
        library_entry=library_entry,
        executive_summary_on=executive_summary_on,
        notes=notes,
        recorded_by_id=actor.id,
    )
    db.session.add(publication)
    db.session.flush()
    _audit(
        "assurance.published",
        f"{actor.name} recorded the publication of {review.reference}",
        review,
        actor=actor,
        obj=publication,
        data={"published_on": published_on.isoformat(), "family_told": family_told_on is not None},
    )
    workflow.transition(review, S.PUBLISHED, actor=actor, effective_on=published_on, reason="Publication recorded")
    return publication


def update_publication(publication: Publication, *, actor, **fields) -> list[str]:
    """Add what came later (the Home Office library entry, the executive summary) or correct the details.

    The publication date is fixed: the review's stage history and clocks are dated by it.
    """
    review = publication.review
    changed = apply_changes(publication, fields, PUBLICATION_FIELDS)
    if changed:
        _audit(
            "assurance.publication_updated",
            f"{actor.name} changed the publication details of {review.reference}",
            review,
            actor=actor,
            obj=publication,
            data={"changed": changed},
        )
    db.session.flush()
    return changed
