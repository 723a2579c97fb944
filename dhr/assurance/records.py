"""Reading the records: which sign-offs stand, the latest submission and letter, and the clock events they give.

Everything here reads the review's loaded relationships, so lists that eager-load `EAGER` pay no extra queries.
"""

from datetime import date

from sqlalchemy.orm import selectinload

from dhr.assurance.models import QaLetter, SignOff, Submission
from dhr.assurance.stages import CopyRecipient, HoldKind, SubmissionKind
from dhr.clocks.rules import ClockEvent
from dhr.reviews.models import Review

COPY_EVENTS = {
    CopyRecipient.COMMISSIONER: ClockEvent.COMMISSIONER_COPY_SENT,
    CopyRecipient.SECRETARY_OF_STATE: ClockEvent.SECRETARY_OF_STATE_COPY_SENT,
}


def eager_loads() -> list:
    """Loader options for review lists whose clocks read these records (one query per relationship)."""
    return [
        selectinload(Review.csp_sign_offs),
        selectinload(Review.ho_submissions),
        selectinload(Review.report_copies),
        selectinload(Review.qa_letters),
        selectinload(Review.publication),
        selectinload(Review.publication_hold),
    ]


def valid_sign_offs(review) -> list[SignOff]:
    """Sign-offs that still stand, oldest first.

    Sending the report back from CSP sign-off clears Review.signed_off_on (workflow.transition), which voids every
    sign-off recorded so far; the next sign-off stamps them with `voided_on`. So while the review has no sign-off
    date none stands, and afterwards only those never voided.
    """
    if review.signed_off_on is None:
        return []
    return [s for s in review.csp_sign_offs if s.voided_on is None]


def latest_sign_off(review) -> SignOff | None:
    """The sign-off that counts now, if any."""
    standing = valid_sign_offs(review)
    return max(standing, key=lambda s: (s.signed_off_on, s.id), default=None)


def latest_submission(review, kind: SubmissionKind | None = None) -> Submission | None:
    """The most recent submission (of a kind, if given)."""
    rows = [s for s in review.ho_submissions if kind is None or s.kind is kind]
    return max(rows, key=lambda s: (s.sent_on, s.id), default=None)


def latest_letter(review) -> QaLetter | None:
    """The QA panel's most recent letter."""
    return max(review.qa_letters, key=lambda letter: (letter.received_on, letter.id), default=None)


def assurance_events(review) -> list[tuple[ClockEvent, date]]:
    """Clock events these records give: sign-offs, first submissions, copies, QA letters and publication."""
    events = [(ClockEvent.SIGNED_OFF, s.signed_off_on) for s in valid_sign_offs(review)]
    events += [(ClockEvent.SUBMITTED, s.sent_on) for s in review.ho_submissions if s.kind is SubmissionKind.FIRST]
    events += [(COPY_EVENTS[c.recipient], c.sent_on) for c in review.report_copies]
    events += [(ClockEvent.QA_LETTER_RECEIVED, letter.received_on) for letter in review.qa_letters]
    if review.publication is not None:
        events.append((ClockEvent.PUBLISHED, review.publication.published_on))
    hold = review.publication_hold
    if hold is not None and hold.kind is HoldKind.WITHHELD and hold.home_office_agreed_on is not None:
        events.append((ClockEvent.PUBLICATION_WITHHELD, hold.home_office_agreed_on))
    return events


def commissioner_copy_sent_on(review) -> date | None:
    """When a copy of the completed report first went to the Commissioner (a record here, or the correspondence
    register), on or after the sign-off that completed it; None if not yet (what duty D17 checks)."""
    from dhr.correspondence.models import Counterpart, Direction, Subject

    if review.signed_off_on is None:
        return None
    sent = [c.sent_on for c in review.report_copies if c.recipient is CopyRecipient.COMMISSIONER]
    sent += [
        e.occurred_on
        for e in review.correspondence
        if (e.direction, e.counterpart, e.subject) == (Direction.SENT, Counterpart.COMMISSIONER, Subject.REPORT_COPY)
    ]
    return min((on for on in sent if on >= review.signed_off_on), default=None)
