"""Workflow guards from submission to publication. Each returns what is missing, in words a coordinator can act on."""

from dhr.assurance.records import latest_letter, latest_submission
from dhr.assurance.stages import QaOutcome, SubmissionKind
from dhr.reviews.stages import ReviewStage

S = ReviewStage
WHERE = "on the Sign-off and QA page"


def _open_points_message(letter, before: str) -> str | None:
    remaining = len(letter.open_points)
    if not remaining:
        return None
    points = "point is" if remaining == 1 else "points are"
    return (
        f"{remaining} development {points} still open: mark each one addressed or not accepted (with a reason) "
        f"before {before}"
    )


def submission_recorded(review) -> str | None:
    """Submitted follows the recorded submission."""
    if latest_submission(review, SubmissionKind.FIRST) is None:
        return f"Record the submission to the Home Office (the date and the versions sent) {WHERE}"
    return None


def letter_about_latest_submission(review) -> str | None:
    """QA feedback follows the panel's letter about the latest submission."""
    letter, submission = latest_letter(review), latest_submission(review)
    if letter is None:
        return f"Record the QA panel's letter {WHERE} before moving to QA feedback"
    if submission is not None and letter.letter_dated_on < submission.sent_on:
        return (
            f"The latest QA letter ({letter.letter_dated_on:%d/%m/%Y}) is dated before the latest submission "
            f"({submission.sent_on:%d/%m/%Y}): record the letter about that submission"
        )
    return None


def letter_approves(review) -> str | None:
    """Approval follows a letter that approves (with every point answered when it is subject to changes)."""
    letter, submission = latest_letter(review), latest_submission(review)
    if letter is None:
        return f"Record the QA panel's letter {WHERE} before approval"
    if submission is not None and letter.letter_dated_on < submission.sent_on:
        return "The review was resubmitted after the latest QA letter: record the panel's letter about the resubmission"
    if not letter.outcome.approves:
        return "The QA panel asked for resubmission: the review can be approved only when a later letter approves it"
    if letter.outcome is QaOutcome.SUBJECT_TO_CHANGES:
        return _open_points_message(letter, "approval")
    return None


def letter_asks_for_resubmission(review) -> str | None:
    """Revisions follow a letter that asks for resubmission."""
    letter = latest_letter(review)
    if letter is None or letter.outcome is not QaOutcome.RESUBMISSION:
        return "Revisions follow a QA letter that asks for resubmission; the latest letter does not"
    return None


def points_answered_and_resubmission_recorded(review) -> str | None:
    """Resubmission follows answered points and the recorded resubmission."""
    letter = latest_letter(review)
    if letter is not None and (message := _open_points_message(letter, "resubmission")):
        return message
    resubmission = latest_submission(review, SubmissionKind.RESUBMISSION)
    if resubmission is None or (letter is not None and resubmission.sent_on < letter.received_on):
        return f"Record the resubmission to the Home Office (the date and the versions sent) {WHERE}"
    return None


def publication_recorded(review) -> str | None:
    """Published follows the recorded publication."""
    if review.publication is None:
        return f"Record the publication (date, web address and when the family was told) {WHERE}"
    return None


def published_or_withheld(review) -> str | None:
    """Monitoring follows publication, or, from Approved, a publication withheld with the Home Office's agreement."""
    from dhr.assurance.stages import HoldKind

    if review.stage is not S.APPROVED:
        return None
    hold = review.publication_hold
    if hold is not None and hold.kind is HoldKind.WITHHELD:
        return None
    return "Record the publication, or that the Home Office agreed to withhold it, before monitoring the action plan"
