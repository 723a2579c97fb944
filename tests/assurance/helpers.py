"""Set-up for tests that move reviews past CSP sign-off: the records each assurance guard looks for."""

from datetime import date, timedelta

from dhr.assurance.models import Publication, PublicationHold, QaLetter, Submission
from dhr.assurance.stages import HoldKind, QaOutcome, SendMethod, SubmissionKind
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.reviews.stages import ReviewStage

S = ReviewStage


def _submission(review, kind: SubmissionKind, on: date) -> Submission:
    row = Submission(review=review, kind=kind, sent_on=on, method=SendMethod.EMAIL, versions_sent="Overview report v1")
    db.session.add(row)
    return row


def _letter(review, outcome: QaOutcome, on: date) -> QaLetter:
    row = QaLetter(review=review, panel_on=on, letter_dated_on=on, received_on=on, outcome=outcome)
    db.session.add(row)
    return row


def meet_assurance_guards(review, target: ReviewStage, on: date | None = None) -> None:
    """Add, directly, the records the guards for `target` need (test set-up only; the app records them through
    dhr.assurance.services)."""
    on = on or london_today() - timedelta(days=30)
    if target is S.SUBMITTED:
        _submission(review, SubmissionKind.FIRST, on)
    elif target is S.QA_FEEDBACK:
        _submission(review, SubmissionKind.FIRST, on)
        _letter(review, QaOutcome.SUBJECT_TO_CHANGES, on)
    elif target is S.APPROVED:
        _letter(review, QaOutcome.APPROVED, on)
    elif target is S.REVISIONS:
        _letter(review, QaOutcome.RESUBMISSION, on)
    elif target is S.RESUBMITTED:
        _letter(review, QaOutcome.RESUBMISSION, on)
        _submission(review, SubmissionKind.RESUBMISSION, on)
    elif target is S.PUBLISHED:
        db.session.add(Publication(review=review, published_on=on, web_address="https://example.org/report"))
    elif target is S.MONITORING and review.stage is S.APPROVED:
        # Straight from approval to monitoring: publication withheld with the Home Office's agreement.
        db.session.add(
            PublicationHold(
                review_id=review.id,
                kind=HoldKind.WITHHELD,
                reason="Publication would identify a surviving child",
                decided_on=on,
                home_office_agreed_on=on,
            )
        )
        db.session.flush()
        db.session.expire(review, ["publication_hold"])
    db.session.flush()
