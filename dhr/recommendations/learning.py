"""Spreading a review's learning (domain.md S19): learning events, 7-minute briefings, training and newsletters."""

from datetime import date

from sqlalchemy import select

from dhr.audit.services import record
from dhr.extensions import db
from dhr.recommendations.models import LearningEvent
from dhr.recommendations.scopes import LearningKind


def learning_events_of(review) -> list[LearningEvent]:
    """The review's learning events, latest first."""
    return list(
        db.session.scalars(
            select(LearningEvent)
            .where(LearningEvent.review_id == review.id)
            .order_by(LearningEvent.held_on.desc(), LearningEvent.id.desc())
        )
    )


def record_learning_event(
    review, *, kind: LearningKind, held_on: date, audience: str, reached: int | None, notes: str, actor
) -> LearningEvent:
    """Record how the review's learning was spread."""
    from dhr.recommendations.services import RecommendationError

    if held_on < review.notified_on:
        raise RecommendationError("The date must be on or after the date the partnership was notified", "held_on")
    if not audience.strip():
        raise RecommendationError("Enter who it was for", "audience")
    event = LearningEvent(
        review_id=review.id,
        kind=kind,
        held_on=held_on,
        audience=audience.strip(),
        reached=reached,
        notes=notes.strip(),
        recorded_by_id=actor.id,
    )
    db.session.add(event)
    db.session.flush()
    record(
        "learning.recorded",
        f"{actor.name} recorded a {kind.label.lower()} for {review.reference}",
        actor=actor,
        obj=event,
        review_id=review.id,
        partnership_id=review.partnership_id,
        data={"kind": kind.value, "held_on": held_on.isoformat(), "reached": reached},
    )
    return event
