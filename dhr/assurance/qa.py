"""QA letters and the response matrix: record a letter (the review moves to QA feedback), correct it and its
points, and answer each point. Each verb takes an explicit actor, writes an audit event and flushes."""

from datetime import date

from dhr.assurance.models import QaLetter, QaPoint
from dhr.assurance.points import PointsError, split_points
from dhr.assurance.records import latest_letter, latest_submission
from dhr.assurance.services import AssuranceError, on_or_after
from dhr.assurance.stages import PointStatus, QaOutcome
from dhr.assurance.workflow import move_point
from dhr.audit.services import record
from dhr.core.models import apply_changes
from dhr.extensions import db
from dhr.reviews import workflow
from dhr.reviews.stages import ReviewStage

S = ReviewStage
LETTER_STAGES = (S.SUBMITTED, S.RESUBMITTED)
MATRIX_STAGES = (S.QA_FEEDBACK, S.REVISIONS)
LETTER_FIELDS = ("panel_on", "letter_dated_on", "received_on", "outcome", "positives")


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
    on_or_after(panel_on, submission.sent_on if submission else None, "panel_on", "the report was submitted")


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
    record(
        "assurance.qa_letter_recorded",
        f"{actor.name} recorded the QA panel's letter: {outcome.label}, {len(parsed)} development points",
        actor=actor,
        added=letter,
        review=review,
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
        record(
            "assurance.qa_letter_updated",
            f"{actor.name} changed the QA letter of {letter.letter_dated_on:%d/%m/%Y}",
            actor=actor,
            obj=letter,
            review=review,
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
    record(
        "assurance.qa_point_added",
        f"{actor.name} added development point {number}",
        actor=actor,
        added=point,
        review=letter.review,
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
        record(
            "assurance.qa_point_updated",
            f"{actor.name} corrected development point {number}",
            actor=actor,
            obj=point,
            review=letter.review,
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
    record(
        "assurance.qa_point_deleted",
        f"{actor.name} deleted development point {point.number}",
        actor=actor,
        obj=letter,
        review=letter.review,
        data={"letter_id": letter.id, "number": point.number},
    )
    db.session.flush()


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
        record(
            "assurance.qa_point_responded",
            f"{actor.name} responded to development point {point.number} ({point.status.label})",
            actor=actor,
            obj=point,
            review=letter.review,
            data={"letter_id": letter.id, "changed": changed, "from": before.value, "to": point.status.value},
        )
    db.session.flush()
    return changed
