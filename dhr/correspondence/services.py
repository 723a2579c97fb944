"""Record correspondence, with an optional checked file."""

from datetime import date

from dhr.audit.services import record
from dhr.correspondence.models import CorrespondenceEntry, Counterpart, Direction, Method, Subject
from dhr.extensions import db
from dhr.files.guard import CheckedUpload
from dhr.files.store import stored_file


def record_correspondence(
    review,
    *,
    occurred_on: date,
    direction: Direction,
    counterpart: Counterpart,
    method: Method,
    subject: Subject,
    summary: str,
    upload: CheckedUpload | None,
    actor,
) -> CorrespondenceEntry:
    """Add an entry to the review's correspondence register."""
    stored = None
    if upload is not None:
        stored = stored_file(upload, partnership_id=review.partnership_id, actor=actor)
        db.session.add(stored)
    entry = CorrespondenceEntry(
        review=review,
        occurred_on=occurred_on,
        direction=direction,
        counterpart=counterpart,
        method=method,
        subject=subject,
        summary=summary,
        file=stored,
        recorded_by_id=actor.id,
    )
    db.session.add(entry)
    db.session.flush()
    way = "to" if direction is Direction.SENT else "from"
    record(
        "correspondence.recorded",
        f"{actor.name} recorded {subject.label.lower()} {way} {counterpart.label}",
        actor=actor,
        obj=entry,
        review_id=review.id,
        partnership_id=review.partnership_id,
        data={
            "direction": direction.value,
            "counterpart": counterpart.value,
            "subject": subject.value,
            "file": stored is not None,
        },
    )
    return entry
