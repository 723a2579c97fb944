"""Reading the family engagement log, for its own pages and for other modules (readiness checks, report drafting).

Every function takes a Review (or its id) and never writes.
"""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.extensions import db
from dhr.family.models import ConsentChange, FamilyComment, FamilyContact, FamilyEngagement
from dhr.family.stages import CommentStatus, NoEngagementReason


def _id(review) -> int:
    return review if isinstance(review, int) else review.id


def engagement_for(review) -> FamilyEngagement | None:
    """The review's engagement record, or None if nothing has been recorded yet."""
    return db.session.scalar(select(FamilyEngagement).where(FamilyEngagement.review_id == _id(review)))


def tribute_text(review) -> str:
    """The family's tribute in their own words, or "" if there is none."""
    engagement = engagement_for(review)
    return engagement.tribute_text if engagement else ""


def no_engagement_reason(review) -> str:
    """Why the family did not take part, as a sentence for the report; "" when they took part or nothing is recorded."""
    engagement = engagement_for(review)
    if engagement is None or engagement.no_engagement_reason is None:
        return ""
    reason = engagement.no_engagement_reason
    detail = engagement.no_engagement_detail
    if reason is NoEngagementReason.OTHER:
        return detail
    return f"{reason.label}: {detail}" if detail else reason.label


def contacts_for(review) -> list[FamilyContact]:
    """The review's contacts by name, with their attempts, consent history and linked person loaded."""
    return list(
        db.session.scalars(
            select(FamilyContact)
            .where(FamilyContact.review_id == _id(review))
            .options(
                selectinload(FamilyContact.attempts),
                selectinload(FamilyContact.consent_changes),
                selectinload(FamilyContact.person),
            )
            .order_by(FamilyContact.name, FamilyContact.id)
        )
    )


def contact_with_history(review, contact_id: int) -> FamilyContact | None:
    """One contact of the review with their attempts, consent history (and who recorded it) and linked person."""
    return db.session.scalar(
        select(FamilyContact)
        .where(FamilyContact.id == contact_id, FamilyContact.review_id == _id(review))
        .options(
            selectinload(FamilyContact.attempts),
            selectinload(FamilyContact.consent_changes).selectinload(ConsentChange.actor),
            selectinload(FamilyContact.person),
        )
    )


def contact_names(review) -> list[str]:
    """Every contact's real name, for the leak scan of anything that may be published."""
    return list(
        db.session.scalars(
            select(FamilyContact.name).where(FamilyContact.review_id == _id(review)).order_by(FamilyContact.id)
        )
    )


def comments_for(review, *, status: CommentStatus | None = None) -> list[FamilyComment]:
    """The draft comments in the order they arrived, with who sent each; optionally only those in one status."""
    query = (
        select(FamilyComment)
        .where(FamilyComment.review_id == _id(review))
        .options(selectinload(FamilyComment.contact))
        .order_by(FamilyComment.received_on, FamilyComment.id)
    )
    if status is not None:
        query = query.where(FamilyComment.status == status)
    return list(db.session.scalars(query))


def open_comments(review) -> list[FamilyComment]:
    """Comments on the draft still waiting for an answer."""
    return comments_for(review, status=CommentStatus.OPEN)
