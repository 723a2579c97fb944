"""The clock events the correspondence register gives: recording one of these meets the matching clock."""

from datetime import date

from sqlalchemy.orm import selectinload

from dhr.clocks.rules import ClockEvent
from dhr.correspondence.models import Counterpart, Direction, Subject
from dhr.reviews.models import Review

CORRESPONDENCE_EVENTS: dict[tuple[Direction, Counterpart, Subject], ClockEvent] = {
    (Direction.SENT, Counterpart.HOME_OFFICE, Subject.DECISION): ClockEvent.HOME_OFFICE_TOLD_OF_DECISION,
    (Direction.SENT, Counterpart.HOME_OFFICE, Subject.DELAY): ClockEvent.HOME_OFFICE_TOLD_OF_DELAY,
    (Direction.SENT, Counterpart.COMMISSIONER, Subject.REPORT_COPY): ClockEvent.COMMISSIONER_COPY_SENT,
    (Direction.SENT, Counterpart.SECRETARY_OF_STATE, Subject.REPORT_COPY): ClockEvent.SECRETARY_OF_STATE_COPY_SENT,
    (Direction.RECEIVED, Counterpart.HOME_OFFICE, Subject.QA_FEEDBACK): ClockEvent.QA_LETTER_RECEIVED,
}


def correspondence_events(review) -> list[tuple[ClockEvent, date]]:
    """Clock events from the review's correspondence register."""
    found = []
    for entry in review.correspondence:
        if event := CORRESPONDENCE_EVENTS.get((entry.direction, entry.counterpart, entry.subject)):
            found.append((event, entry.occurred_on))
    return found


def eager_loads() -> list:
    """Loader options for review lists whose clocks read the register."""
    return [selectinload(Review.correspondence)]
