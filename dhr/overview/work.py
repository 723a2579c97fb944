"""Your tasks: one dated list of what is the person's to do, across every review, most urgent first.

The same list for every role, gathered from the records each task lives in and checked by the rule of the page
it links to: a contributor's evidence to send, a chair's submissions to accept and comments to resolve, a
coordinator's stage tasks (stored, dated by the review's most urgent open clock) and completions to approve, an action
owner's updates. A task with a date sorts by it, overdue first; one without sorts by how long it has waited.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from dhr.actions.access import acts_for
from dhr.actions.models import Action, ActionStatusChange
from dhr.actions.stages import ActionStatus
from dhr.clocks.engine import next_clock
from dhr.clocks.stored import clocks_by_review, urgency
from dhr.core.keyset import count
from dhr.core.links import path_for
from dhr.drafting.models import SectionComment
from dhr.evidence.models import AgencyInvolvement
from dhr.evidence.services import requests_for_contributor
from dhr.evidence.stages import EDITABLE, EvidenceStatus
from dhr.extensions import db
from dhr.monitoring.queries import acted_for
from dhr.overview.models import ReviewTask
from dhr.overview.stored import settle as settle_tasks
from dhr.permissions import Permission, Role
from dhr.reviews.models import Review
from dhr.reviews.queries import granted_reviews, member_reviews
from dhr.reviews.stages import TERMINAL

SOON_DAYS = 30  # an action's update is asked for once its target is this close
NOT_TO_UPDATE = frozenset({ActionStatus.COMPLETED, ActionStatus.SUPERSEDED, ActionStatus.COMPLETION_REQUESTED})


@dataclass(frozen=True)
class WorkItem:
    """One thing to do: where, what, by when (and against what), or since when it has waited."""

    review: Any
    label: str
    href: str
    due: date | None = None
    due_what: str = ""
    waiting_since: date | None = None

    def urgency(self, today: date) -> tuple:
        """Overdue first, then soonest due, then the longest waiting."""
        if self.due is not None:
            return (0 if self.due < today else 1, self.due, date.max, self.review.reference, self.label)
        return (2, date.max, self.waiting_since or date.max, self.review.reference, self.label)

    def days(self, today: date) -> int | None:
        """Days left (negative when overdue), or None without a date."""
        return None if self.due is None else (self.due - today).days


def _day(value: datetime | date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _stage_tasks(user: Any, candidates: Select, today: date, limit: int | None) -> tuple[list[WorkItem], int]:
    """The stored open tasks of the candidate reviews the person runs, dated by each review's most urgent open clock:
    the `limit` most urgent, and how many in all. Read in SQL (dhr/overview/stored.py keeps them), so a partnership
    of 500 open reviews costs what one of 5 does."""
    settle_tasks(db.session)
    runs = granted_reviews(user, (Permission.CHANGE_STAGE, Permission.EDIT_REVIEW), candidates)
    order = urgency(today, runs)
    # The order of WorkItem.urgency: overdue, then the soonest due, then undated (then the review and the label).
    dated = case((order.c.next_day.is_(None), 2), (order.c.next_day < today.toordinal(), 0), else_=1)
    tasks = (
        select(ReviewTask, Review)
        .join(Review, Review.id == ReviewTask.review_id)
        .outerjoin(order, order.c.review_id == ReviewTask.review_id)
        .where(ReviewTask.review_id.in_(runs))
    )
    total = count(db.session, tasks.with_only_columns(ReviewTask.id))
    if limit is not None:  # asked even when all fit, so the page's queries do not depend on how many there are
        when = (dated, order.c.next_day)
        boundary = db.session.execute(tasks.with_only_columns(*when).order_by(*when).offset(limit - 1).limit(1)).first()
        if boundary is not None and boundary[0] < 2:
            # Every task due by the limit-th one's day, ties included: the list orders a day's tasks by review and
            # label itself, which the database's collation need not agree with.
            tasks = tasks.where(or_(dated < boundary[0], and_(dated == boundary[0], order.c.next_day <= boundary[1])))
    found = db.session.execute(tasks.order_by(dated, order.c.next_day, ReviewTask.id)).all()
    clocks = clocks_by_review(db.session, {review.id for _task, review in found}, today)
    items = []
    for task, review in found:
        clock = next_clock(clocks[review.id])
        due, what = (clock.due, clock.name) if clock is not None and clock.due is not None else (None, "")
        items.append(WorkItem(review, task.label, task.href, due, what))
    return items, total


def _evidence_to_send(user: Any) -> list[WorkItem]:
    return [
        WorkItem(
            i.review,
            f"Send {i.agency.name}'s evidence: {i.output.label.lower()}",
            path_for("evidence.view_request", review_id=i.review_id, involvement_id=i.id),
            i.due_on,
            "Due date",
        )
        for i in requests_for_contributor(user)
        if i.status in EDITABLE
    ]


def _evidence_to_accept(user: Any, candidates: Select) -> list[WorkItem]:
    mine = granted_reviews(user, (Permission.REVIEW_EVIDENCE,), candidates)
    rows = db.session.scalars(
        select(AgencyInvolvement)
        .where(AgencyInvolvement.review_id.in_(mine), AgencyInvolvement.status == EvidenceStatus.SUBMITTED)
        .options(
            selectinload(AgencyInvolvement.agency),
            selectinload(AgencyInvolvement.changes),
            selectinload(AgencyInvolvement.review),
        )
    )
    return [
        WorkItem(
            i.review,
            f"Accept or return {i.agency.name}'s evidence",
            path_for("evidence.view_request", review_id=i.review_id, involvement_id=i.id),
            waiting_since=_day(max((c.at for c in i.changes), default=None)),
        )
        for i in rows
    ]


def _comments_to_resolve(user: Any, candidates: Select) -> list[WorkItem]:
    mine = granted_reviews(user, (Permission.EDIT_DRAFT,), candidates)
    open_comments: dict[tuple[int, str, str], list[SectionComment]] = {}
    for comment in db.session.scalars(
        select(SectionComment).where(SectionComment.review_id.in_(mine), SectionComment.resolved_at.is_(None))
    ):
        open_comments.setdefault((comment.review_id, comment.document, comment.section_key), []).append(comment)
    ids = {review_id for review_id, _slug, _key in open_comments}
    reviews = {review.id: review for review in db.session.scalars(select(Review).where(Review.id.in_(ids)))}
    return [
        WorkItem(
            reviews[review_id],
            f"Resolve {len(comments)} comment{'s' if len(comments) != 1 else ''} on a section of the draft",
            path_for("drafting.view_section", review_id=review_id, slug=slug, key=key) + "#comments",
            waiting_since=_day(min(c.created_at for c in comments)),
        )
        for (review_id, slug, key), comments in open_comments.items()
    ]


def _completions_to_approve(user: Any, candidates: Select, limit: int | None) -> tuple[list[WorkItem], int]:
    """Completions waiting for approval on the person's reviews: the `limit` longest waiting, and how many in all."""
    mine = granted_reviews(user, (Permission.APPROVE_ACTIONS,), candidates)
    waiting = (
        select(func.max(ActionStatusChange.at))
        .where(ActionStatusChange.action_id == Action.id)
        .correlate(Action)
        .scalar_subquery()
    )
    asked = select(Action).where(Action.review_id.in_(mine), Action.status == ActionStatus.COMPLETION_REQUESTED)
    total = count(db.session, asked)
    if limit is not None:  # asked even when all fit, so the page's queries do not depend on how many there are
        nth = db.session.scalar(
            asked.with_only_columns(waiting).order_by(waiting.is_(None), waiting, Action.id).offset(limit - 1).limit(1)
        )
        if nth is not None:
            # Every one waiting since that day or before: the list orders a day's by review and label, not by time.
            asked = asked.where(waiting < datetime.combine(_day(nth) + timedelta(days=1), time.min, tzinfo=UTC))
    rows = db.session.execute(
        asked.add_columns(waiting).options(selectinload(Action.recommendation), selectinload(Action.review))
    )
    items = [
        WorkItem(
            a.review,
            f"Approve or return the completion of action {a.label}",
            path_for("actions.view_action", review_id=a.review_id, action_id=a.id),
            waiting_since=_day(since),
        )
        for a, since in rows
    ]
    return items, total


def _action_updates(user: Any, today: date, limit: int | None) -> tuple[list[WorkItem], int]:
    """Open actions the person acts for whose target is near or past: the `limit` soonest (and any sharing the last
    one's target date, so the order among them is the list's), and how many there are in all. Filtered and counted
    in SQL: an owner of thousands of actions costs what an owner of ten does."""
    due = (
        acted_for(user)
        .where(
            Action.status.not_in(list(NOT_TO_UPDATE)),
            Action.target_on.is_not(None),
            Action.target_on <= today + timedelta(days=SOON_DAYS),
        )
        .order_by(None)
    )
    total = count(db.session, due)
    if limit is not None:  # asked even when all fit, so the page's queries do not depend on how many there are
        last = db.session.scalar(
            due.with_only_columns(Action.target_on).order_by(Action.target_on).offset(limit - 1).limit(1)
        )
        if last is not None:
            due = due.where(Action.target_on <= last)
    rows = db.session.scalars(
        due.options(selectinload(Action.recommendation), selectinload(Action.review).selectinload(Review.members))
    )
    items = [
        WorkItem(
            a.review,
            f"Update action {a.label}, or report it done",
            path_for("actions.view_action", review_id=a.review_id, action_id=a.id),
            a.target_on,
            "Target date",
        )
        for a in rows
        if acts_for(user, a)
    ]
    return items, total


@dataclass(frozen=True)
class Work:
    """The most urgent of the person's tasks, and how many there are in all."""

    items: list[WorkItem]
    total: int


def runs_partnership(user: Any) -> bool:
    """True for the partnership's coordinators and administrators, whose work covers every review of it."""
    return bool(user.role_set & {Role.COORDINATOR, Role.ADMIN})


def work_reviews(user: Any) -> Select:
    """The open reviews whose work can be the person's: every one of the partnership for those who run it
    (coordinators and administrators), otherwise those they are on."""
    if runs_partnership(user):
        candidates = select(Review).where(Review.partnership_id == user.partnership_id)
    else:
        candidates = member_reviews(user)
    return candidates.where(Review.stage.not_in(list(TERMINAL)))


def work_for(user: Any, candidates: Select, today: date, limit: int | None = None) -> Work:
    """Everything that is the person's to do on the `candidates` (a select of open reviews): the `limit` most urgent,
    and the count of them all."""
    stage_tasks, stage_count = _stage_tasks(user, candidates, today, limit)
    updates, update_count = _action_updates(user, today, limit)
    completions, completion_count = _completions_to_approve(user, candidates, limit)
    items = _evidence_to_send(user) + _evidence_to_accept(user, candidates) + _comments_to_resolve(user, candidates)
    total = len(items) + stage_count + update_count + completion_count
    ordered = sorted(items + stage_tasks + updates + completions, key=lambda item: item.urgency(today))
    return Work(ordered[:limit] if limit is not None else ordered, total)
