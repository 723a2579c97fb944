"""Which reviews a user may see, and finding one. Lists with their clocks are in dhr/clocks/rows.py."""

from collections.abc import Iterable

from sqlalchemy import Select, false, select

from dhr.extensions import db
from dhr.permissions import (
    PARTNERSHIP_REVIEW_PERMISSIONS,
    REVIEW_ROLE_PERMISSIONS,
    ROLES_SEEING_EVERY_REVIEW,
    SYSTEM_ADMIN_REVIEW_PERMISSIONS,
    Permission,
)
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


def granted_reviews(user, permissions: Iterable[Permission], candidates: Select) -> Select:
    """The ids of the `candidates` (a select of reviews) on which the user holds any of `permissions`: what
    permissions.review_permissions_for gives, asked in SQL, so a list across reviews loads none to check them."""
    ids = candidates.with_only_columns(Review.id).order_by(None)
    wanted = set(permissions)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ids.where(false())
    if user.system_admin and wanted & SYSTEM_ADMIN_REVIEW_PERMISSIONS:
        return ids
    ids = ids.where(Review.partnership_id == user.partnership_id)
    if any(wanted & PARTNERSHIP_REVIEW_PERMISSIONS[role] for role in user.role_set):
        return ids
    roles = [role for role, granted in REVIEW_ROLE_PERMISSIONS.items() if wanted & granted]
    member = select(ReviewMember.review_id).where(ReviewMember.user_id == user.id, ReviewMember.role.in_(roles))
    return ids.where(Review.id.in_(member))


def review_years(query: Select) -> list[int]:
    """Years that visible reviews were notified in, newest first (for the filter)."""
    ids = query.with_only_columns(Review.id).scalar_subquery()
    return list(
        db.session.scalars(select(Review.year).where(Review.id.in_(ids)).distinct().order_by(Review.year.desc()))
    )
