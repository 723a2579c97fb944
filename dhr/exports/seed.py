"""The demo's prepared file: the chair's combined chronology of the review with the most entries, built by the
export job itself, so its progress page, download and "ready" notification can be seen."""

from sqlalchemy import func, select

from dhr.auth.membership import members_of
from dhr.auth.models import User
from dhr.evidence.models import ChronologyEntry
from dhr.exports import services
from dhr.exports.models import ExportJob
from dhr.extensions import db
from dhr.permissions import Permission, can
from dhr.reviews.models import Review

CHAIR = "chair@swp.example"


def seed_exports(partnership) -> int:
    """Prepare one file for the demo chair (once); returns how many were prepared."""
    if db.session.scalar(select(ExportJob.id).where(ExportJob.partnership_id == partnership.id)) is not None:
        return 0
    chair = db.session.scalar(select(User).where(User.email == CHAIR, members_of(partnership.id)))
    if chair is None:
        return 0
    counts = db.session.execute(
        select(ChronologyEntry.review_id, func.count())
        .join(Review, Review.id == ChronologyEntry.review_id)
        .where(Review.partnership_id == partnership.id)
        .group_by(ChronologyEntry.review_id)
        .order_by(func.count().desc(), ChronologyEntry.review_id)
    ).all()
    review = next(
        (r for r in (db.session.get(Review, rid) for rid, _ in counts) if can(chair, Permission.VIEW_CHRONOLOGY, r)),
        None,
    )
    if review is None:
        return 0
    params = {"format": "xlsx", "real_names": False, "include_submitted": True, "args": {"include": "submitted"}}
    job = services.start(review, "chronology", params, actor=chair)
    db.session.flush()
    services.build(job.id)
    return 1
