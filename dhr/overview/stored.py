"""Every review's open stage tasks kept as data: worked out by the task list (dhr/overview/tasks.py) whenever a
record of the review is written, read by the dashboards with indexed SQL.

One mechanism keeps them current, whatever writes, as for the stored clocks: at each flush the session notes every
review a written record belongs to (the review itself, any record carrying its review, or a record whose parent
does: an action's status change, a QA letter's point), except the records that only observe a review (audit
events, notifications, stored clocks, alerts, export jobs). Before the transaction commits, those reviews' tasks
are worked out again in the same transaction. A reader first settles what is pending, so it reads its own writes.
The daily run works every partnership's tasks out again, which catches anything written around the session.
"""

import functools

from flask import current_app, has_request_context
from sqlalchemy import delete, insert, inspect, select
from sqlalchemy.orm import RelationshipDirection, Session

from dhr.audit.models import AuditEvent
from dhr.clocks.models import ClockAlert, ReviewClock
from dhr.clocks.rows import with_everything
from dhr.core.derived import keep_current, lock_rows
from dhr.exports.models import ExportJob
from dhr.extensions import db
from dhr.notifications.models import Notification
from dhr.overview.models import ReviewTask
from dhr.overview.tasks import tasks_for
from dhr.reviews.models import Review
from dhr.reviews.workflow import answering_for

PENDING_REVIEWS, PENDING_PARENTS = "dhr_tasks_reviews", "dhr_tasks_parents"
OBSERVERS = (AuditEvent, Notification, ExportJob, ClockAlert, ReviewClock, ReviewTask)


@functools.cache
def _parents() -> dict[type, tuple[str, type]]:
    """For each record without a review of its own, the attribute naming its parent that has one, and the parent."""
    found: dict[type, tuple[str, type]] = {}
    for mapper in db.Model.registry.mappers:
        if "review_id" in mapper.columns:
            continue
        for relation in mapper.relationships:
            if relation.direction is RelationshipDirection.MANYTOONE and "review_id" in relation.mapper.columns:
                (column,) = relation.local_columns
                found[mapper.class_] = (mapper.get_property_by_column(column).key, relation.mapper.class_)
                break
    return found


def _note_changes(session: Session, _context) -> None:
    reviews: set[int] = session.info.setdefault(PENDING_REVIEWS, set())
    parents: dict[type, set[int]] = session.info.setdefault(PENDING_PARENTS, {})
    changed = [*session.new, *session.deleted]
    changed += [obj for obj in session.dirty if session.is_modified(obj, include_collections=False)]
    for obj in changed:
        if isinstance(obj, OBSERVERS):
            continue
        if isinstance(obj, Review):
            if obj.id is not None:
                reviews.add(obj.id)
        elif "review_id" in inspect(type(obj)).columns:
            if obj.review_id is not None:
                reviews.add(obj.review_id)
        elif type(obj) in _parents():
            attribute, parent = _parents()[type(obj)]
            if (parent_id := getattr(obj, attribute)) is not None:
                parents.setdefault(parent, set()).add(parent_id)


def install(session_class=Session) -> None:
    """Keep stored tasks current for every session (the app's, the command line's and the jobs')."""
    keep_current(_note_changes, settle, (PENDING_REVIEWS, PENDING_PARENTS), session_class)


def settle(session: Session) -> int:
    """Work out again the tasks of every review this transaction touched; how many reviews that was."""
    session.flush()
    reviews = session.info.pop(PENDING_REVIEWS, set())
    for parent, ids in session.info.pop(PENDING_PARENTS, {}).items():
        reviews |= set(session.scalars(select(parent.review_id).where(parent.id.in_(ids))))
    return rebuild(session, sorted(reviews)) if reviews else 0


def _rows(review: Review) -> list[dict]:
    return [
        {
            "review_id": review.id,
            "partnership_id": review.partnership_id,
            "position": position,
            "label": task.label,
            "href": task.href,
        }
        for position, task in enumerate(tasks_for(review))
        if not task.done
    ]


def rebuild(session: Session, review_ids: list[int], batch: int = 500) -> int:
    """Work out the open tasks of these reviews (missing ones: their rows go) and store them, replacing the old."""
    if not has_request_context():
        # The task list writes links; outside a request, one request context serves the whole rebuild.
        with current_app.test_request_context():
            return rebuild(session, review_ids, batch)
    done = 0
    for start in range(0, len(review_ids), batch):
        ids = review_ids[start : start + batch]
        lock_rows(session, Review.id, ids)
        reviews = session.scalars(
            with_everything(select(Review).where(Review.id.in_(ids))).execution_options(populate_existing=True)
        ).all()
        rows = []
        with answering_for(list(reviews)):
            for review in reviews:
                rows += _rows(review)
        session.execute(delete(ReviewTask).where(ReviewTask.review_id.in_(ids)))
        if rows:
            session.execute(insert(ReviewTask), rows)
        done += len(reviews)
    return done


def rebuild_partnership(session: Session, partnership_id: int) -> int:
    """Every review of one partnership (the daily run's catch-all)."""
    ids = list(session.scalars(select(Review.id).where(Review.partnership_id == partnership_id).order_by(Review.id)))
    return rebuild(session, ids)
