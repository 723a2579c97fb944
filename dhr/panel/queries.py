"""Loading the panel for pages and for the report (section 8: name, role, agency, independence)."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.extensions import db
from dhr.panel.checks import panel_of
from dhr.reviews.models import ReviewMember


def load_members(review) -> list[ReviewMember]:
    """Every member of the review with their user and agency, in two further queries whatever the count."""
    members = list(
        db.session.scalars(
            select(ReviewMember)
            .where(ReviewMember.review_id == review.id)
            .options(selectinload(ReviewMember.user), selectinload(ReviewMember.agency))
            .order_by(ReviewMember.id)
        )
    )
    # The review's collection now resolves to these same objects, users and agencies already loaded.
    _ = review.members
    return members


def panel(review) -> list[ReviewMember]:
    """The chair, author and panel members, chair first, with their declarations, users and agencies loaded."""
    load_members(review)
    return panel_of(review)
