"""Who may find what: each kind of row needs what its page needs, asked in SQL so a search loads nothing to check.

- a review, its people's pseudonyms: seeing the review;
- real names, aliases and the restricted notes (circumstances, the decision's rationale): the identity permission;
- a chronology entry: the evidence reviewers every agency's; the combined chronology's readers an accepted agency's;
  an agency's contributors their own agency's, as on the request page;
- an agency on the review: the evidence pages' readers, or that agency's contributors;
- draft sections, recommendations, correspondence and meetings: the permission of their page;
- an action: the action plan's readers, its named owner, or its lead agency's contributors.
"""

from sqlalchemy import ColumnElement, and_, exists, false, or_, select, tuple_

from dhr.evidence.models import AgencyInvolvement
from dhr.evidence.stages import EvidenceStatus
from dhr.permissions import Permission, ReviewRole
from dhr.reviews.models import Review, ReviewMember
from dhr.reviews.queries import granted_reviews, visible_reviews
from dhr.search.models import SearchDocument as D

P = Permission
BY_PERMISSION = {
    "review": (P.VIEW_REVIEW,),
    "person": (P.VIEW_REVIEW,),
    "identity": (P.VIEW_IDENTITIES,),
    "restricted": (P.VIEW_IDENTITIES,),
    "draft": (P.VIEW_DRAFT,),
    "recommendation": (P.VIEW_ACTIONS,),
    "correspondence": (P.VIEW_CORRESPONDENCE,),
    "meeting": (P.VIEW_MEETINGS,),
}
# Matching these shows that the reader searched by a real name or restricted text: the search is audited.
IDENTITY_KINDS = frozenset({"identity", "restricted"})


def visible_to(user) -> ColumnElement[bool]:
    """The condition on search_documents of the rows this user may find."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return false()
    reviews = visible_reviews(user)

    def granted(*permissions: P) -> ColumnElement[bool]:
        return D.review_id.in_(granted_reviews(user, permissions, reviews))

    contributes = _own_agency(user)
    accepted = exists().where(
        AgencyInvolvement.review_id == D.review_id,
        AgencyInvolvement.agency_id == D.agency_id,
        AgencyInvolvement.status == EvidenceStatus.ACCEPTED,
    )
    evidence_readers = granted(P.REVIEW_EVIDENCE, P.MANAGE_EVIDENCE)
    rules = [and_(D.kind == kind, granted(*permissions)) for kind, permissions in BY_PERMISSION.items()]
    rules += [
        and_(D.kind == "chronology", or_(evidence_readers, and_(granted(P.VIEW_CHRONOLOGY), accepted), contributes)),
        # An agency's part in a review shows where its evidence shows: the combined chronology once accepted.
        and_(D.kind == "agency", or_(evidence_readers, and_(granted(P.VIEW_CHRONOLOGY), accepted), contributes)),
        and_(
            D.kind == "action",
            or_(granted(P.VIEW_ACTIONS), and_(granted(P.VIEW_REVIEW), or_(D.owner_id == user.id, contributes))),
        ),
    ]
    # Said once more on its own, so the database can narrow the rows by the review index before each rule.
    return and_(D.review_id.in_(visible_review_ids(user)), or_(*rules))


def _own_agency(user) -> ColumnElement[bool]:
    """Rows of an agency the user is a contributor for, on that review."""
    return tuple_(D.review_id, D.agency_id).in_(
        select(ReviewMember.review_id, ReviewMember.agency_id).where(
            ReviewMember.user_id == user.id, ReviewMember.role == ReviewRole.AGENCY_CONTRIBUTOR
        )
    )


def visible_review_ids(user):
    """The ids of the reviews the user may see, as a subquery."""
    return visible_reviews(user).with_only_columns(Review.id).order_by(None)


def opens_the_request(user) -> ColumnElement[bool]:
    """Whether a chronology or agency row's link may go to the agency's request page (the evidence reviewers and that
    agency's contributors) rather than to the combined chronology."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return false()
    reviews = visible_reviews(user)
    readers = D.review_id.in_(granted_reviews(user, (P.REVIEW_EVIDENCE, P.MANAGE_EVIDENCE), reviews))
    contributes = _own_agency(user)
    return or_(readers, contributes)


def may_see_identities(user) -> bool:
    """Whether the user holds the identity permission on any review: only they can match a real name."""
    from dhr.extensions import db

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    granted = granted_reviews(user, (P.VIEW_IDENTITIES,), visible_reviews(user))
    return db.session.scalar(select(exists(granted))) or False
