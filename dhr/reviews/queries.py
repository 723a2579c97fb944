"""Which reviews a user may see, and finding one. Lists with their clocks are in dhr/clocks/rows.py."""

from sqlalchemy import Select, select

from dhr.extensions import db
from dhr.permissions import ROLES_SEEING_EVERY_REVIEW
from dhr.reviews.models import Person, PersonRole, Review, ReviewMember


def review_of_victim(partnership_id: int, pseudonym: str) -> Review | None:
    """The partnership's review whose victim goes by this pseudonym."""
    return db.session.scalar(
        select(Review)
        .join(Person, Person.review_id == Review.id)
        .where(Review.partnership_id == partnership_id, Person.role == PersonRole.VICTIM, Person.pseudonym == pseudonym)
    )


def visible_reviews(user) -> Select:
    """Reviews the user may know exist: all for a system admin, the partnership's for its coordinators and admins,
    otherwise only those they are a member of."""
    query = select(Review)
    if user.system_admin:
        return query
    if user.role_set & ROLES_SEEING_EVERY_REVIEW:
        return query.where(Review.partnership_id == user.partnership_id)
    member_of = select(ReviewMember.review_id).where(ReviewMember.user_id == user.id)
    return query.where(Review.partnership_id == user.partnership_id, Review.id.in_(member_of))


def member_reviews(user) -> Select:
    """Reviews the user is a member of."""
    member_of = select(ReviewMember.review_id).where(ReviewMember.user_id == user.id)
    return select(Review).where(Review.partnership_id == user.partnership_id, Review.id.in_(member_of))


def review_years(query: Select) -> list[int]:
    """Years that visible reviews were notified in, newest first (for the filter)."""
    ids = query.with_only_columns(Review.id).scalar_subquery()
    return list(
        db.session.scalars(select(Review.year).where(Review.id.in_(ids)).distinct().order_by(Review.year.desc()))
    )
